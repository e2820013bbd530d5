/**
 * Where each attempt's full inventory is kept, so any grade can be replayed offline and a dispute
 * settled after the student's environment is gone: S3 in AWS (the bucket's lifecycle rule expires
 * objects under `courses/<courseId>/` after the course), a local folder in the local service.
 */

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Inventory } from '../../checks/inventory.js';
import { parseInventory } from '../inventory/io.js';

export interface InventoryStore {
  /** Stores the inventory under `key` and returns the reference to keep in the attempt. */
  put(key: string, inventory: Inventory): Promise<string>;
  /** Reads back an inventory stored by {@link put}, validated like an inventory file. */
  get(ref: string): Promise<Inventory>;
}

/** The key of an attempt's inventory: grouped by course so it can expire with the course. */
export function inventoryKey(a: { courseId: string; studentId: string; lab: string; attemptId: string }): string {
  return `courses/${a.courseId}/students/${a.studentId}/${a.lab}/${a.attemptId}.json.gz`;
}

/** The reference is not one this store wrote. */
export class InventoryRefError extends Error {
  constructor(ref: string) {
    super(`not a stored inventory reference: ${ref}`);
    this.name = 'InventoryRefError';
  }
}

function encode(inventory: Inventory): Buffer {
  return gzipSync(JSON.stringify(inventory));
}

function decode(body: Uint8Array, ref: string): Inventory {
  return parseInventory(JSON.parse(gunzipSync(body).toString('utf8')), ref);
}

export class S3InventoryStore implements InventoryStore {
  constructor(
    readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  async put(key: string, inventory: Inventory): Promise<string> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: encode(inventory),
        ContentType: 'application/json',
        ContentEncoding: 'gzip',
      }),
    );
    return `s3://${this.bucket}/${key}`;
  }

  async get(ref: string): Promise<Inventory> {
    const prefix = `s3://${this.bucket}/`;
    if (!ref.startsWith(prefix)) throw new InventoryRefError(ref);
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: ref.slice(prefix.length) }));
    const bytes = await out.Body?.transformToByteArray();
    if (!bytes) throw new InventoryRefError(ref);
    return decode(bytes, ref);
  }
}

export class LocalInventoryStore implements InventoryStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, inventory: Inventory): Promise<string> {
    const file = this.fileOf(key);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, encode(inventory));
    return `file:${key}`;
  }

  async get(ref: string): Promise<Inventory> {
    if (!ref.startsWith('file:')) throw new InventoryRefError(ref);
    return decode(await readFile(this.fileOf(ref.slice('file:'.length))), ref);
  }

  /** Keys never escape the root folder. */
  private fileOf(key: string): string {
    const file = resolve(join(this.root, key));
    if (!file.startsWith(this.root + sep)) throw new InventoryRefError(key);
    return file;
  }
}
