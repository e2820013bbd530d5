/**
 * EC2 facts that labs and collectors share: an instance's state, public address and security
 * groups, and how a security group is named in messages.
 */
import type { Instance, SecurityGroup } from '@aws-sdk/client-ec2';

/** Security group ids attached to an instance (its own list and its network interfaces'). */
export function instanceGroupIds(instance: Instance): string[] {
  // An array, not a Set: an instance has a handful of groups, listed again on each interface.
  const ids: string[] = [];
  for (const g of instance.SecurityGroups ?? []) if (g.GroupId && !ids.includes(g.GroupId)) ids.push(g.GroupId);
  for (const eni of instance.NetworkInterfaces ?? [])
    for (const g of eni.Groups ?? []) if (g.GroupId && !ids.includes(g.GroupId)) ids.push(g.GroupId);
  return ids;
}

export function isRunning(instance: Instance): boolean {
  return instance.State?.Name === 'running';
}

/** A public IPv4 address on the instance (its own, or an Elastic IP on its primary interface). */
export function publicIpOf(instance: Instance): string | undefined {
  if (instance.PublicIpAddress) return instance.PublicIpAddress;
  for (const eni of instance.NetworkInterfaces ?? []) {
    if (eni.Association?.PublicIp) return eni.Association.PublicIp;
  }
  return undefined;
}

/** `sg-0ab (web-sg)`: a security group's id with its group name, for messages. */
export function sgLabel(sg: SecurityGroup | undefined, id: string): string {
  return sg?.GroupName ? `${id} (${sg.GroupName})` : id;
}
