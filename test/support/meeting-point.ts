/**
 * A meeting point for concurrent calls in a test: the first `parties` callers each wait until all
 * of them have arrived, as if they had read at one moment; later callers pass straight through.
 */
export function meetingPoint(parties: number): () => Promise<void> {
  const waiting: (() => void)[] = [];
  let expected = parties;
  return async () => {
    if (expected <= 0) return;
    expected -= 1;
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (expected === 0) for (const go of waiting) go();
    });
  };
}
