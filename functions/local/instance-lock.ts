/**
 * One local service per data folder: two on the same DynamoDB Local files would corrupt each
 * other's data. The owner's process id, port and Java's process id are kept in
 * `<dataDir>/service.lock`; a second start refuses while the owner lives, and takes over (after
 * stopping a DynamoDB Local the dead owner left behind) when it does not.
 */
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK_FILE = 'service.lock';

export interface InstanceRecord {
  /** The process that owns the service (the one `npm start` runs). */
  pid: number;
  /** The port asked for until the server listens, then the port it listens on. */
  port: number;
  url?: string;
  /** DynamoDB Local's Java, once started. */
  dynamodbPid?: number;
  /** What holds the folder when it is not the service (`labgrader regrade`). */
  command?: string;
  startedAt: string;
}

/** Another live local service owns the data folder. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: InstanceRecord,
  ) {
    super(
      owner.command
        ? `the data folder ${dataDir} is in use by '${owner.command}' (PID ${owner.pid}): wait until it finishes or use another --data-dir`
        : `the data folder ${dataDir} is in use by the local service with PID ${owner.pid} on port ${owner.port}: stop it (kill ${owner.pid}) or use another --data-dir`,
    );
    this.name = 'DataDirInUseError';
  }
}

export interface InstanceLock {
  file: string;
  /** Records more about this instance (its port once listening, Java's pid). */
  update(change: Partial<InstanceRecord>): Promise<void>;
  /** Removes the lock if it is still this process's. Synchronous: safe in an `exit` handler. */
  release(): void;
}

/** True when a process with this id exists (EPERM: it exists, owned by someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stops a DynamoDB Local a dead owner left behind, if that pid is still DynamoDB Local on our files. */
function stopOrphanedDynamoDb(pid: number | undefined, dataDir: string): void {
  if (!pid || !isAlive(pid)) return;
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return; // no /proc (macOS): leave it rather than kill a stranger
  }
  if (command.includes('DynamoDBLocal') && command.includes(dataDir)) process.kill(pid, 'SIGKILL');
}

async function readRecord(file: string): Promise<InstanceRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(file, 'utf8')) as InstanceRecord;
    return Number.isInteger(record.pid) ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the data folder for this process, or throws {@link DataDirInUseError} naming its owner;
 * `command` names a holder that is not the service (it has no port).
 * The lock is created atomically (a hard link of a complete file), so two starts racing cannot
 * both win.
 */
export async function acquireInstanceLock(dataDir: string, port: number, command?: string): Promise<InstanceLock> {
  const file = join(dataDir, LOCK_FILE);
  let record: InstanceRecord = {
    pid: process.pid,
    port,
    ...(command ? { command } : {}),
    startedAt: new Date().toISOString(),
  };
  const temp = `${file}.${process.pid}`;
  const write = async () => {
    await writeFile(temp, `${JSON.stringify(record)}\n`);
    await rename(temp, file);
  };
  for (let attempt = 0; ; attempt++) {
    await writeFile(temp, `${JSON.stringify(record)}\n`);
    try {
      await link(temp, file);
      await unlink(temp);
      break;
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
    }
    const owner = await readRecord(file);
    if (owner && owner.pid !== process.pid && isAlive(owner.pid)) throw new DataDirInUseError(dataDir, owner);
    // The owner is gone (killed without a chance to clean up): take over.
    stopOrphanedDynamoDb(owner?.dynamodbPid, dataDir);
    await unlink(file).catch(() => undefined);
  }
  return {
    file,
    async update(change) {
      record = { ...record, ...change };
      await write();
    },
    release() {
      try {
        const current = JSON.parse(readFileSync(file, 'utf8')) as InstanceRecord;
        if (current.pid === process.pid) unlinkSync(file);
      } catch {
        // Already gone.
      }
    },
  };
}
