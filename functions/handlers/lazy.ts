/**
 * Lazy dependencies of a handler: a module and the client it needs are imported on the first
 * request that uses them (a chunk of the bundle, infra/bundling.ts) and kept for the warm
 * container, so a request pays only for what its path uses.
 */

/** Builds the value on first call and keeps it; a failed build is tried again on the next call. */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= build().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
