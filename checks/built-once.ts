/**
 * A value built by its first use and kept. For the zod schemas only some requests need (a lab's
 * parameters, the live-event envelope): a module that holds one this way builds none when it is
 * imported, so a Lambda handler whose import pulls the module in for something else does not pay
 * for them (docs/benchmarks.md, figure 6). Building a zod schema has no side effect, so when it
 * happens changes nothing a caller sees.
 */
export function builtOnce<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
