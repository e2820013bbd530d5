/**
 * Every lab's manifest (`checks/labs/<lab>/manifest.ts`), in the order of `LABS`: what the
 * service's scheduling and event paths need of a lab (its id, parameters and sources) without
 * loading any check. `test/labs/contract.test.ts` fails, naming the lab, when this list and `LABS`
 * disagree or a lab does not spread its manifest.
 */
import type { LabManifest } from '../model.js';
import { albManifest } from './alb/manifest.js';
import { cleanupManifest } from './cleanup/manifest.js';
import { computeManifest } from './compute/manifest.js';
import { dbManifest } from './db/manifest.js';
import { iacManifest } from './iac/manifest.js';
import { iamManifest } from './iam/manifest.js';
import { monManifest } from './mon/manifest.js';
import { s3Manifest } from './s3/manifest.js';
import { vpcManifest } from './vpc/manifest.js';

export const LAB_MANIFESTS: readonly LabManifest[] = [
  vpcManifest,
  albManifest,
  dbManifest,
  iamManifest,
  s3Manifest,
  computeManifest,
  monManifest,
  cleanupManifest,
  iacManifest,
];

export function findManifest(id: string): LabManifest | undefined {
  return LAB_MANIFESTS.find((lab) => lab.id === id);
}
