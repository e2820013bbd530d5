/**
 * A store (any object) whose caller's read-then-write has another caller's write run exactly in
 * its gap: `meanwhile` runs once, after the first call of one of `after` has its answer and before
 * that answer is returned, or before the first call of one of `before` (a caller that reads none).
 */
export function withCallInGap<T extends object>(
  target: T,
  gap: { after: readonly (keyof T)[]; before?: readonly (keyof T)[] },
  meanwhile: () => Promise<unknown>,
): T {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    await meanwhile();
  };
  return new Proxy(target, {
    get(object, name, receiver) {
      const real = Reflect.get(object, name, receiver);
      const after = gap.after.includes(name as keyof T);
      const before = gap.before?.includes(name as keyof T) === true;
      if (!after && !before) return real;
      return async (...args: unknown[]) => {
        if (before) await once();
        const answer = await (real as (...a: unknown[]) => Promise<unknown>).apply(object, args);
        if (after) await once();
        return answer;
      };
    },
  });
}
