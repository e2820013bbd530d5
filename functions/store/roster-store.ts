/**
 * The grades table's roster: students' entries, their claims on AWS accounts (one account per
 * student in a course that is not team-based) and the session credentials they submitted, sealed.
 */
import { BatchWriteCommand, DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { untilProcessed } from './batch.js';
import { CourseStore } from './course-store.js';
import { keys } from './grade-keys.js';
import { conditionalWrite, indexPartition, partition, stripKeys } from './items.js';
import { REGISTRATION_OPTIONAL, type RosterEntry, type SealedCredentials } from './records.js';
import { KEY } from './tables.js';

/** The roster layer of {@link GradeStore}. */
export class RosterStore extends CourseStore {
  // Roster

  async putRosterEntry(entry: RosterEntry): Promise<void> {
    await this.items.put(rosterItem(entry));
  }

  /**
   * Writes a student's registration (what a PUT of their roster entry states) in one update, so
   * what other writers keep in the entry is left as it is at that moment, not as it was read: the
   * extensions unless the registration states `deadlines`, and the account's live-grading signals
   * unless `dropLiveSignals` (the student moved to another account). The registration's own
   * optional fields it leaves out are removed; `registeredAt` is kept. Returns the entry as stored
   * and the one the update replaced (none: a new registration), both as of the update itself.
   */
  async writeRegistration(
    entry: RosterEntry,
    dropLiveSignals: boolean,
  ): Promise<{ stored: RosterEntry; replaced: RosterEntry | undefined }> {
    const { registeredAt, deadlines, ...stated } = entry;
    const set: Record<string, unknown> = {
      ...keys.studentIndex(entry.courseId, entry.studentId),
      kind: 'student',
      ...stated,
      ...(deadlines === undefined ? {} : { deadlines }),
    };
    const remove = [
      ...REGISTRATION_OPTIONAL.filter((field) => entry[field] === undefined),
      ...(dropLiveSignals ? LIVE_SIGNALS : []),
    ];
    const names: Record<string, string> = { '#registeredAt': 'registeredAt' };
    const values: Record<string, unknown> = { ':registeredAt': registeredAt };
    const assignments = Object.entries(set).map(([field, value], i) => {
      names[`#s${i}`] = field;
      values[`:s${i}`] = value;
      return `#s${i} = :s${i}`;
    });
    assignments.push('#registeredAt = if_not_exists(#registeredAt, :registeredAt)');
    const removals = remove.map((field, i) => {
      names[`#r${i}`] = field;
      return `#r${i}`;
    });
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.student(entry.courseId, entry.studentId),
        UpdateExpression: `SET ${assignments.join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        // The entry as replaced: one UpdateItem answers either that or the new one, and the new one
        // follows from it (a read before the update could miss another writer's change).
        ReturnValues: 'ALL_OLD',
      }),
    );
    const replaced = out.Attributes ? stripKeys<RosterEntry>(out.Attributes) : undefined;
    const stored = stripKeys<RosterEntry>({ ...out.Attributes, ...set });
    stored.registeredAt = replaced?.registeredAt ?? registeredAt;
    for (const field of remove) delete stored[field];
    return { stored, replaced };
  }

  /** Many roster entries at once (25 per BatchWriteItem, unprocessed items resent). */
  async putRosterEntries(entries: RosterEntry[]): Promise<void> {
    const requests = entries.map((entry) => ({ PutRequest: { Item: rosterItem(entry) } }));
    for (let i = 0; i < requests.length; i += 25) {
      await untilProcessed(requests.slice(i, i + 25), 'roster entries could not be written', async (pending) => {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending as never } }));
        return out.UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined;
      });
    }
  }

  async getRosterEntry(courseId: string, studentId: string): Promise<RosterEntry | undefined> {
    return this.items.get<RosterEntry>(keys.student(courseId, studentId));
  }

  /**
   * Sets (or, with `deadline` null, removes) one lab's deadline of a student and nothing else of
   * their entry, which another write may change meanwhile (a removal, an account change, another
   * lab's extension). Returns the entry as written, or undefined when the student is not registered.
   */
  async setDeadline(
    courseId: string,
    studentId: string,
    lab: string,
    deadline: string | null,
    at: string,
  ): Promise<RosterEntry | undefined> {
    const names: Record<string, string> = { '#pk': KEY.pk, '#d': 'deadlines', '#lab': lab, '#at': 'updatedAt' };
    const update = (expression: string, condition: string, values: Record<string, unknown>) =>
      conditionalWrite(
        this.doc.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.student(courseId, studentId),
            UpdateExpression: expression,
            ConditionExpression: condition,
            // DynamoDB refuses names an expression does not use.
            ExpressionAttributeNames: Object.fromEntries(
              Object.entries(names).filter(([name]) => `${expression} ${condition}`.includes(name)),
            ),
            ExpressionAttributeValues: { ':at': at, ...values },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
    const entry = (out: { Attributes?: Record<string, unknown> } | undefined) =>
      out?.Attributes ? stripKeys<RosterEntry>(out.Attributes) : undefined;
    if (deadline === null) {
      // No map: no extension to withdraw (DynamoDB refuses a path into a missing map).
      const removed = entry(await update('REMOVE #d.#lab SET #at = :at', 'attribute_exists(#d)', {}));
      if (!removed) return this.getRosterEntry(courseId, studentId);
      if (Object.keys(removed.deadlines ?? {}).length) return removed;
      // No extension left: no empty map either (unless one was granted meanwhile).
      const emptied = await update('REMOVE #d SET #at = :at', 'attribute_exists(#pk) AND size(#d) = :zero', {
        ':zero': 0,
      });
      return entry(emptied) ?? (await this.getRosterEntry(courseId, studentId));
    }
    // Into the student's map of deadlines, or a new map when they have none (one of the two holds).
    for (let tries = 0; tries < 3; tries += 1) {
      const into = await update('SET #d.#lab = :deadline, #at = :at', 'attribute_exists(#d)', {
        ':deadline': deadline,
      });
      if (into) return entry(into);
      const created = await update('SET #d = :map, #at = :at', 'attribute_exists(#pk) AND attribute_not_exists(#d)', {
        ':map': { [lab]: deadline },
      });
      if (created) return entry(created);
      if (!(await this.getRosterEntry(courseId, studentId))) return undefined;
    }
    throw new Error(`the deadlines of ${courseId}/${studentId} kept changing while ${lab}'s was set`);
  }

  /**
   * Claims an AWS account for one student of a course (a course that is not team-based): a
   * conditional put that succeeds when nobody holds it or the student already does, so two
   * registrations of one account at once cannot both pass. Returns undefined when claimed, else
   * the holder and when they claimed it.
   */
  async claimAccount(
    courseId: string,
    accountId: string,
    studentId: string,
    at: string,
  ): Promise<{ studentId: string; claimedAt: string } | undefined> {
    const key = keys.accountClaim(courseId, accountId);
    const claimed = await conditionalWrite(
      this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...key, kind: 'account-claim', courseId, accountId, studentId, claimedAt: at },
          ConditionExpression: 'attribute_not_exists(#pk) OR #student = :student',
          ExpressionAttributeNames: { '#pk': KEY.pk, '#student': 'studentId' },
          ExpressionAttributeValues: { ':student': studentId },
        }),
      ),
    );
    if (claimed) return undefined;
    const holder = await this.items.get<{ studentId: string; claimedAt: string }>(key);
    // Released in between: the caller tries again.
    return holder ?? { studentId: '', claimedAt: at };
  }

  /** Lets go of a student's claim on an account (only theirs: a claim another student took stays). */
  async releaseAccount(courseId: string, accountId: string, studentId: string): Promise<void> {
    await conditionalWrite(
      this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: keys.accountClaim(courseId, accountId),
          ConditionExpression: '#student = :student',
          ExpressionAttributeNames: { '#student': 'studentId' },
          ExpressionAttributeValues: { ':student': studentId },
        }),
      ),
    );
  }

  /** Removes a student and any session credentials they submitted; their attempts are kept. */
  async deleteRosterEntry(courseId: string, studentId: string): Promise<void> {
    await Promise.all([
      this.doc.send(new DeleteCommand({ TableName: this.table, Key: keys.student(courseId, studentId) })),
      this.deleteSealedCredentials(courseId, studentId),
    ]);
  }

  /** The course's roster: Query PK = COURSE#c, SK begins_with STUDENT#. */
  async listRoster(courseId: string): Promise<RosterEntry[]> {
    return this.items.query<RosterEntry>(partition(`COURSE#${courseId}`, 'STUDENT#'));
  }

  /** The courses a student is registered in (their roster entries): GSI1 STUDENT#s. */
  async listEnrolments(studentId: string): Promise<RosterEntry[]> {
    return this.items.query<RosterEntry>(indexPartition(`STUDENT#${studentId}`, 'COURSE#'));
  }

  // Sealed session credentials

  /** Stored with a TTL at their expiration, so DynamoDB removes them once they are useless. */
  async putSealedCredentials(sealed: SealedCredentials): Promise<void> {
    await this.items.put({
      ...keys.credentials(sealed.courseId, sealed.studentId),
      kind: 'credentials',
      [KEY.ttl]: Math.ceil(Date.parse(sealed.expiration) / 1000),
      ...sealed,
    });
  }

  async getSealedCredentials(courseId: string, studentId: string): Promise<SealedCredentials | undefined> {
    return this.items.get<SealedCredentials>(keys.credentials(courseId, studentId));
  }

  async deleteSealedCredentials(courseId: string, studentId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: keys.credentials(courseId, studentId) }));
  }
}

function rosterItem(entry: RosterEntry): Record<string, unknown> {
  return {
    ...keys.student(entry.courseId, entry.studentId),
    ...keys.studentIndex(entry.courseId, entry.studentId),
    kind: 'student',
    ...entry,
  };
}

/** The roster entry's fields the event intake writes (functions/store/live-store.ts). */
export const LIVE_SIGNALS = ['liveSince', 'liveGlobalAt', 'liveEndedAt'] as const;
