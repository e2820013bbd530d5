/** Every lab the grader knows, by id. Adding a lab is one import and one entry here. */
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
