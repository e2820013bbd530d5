/**
 * Every lab the grader knows, by id. A lab is a folder, `checks/labs/<lab>/`, registered by one
 * import and one entry here, its manifest's in `manifests.ts` (what the service reads without
 * loading checks) and its `import()` in `load.ts` (how the service's handlers load only the lab
 * they grade); the CLI, the dashboard, least privilege, the bench and the tests find it through
 * LABS, and a test names any other file it still needs (docs/adding-a-lab.md, "What finds the lab
 * by itself"). Importing this module loads every lab: the service's handlers do not.
 */
import type { LabDefinition } from '../model.js';
import { albLab } from './alb/index.js';
import { cleanupLab } from './cleanup/index.js';
import { computeLab } from './compute/index.js';
import { dbLab } from './db/index.js';
import { iacLab } from './iac/index.js';
import { iamLab } from './iam/index.js';
import { monLab } from './mon/index.js';
import { s3Lab } from './s3/index.js';
import { vpcLab } from './vpc/index.js';

export const LABS: readonly LabDefinition[] = [
  vpcLab,
  albLab,
  dbLab,
  iamLab,
  s3Lab,
  computeLab,
  monLab,
  cleanupLab,
  iacLab,
];

export function findLab(id: string): LabDefinition | undefined {
  return LABS.find((lab) => lab.id === id);
}
