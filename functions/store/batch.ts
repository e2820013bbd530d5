/** Batch writes and reads that DynamoDB may leave partly unprocessed, and bounded parallel work. */

/**
 * Sends a batch request, then what DynamoDB left unprocessed, again and again with a growing pause
 * (50 ms doubling, at most 1 s); after nine rounds, an error `<n> <failure>`.
 */
export async function untilProcessed(
  first: Record<string, unknown>[],
  failure: string,
  send: (pending: Record<string, unknown>[]) => Promise<Record<string, unknown>[] | undefined>,
): Promise<void> {
  let pending: Record<string, unknown>[] | undefined = first;
  for (let round = 0; pending?.length; round += 1) {
    if (round > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** round)));
    if (round > 8) throw new Error(`${pending.length} ${failure}`);
    pending = await send(pending);
  }
}

/** Runs `work` over `items`, `width` at a time. */
export async function inParallel<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
