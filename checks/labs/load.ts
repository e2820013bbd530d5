/**
 * One lab's definition (its checks), imported on first use: the service's handlers grade one lab
 * per request, so each lab is its own chunk of the bundle (infra/bundling.ts) and a request loads
 * only the lab it grades; the warm container keeps it. Ids, titles, sources and parameters are in
 * the manifests (`manifests.ts`), which load no check. The CLI, the scripts and the tests may use
 * the synchronous `LABS` of `index.ts`, which loads every lab.
 */
import type { LabDefinition } from '../model.js';
import { LAB_MANIFESTS } from './manifests.js';

/** A static import() per lab, so the bundler splits one chunk per lab. */
const LOADERS: Readonly<Record<string, () => Promise<LabDefinition>>> = {
  vpc: async () => (await import('./vpc/index.js')).vpcLab,
  alb: async () => (await import('./alb/index.js')).albLab,
  db: async () => (await import('./db/index.js')).dbLab,
  iam: async () => (await import('./iam/index.js')).iamLab,
  s3: async () => (await import('./s3/index.js')).s3Lab,
  compute: async () => (await import('./compute/index.js')).computeLab,
  mon: async () => (await import('./mon/index.js')).monLab,
  cleanup: async () => (await import('./cleanup/index.js')).cleanupLab,
  iac: async () => (await import('./iac/index.js')).iacLab,
};

const loaded = new Map<string, Promise<LabDefinition>>();
/** The labs whose import has finished, for the synchronous {@link loadedLab}. */
const ready = new Map<string, LabDefinition>();

/** The lab with this id, imported on first use and kept; undefined when no lab has it. */
export async function loadLab(id: string): Promise<LabDefinition | undefined> {
  if (!Object.hasOwn(LOADERS, id)) return undefined;
  let lab = loaded.get(id);
  if (!lab) {
    // A failed import is tried again by the next request (a module that could not be loaded; one whose
    // evaluation threw stays failed in Node's module cache, and the next request gets the same error).
    lab = (LOADERS[id] as () => Promise<LabDefinition>)().then(
      (definition) => {
        ready.set(id, definition);
        return definition;
      },
      (err: unknown) => {
        loaded.delete(id);
        throw err;
      },
    );
    loaded.set(id, lab);
  }
  return lab;
}

/**
 * The lab with this id if {@link loadLab} has finished importing it, else undefined: for
 * synchronous code (a schema's refinement) that runs after the labs it needs were loaded.
 */
export function loadedLab(id: string): LabDefinition | undefined {
  return Object.hasOwn(LOADERS, id) ? ready.get(id) : undefined;
}

/** The ids `loadLab` knows (test/labs/load.test.ts compares them with `LABS`). */
export const LOADABLE_LAB_IDS: readonly string[] = Object.keys(LOADERS);

/** Every lab, in the order of `LABS` (the manifests'), for the one route that lists all checks. */
export async function loadAllLabs(): Promise<LabDefinition[]> {
  const labs = await Promise.all(LAB_MANIFESTS.map((m) => loadLab(m.id)));
  return labs.filter((lab): lab is LabDefinition => lab !== undefined);
}
