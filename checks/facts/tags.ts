/** Tags: what a resource is called, for people and for the labs that judge intent. */
import type { Tag } from '@aws-sdk/client-ec2';

/** Value of the Name tag, if any. */
export function nameOf(tags: readonly Tag[] | undefined): string | undefined {
  const value = tags?.find((t) => t.Key === 'Name')?.Value;
  return value === undefined || value === '' ? undefined : value;
}

/** `subnet-0ab (private-a)`: an id with its Name, for messages. */
export function label(id: string | undefined, tags?: readonly Tag[]): string {
  const name = nameOf(tags);
  return name ? `${id} (${name})` : `${id}`;
}
