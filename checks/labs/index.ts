/** Every lab the grader knows, by id. Adding a lab is one import and one entry here. */
import type { LabDefinition } from '../model.js';
import { dbLab } from './db.js';
import { vpcLab } from './vpc.js';

export const LABS: readonly LabDefinition[] = [vpcLab, dbLab];

export function findLab(id: string): LabDefinition | undefined {
  return LABS.find((lab) => lab.id === id);
}
