import type { Context } from 'aws-lambda';

/**
 * A Lambda's handler, built from its environment by its first invocation and kept for the warm
 * container (so importing the module, as the tests do, reads no environment); a build that throws
 * is tried again by the next invocation.
 */
export function builtOnFirstCall<E, R>(
  build: () => (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  let built: ((event: E, context: Context) => Promise<R>) | undefined;
  return (event, context) => {
    built ??= build();
    return built(event, context);
  };
}
