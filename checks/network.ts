/**
 * The shared network logic, one module per topic: routing (`network/routing.ts`: what a subnet
 * is, by its effective route table), security groups (`network/security-groups.ts`: what a group
 * admits) and CIDR arithmetic (`network/cidr.ts`). Resource facts such as Name tags and an
 * instance's state live in `facts/`. Everything is re-exported here, for one import.
 */
export { instanceGroupIds, isRunning, publicIpOf, sgLabel } from './facts/ec2.js';
export { label, nameOf } from './facts/tags.js';
export * from './network/cidr.js';
export * from './network/routing.js';
export * from './network/security-groups.js';
