/**
 * What live regrade keeps in the grades table (layout in docs/data-model.md):
 * - the account index, one item per registration (`ACCOUNT#<account>` / `REG#<course>#<student>`,
 *   all listed under GSI1 `ACCOUNTS`): which students an event's account belongs to, and the
 *   accounts the grader's event bus admits;
 * - the debounce windows, one item per (course, student, lab) (`DEBOUNCE#<course>#<student>` /
 *   `LAB#<lab>`), opened by a conditional write and expiring by TTL;
 * - the live signals on the roster entry and the last change on the standing;
 * - per-course counters (`COURSE#<course>` / `#LIVE`): events, grades triggered, grades saved.
 */
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './grade-keys.js';
import type { GradeStore } from './grade-store.js';
import { conditionalWrite, indexPartition, partition, TableItems } from './items.js';
import { KEY } from './tables.js';

/**
 * After a call that may stop the forwarding, events are not taken as proof that it works for this
 * long (the stack update that removes the rule still sends a few).
 */
export const FORWARDING_END_QUIET_MS = 15 * 60_000;

export interface Registration {
  accountId: string;
  courseId: string;
  studentId: string;
}

export interface DebounceWindow {
  courseId: string;
  studentId: string;
  lab: string;
  /** ISO 8601: the first event's arrival; names the window's grade job. */
  openedAt: string;
  /** Epoch ms when the window closes and its grade may run. */
  dueAt: number;
  events: number;
  /** Whether its grade job has been handed to the queue. */
  queued: boolean;
}

/** Per-course counters of live regrade (what the instructor sees). */
export interface LiveStats {
  eventsReceived: number;
  eventsCoalesced: number;
  gradesTriggered: number;
  /** Schedule grades left out because the account had not changed since its last grade. */
  gradesSkippedUnchanged: number;
}

const accountKey = (r: Registration) => ({
  [KEY.pk]: `ACCOUNT#${r.accountId}`,
  [KEY.sk]: `REG#${r.courseId}#${r.studentId}`,
  [KEY.gsi1pk]: 'ACCOUNTS',
  [KEY.gsi1sk]: `ACCOUNT#${r.accountId}#${r.courseId}#${r.studentId}`,
});
const toRegistration = (i: Record<string, unknown>): Registration => ({
  accountId: String(i.accountId),
  courseId: String(i.courseId),
  studentId: String(i.studentId),
});
const windowKey = (courseId: string, studentId: string, lab: string) => ({
  [KEY.pk]: `DEBOUNCE#${courseId}#${studentId}`,
  [KEY.sk]: `LAB#${lab}`,
});
const statsKey = (courseId: string) => ({ [KEY.pk]: `COURSE#${courseId}`, [KEY.sk]: '#LIVE' });
const pk = (k: Record<string, string>) => ({ [KEY.pk]: k[KEY.pk], [KEY.sk]: k[KEY.sk] });

export class LiveStore {
  private readonly items: TableItems;

  constructor(readonly store: GradeStore) {
    this.items = new TableItems(store.doc, store.table);
  }

  private get doc() {
    return this.store.doc;
  }
  private get table() {
    return this.store.table;
  }

  // Account index

  async putRegistration(r: Registration): Promise<void> {
    await this.items.put({ ...accountKey(r), kind: 'account', ...r });
  }

