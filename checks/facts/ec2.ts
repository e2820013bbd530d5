/**
 * EC2 facts that labs and collectors share: an instance's state, public address and security
 * groups, and how a security group is named in messages.
 */
import type { Instance, SecurityGroup } from '@aws-sdk/client-ec2';

/** Security group ids attached to an instance (its own list and its network interfaces'). */
export function instanceGroupIds(instance: Instance): string[] {
  // An array, not a Set: an instance has a handful of groups, listed again on each interface.
  // Index loops: this runs for every instance of every candidate VPC of a large account.
  const ids: string[] = [];
  const own = instance.SecurityGroups;
  if (own) for (let i = 0; i < own.length; i += 1) addGroup(ids, own[i]?.GroupId);
  const enis = instance.NetworkInterfaces;
  if (enis) {
    for (let e = 0; e < enis.length; e += 1) {
      const groups = enis[e]?.Groups;
      if (groups) for (let i = 0; i < groups.length; i += 1) addGroup(ids, groups[i]?.GroupId);
    }
  }
  return ids;
}

function addGroup(ids: string[], id: string | undefined): void {
  if (id && !ids.includes(id)) ids.push(id);
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
