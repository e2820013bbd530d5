/** The service's lazy lab loader (checks/labs/load.ts) finds the same labs as the CLI's `LABS`. */
import { describe, expect, it } from 'vitest';
import { LABS } from '../../checks/labs/index.js';
import { LOADABLE_LAB_IDS, loadAllLabs, loadLab } from '../../checks/labs/load.js';

describe('loadLab', () => {
  it('knows every lab of LABS, and no other', () => {
    expect([...LOADABLE_LAB_IDS].sort()).toEqual(LABS.map((lab) => lab.id).sort());
  });

  it.each(LABS.map((lab) => [lab.id, lab] as const))(
    'loads lab %s as the very definition LABS holds',
    async (id, lab) => {
      expect(await loadLab(id)).toBe(lab);
      expect(await loadLab(id)).toBe(lab);
    },
  );

  it('loads nothing for an unknown lab id, also one named like an object property', async () => {
    expect(await loadLab('nope')).toBeUndefined();
    expect(await loadLab('constructor')).toBeUndefined();
    expect(await loadLab('__proto__')).toBeUndefined();
  });

  it('loads every lab in the order of LABS', async () => {
    expect(await loadAllLabs()).toEqual([...LABS]);
  });
});
