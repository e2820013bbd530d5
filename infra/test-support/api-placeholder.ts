/**
 * Stands in for functions/handlers/api.ts in synth tests until that handler exists, so the stack
 * can be bundled and asserted. Never deployed: infra/entries.ts names the real handler.
 */
export const handler = async (): Promise<{ statusCode: number; body: string }> => ({
  statusCode: 503,
  body: JSON.stringify({ message: 'the API handler is not built yet' }),
});
