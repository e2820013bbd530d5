/**
 * The guard that keeps a lab's `sources` honest. A check that reads a source its lab does not
 * list passes every test on a full inventory and then answers `NotCollected` errors in
 * production, where the collectors read only the listed sources. In tests and development the
 * engine hands checks an inventory whose unlisted sources (other than the {@link COMMON_SOURCES}
 * every grade reads) cannot be read: such a read throws
 * {@link UndeclaredSourceError}, which the engine lets through instead of reporting `error`.
 */
import { COMMON_SOURCES, type Inventory, type SourceKey } from './inventory.js';

/** A lab read a source it does not list in `sources`: a bug in the lab, never in the account. */
export class UndeclaredSourceError extends Error {
  constructor(
    readonly lab: string,
    readonly source: string,
  ) {
    super(
      `lab ${lab} reads source ${source}, which is not in its sources: add it to sources in checks/labs/${lab}/manifest.ts`,
    );
    this.name = 'UndeclaredSourceError';
  }
}

/**
 * On under vitest (NODE_ENV=test) and in development (NODE_ENV=development, `npm start`); off in
 * production, where the CLI and the Lambda functions grade. Tests may switch it with
 * {@link setSourceGuard}.
 */
let enabled = ['test', 'development'].includes(globalThis.process?.env?.NODE_ENV ?? '');

/** Turns the guard on or off (returns the previous setting). */
export function setSourceGuard(on: boolean): boolean {
  const before = enabled;
  enabled = on;
  return before;
}

export function sourceGuardEnabled(): boolean {
  return enabled;
}

/** Source keys are `service.name`; other property reads (inspection, symbols) pass through. */
function isSourceKey(key: string | symbol): key is string {
  return typeof key === 'string' && key.includes('.');
}

/**
 * The inventory the lab's code may see: the same object when the guard is off; a view whose
 * unlisted sources throw {@link UndeclaredSourceError} when it is on.
 */
export function guardedInventory(
  inventory: Inventory,
  lab: { id: string; sources: readonly SourceKey[]; regional?: { sources: readonly SourceKey[] } },
): Inventory {
  if (!enabled) return inventory;
  const guard = <T extends object>(sources: T, allowed: Set<string>, where = ''): T =>
    new Proxy(sources, {
      get(target, key, receiver) {
        if (isSourceKey(key) && !allowed.has(key)) throw new UndeclaredSourceError(lab.id, `${key}${where}`);
        return Reflect.get(target, key, receiver);
      },
    });
  const guarded: Inventory = {
    ...inventory,
    sources: guard(inventory.sources, new Set<string>([...COMMON_SOURCES, ...lab.sources])),
  };
  if (inventory.regions) {
    // Other regions hold only what the lab's `regional` declaration reads there.
    const regional = new Set<string>(lab.regional?.sources ?? []);
    guarded.regions = Object.fromEntries(
      Object.entries(inventory.regions).map(([region, r]) => [
        region,
        { sources: guard(r.sources, regional, ` in ${region} (not in its regional sources)`) },
      ]),
    );
  }
  return guarded;
}