  async deleteRegistration(r: Registration): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: pk(accountKey(r)) }));
  }

  /** The registrations of one account (Query PK = ACCOUNT#a). */
  async registrationsOf(accountId: string): Promise<Registration[]> {
    const items = await this.items.queryRaw(partition(`ACCOUNT#${accountId}`));
    return items.map(toRegistration);
  }

  /** Every registration of the deployment, by account (GSI1 ACCOUNTS: one Query, all pages). */
  async allRegistrations(): Promise<Registration[]> {
    const regs = await this.items.queryRaw(indexPartition('ACCOUNTS'));
    return regs.map(toRegistration);
  }

  /** Every registered account, once each (GSI1 ACCOUNTS). */
  async registeredAccounts(): Promise<string[]> {
    return [...new Set((await this.allRegistrations()).map((r) => r.accountId))].sort();
  }

  // Signals

  /** Records on the roster entry that the account forwards events (and from us-east-1, for global services). */
  async markLive(courseId: string, studentId: string, at: string, global: boolean): Promise<void> {
    await conditionalWrite(
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.student(courseId, studentId),
          UpdateExpression: `SET #since = if_not_exists(#since, :at)${global ? ', #global = :at' : ''}`,
          // Events still in flight while the student's stack removes the forwarding do not count.
          ConditionExpression: 'attribute_exists(#pk) AND (attribute_not_exists(#ended) OR #ended < :quiet)',
          ExpressionAttributeNames: {
            '#pk': KEY.pk,
            '#since': 'liveSince',
            '#ended': 'liveEndedAt',
            ...(global ? { '#global': 'liveGlobalAt' } : {}),
          },
          ExpressionAttributeValues: {
            ':at': at,
            ':quiet': new Date(Date.parse(at) - FORWARDING_END_QUIET_MS).toISOString(),
          },
        }),
      ),
    );
  }

  /**
   * Forgets that the account forwards events (it may stop): change detection regrades the student
   * on the schedule again until an event shows the forwarding is back.
   */
  async markNotLive(courseId: string, studentId: string, at: string): Promise<void> {
    await conditionalWrite(
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.student(courseId, studentId),
          UpdateExpression: 'SET #ended = :at REMOVE #since, #global',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: {
            '#pk': KEY.pk,
            '#since': 'liveSince',
            '#global': 'liveGlobalAt',
            '#ended': 'liveEndedAt',
          },
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  }

  /**
   * Records a change on the standing of a registration (student and account) for a lab (when it exists: with no grade
   * yet, the schedule grades anyway), and on its class row, which the schedule reads: one
   * transaction. Bumps the standing's version, so a grade being stored from an older read retries
   * against it and keeps the change. A standing stored before class rows existed has none: it
   * gets the change alone, and its row carries it when the class views migrate it.
   */
  async recordChange(courseId: string, studentId: string, lab: string, accountId: string, at: string): Promise<void> {
    const change = (key: Record<string, string>) => ({
      TableName: this.table,
      Key: key,
      UpdateExpression: 'SET #change = :at, #version = #version + :one',
      ConditionExpression: 'attribute_exists(#pk) AND (attribute_not_exists(#change) OR #change < :at)',
      ExpressionAttributeNames: { '#pk': KEY.pk, '#change': 'lastChangeAt', '#version': 'version' },
      ExpressionAttributeValues: { ':at': at, ':one': 1 },
    });
    const standing = change(keys.standing(courseId, studentId, lab, accountId));
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [{ Update: standing }, { Update: change(keys.classRow(courseId, studentId, lab, accountId)) }],
        }),
      );
      return;
    } catch (err) {
      const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if ((err as Error).name !== 'TransactionCanceledException') throw err;
      // No standing, or a change as new already recorded: nothing to do.
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return;
      if (reasons?.[1]?.Code !== 'ConditionalCheckFailed') throw err;
    }
    // The standing has no class row yet (stored before them).
    await conditionalWrite(this.doc.send(new UpdateCommand(standing)));
  }

  // Debounce windows

  /**
   * Opens a window for (course, student, lab) unless one is open at `now`: the conditional write
   * makes exactly one of any number of simultaneous events the opener. Returns the window and
   * whether this call opened it; a joined window counts the event.
   */
  async openOrJoin(
    courseId: string,
    studentId: string,
    lab: string,
    now: Date,
    windowMs: number,
  ): Promise<{ opened: boolean; window: DebounceWindow }> {
    const t = now.getTime();
    const window: DebounceWindow = {
      courseId,
      studentId,
      lab,
      openedAt: now.toISOString(),
      dueAt: t + windowMs,
      events: 1,
      queued: false,
    };
    const opened = await conditionalWrite(
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...windowKey(courseId, studentId, lab),
            kind: 'debounce',
            ...window,
            // Kept an hour past its close for the record; DynamoDB removes it then.
            [KEY.ttl]: Math.ceil((t + windowMs) / 1000) + 3600,
          },
          ConditionExpression: 'attribute_not_exists(#pk) OR #due <= :now',
          ExpressionAttributeNames: { '#pk': KEY.pk, '#due': 'dueAt' },
          ExpressionAttributeValues: { ':now': t },
        }),
      ),
    );
    if (opened) return { opened: true, window };
    const joined = await conditionalWrite(
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: windowKey(courseId, studentId, lab),
          UpdateExpression: 'ADD #events :one',
          ConditionExpression: '#due > :now',
          ExpressionAttributeNames: { '#events': 'events', '#due': 'dueAt' },
          ExpressionAttributeValues: { ':one': 1, ':now': t },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    // The window closed between the two writes: this event opens the next one.
    if (!joined) return this.openOrJoin(courseId, studentId, lab, now, windowMs);
    return { opened: false, window: this.windowOf(joined.Attributes ?? {}) };
  }

  /** Marks the window's grade job as handed to the queue. */
  async markQueued(w: DebounceWindow): Promise<void> {
    // A later window replaced this one: nothing to mark.
    await conditionalWrite(
      this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: windowKey(w.courseId, w.studentId, w.lab),
          UpdateExpression: 'SET #queued = :true',
          ConditionExpression: '#opened = :opened',
          ExpressionAttributeNames: { '#queued': 'queued', '#opened': 'openedAt' },
          ExpressionAttributeValues: { ':true': true, ':opened': w.openedAt },
        }),
      ),
    );
  }

  // Counters

  async count(courseId: string, counts: Partial<LiveStats>): Promise<void> {
    const entries = Object.entries(counts).filter(([, n]) => n);
    if (!entries.length) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: statsKey(courseId),
        UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :n${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, n], i) => [`:n${i}`, n])),
      }),
    );
  }

  async stats(courseId: string): Promise<LiveStats> {
    const out = await this.items.queryRaw({
      KeyConditionExpression: '#pk = :pk AND #sk = :sk',
      ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
      ExpressionAttributeValues: { ':pk': statsKey(courseId)[KEY.pk], ':sk': '#LIVE' },
    });
    const item = (out[0] ?? {}) as Partial<LiveStats>;
    return {
      eventsReceived: item.eventsReceived ?? 0,
      eventsCoalesced: item.eventsCoalesced ?? 0,
      gradesTriggered: item.gradesTriggered ?? 0,
      gradesSkippedUnchanged: item.gradesSkippedUnchanged ?? 0,
    };
  }

  private windowOf(item: Record<string, unknown>): DebounceWindow {
    return {
      courseId: String(item.courseId),
      studentId: String(item.studentId),
      lab: String(item.lab),
      openedAt: String(item.openedAt),
      dueAt: Number(item.dueAt),
      events: Number(item.events),
      queued: item.queued === true,
    };
  }
}
