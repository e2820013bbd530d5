/**
 * Once per test run. Services the tests need (DynamoDB Local) are started here, not per test.
 */
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
