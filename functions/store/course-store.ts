/**
 * The grades table's courses and their instructors (one method per access pattern, each a single
 * GetItem, Query or transaction; never a Scan), and what every layer of {@link GradeStore} shares:
 * the document client and the table. Key layout: docs/data-model.md.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { keys } from './grade-keys.js';
import { firstConditionalWrite, IF_ABSENT, IF_PRESENT, indexPartition, partition, TableItems } from './items.js';
import type { Course, CourseInstructor } from './records.js';

/** @see GradeStore, which adds the roster, attempts and standings, overrides and regrades. */
export class CourseStore {
  readonly doc: DynamoDBDocumentClient;
  protected readonly items: TableItems;

  constructor(
    client: DynamoDBClient,
    readonly table: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.items = new TableItems(this.doc, table);
  }

  // Courses

  async putCourse(course: Course): Promise<void> {
    await this.items.put(this.courseItem(course));
  }

  private courseItem(course: Course) {
    return { ...keys.course(course.courseId), ...keys.courseIndex(course.courseId), kind: 'course', ...course };
  }

  /**
   * Creates a course with its creator as its first instructor, in one transaction; false when a
   * course of that id exists already (created meanwhile by someone else).
   */
  async createCourse(course: Course, creator: string): Promise<boolean> {
    const instructor: CourseInstructor = {
      courseId: course.courseId,
      instructorId: creator,
      addedAt: course.createdAt,
      addedBy: creator,
    };
    return this.transactIfNew([
      { Put: { TableName: this.table, Item: this.courseItem(course), ...IF_ABSENT } },
      { Put: { TableName: this.table, Item: this.instructorItem(instructor) } },
    ]);
  }

  async getCourse(courseId: string): Promise<Course | undefined> {
    return this.items.get<Course>(keys.course(courseId));
  }

  /** Every course (GSI1 `COURSES`), for a schedule that regrades them all. */
  async listCourses(): Promise<Course[]> {
    return this.items.query<Course>(indexPartition('COURSES'));
  }

  // A course's instructors

  private instructorItem(i: CourseInstructor) {
    return {
      ...keys.instructor(i.courseId, i.instructorId),
      ...keys.instructorIndex(i.courseId, i.instructorId),
      kind: 'instructor',
      ...i,
    };
  }

  /** Whether this instructor is on the course's list (a strongly consistent GetItem). */
  async getInstructor(courseId: string, instructorId: string): Promise<CourseInstructor | undefined> {
    return this.items.get<CourseInstructor>(keys.instructor(courseId, instructorId));
  }

  /** Adds an instructor to a course's list; false when they were on it already (nothing changes). */
  async addInstructor(instructor: CourseInstructor): Promise<boolean> {
    return this.items.putIfAbsent(this.instructorItem(instructor));
  }

  /**
   * Removes an instructor from a course's list only while `keeperId`, another instructor of the
   * course, is still on it (one transaction). Two removals at once that would each leave only the
   * other cannot both commit, so a course never loses its last instructor; false when the keeper
   * was gone by then (nothing is removed).
   */
  async deleteInstructor(courseId: string, instructorId: string, keeperId: string): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Delete: { TableName: this.table, Key: keys.instructor(courseId, instructorId) } },
            {
              ConditionCheck: {
                TableName: this.table,
                Key: keys.instructor(courseId, keeperId),
                ...IF_PRESENT,
              },
            },
          ],
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'TransactionCanceledException') return false;
      throw err;
    }
  }

  /** A course's instructors, in the order they were added (the creator first). */
  async listInstructors(courseId: string): Promise<CourseInstructor[]> {
    const items = await this.items.query<CourseInstructor>({
      ...partition(`COURSE#${courseId}`, 'INSTRUCTOR#'),
      ConsistentRead: true,
    });
    return items.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.instructorId.localeCompare(b.instructorId));
  }

  /** The ids of the courses an instructor is on the list of: GSI1 INSTRUCTOR#i. */
  async coursesOfInstructor(instructorId: string): Promise<string[]> {
    const items = await this.items.query<CourseInstructor>(indexPartition(`INSTRUCTOR#${instructorId}`, 'COURSE#'));
    return items.map((i) => i.courseId);
  }

  /** Writes a transaction whose first item is conditional; false when that condition failed (nothing written). */
  protected async transactIfNew(items: TransactWriteCommandInput['TransactItems']): Promise<boolean> {
    const written = await firstConditionalWrite(this.doc.send(new TransactWriteCommand({ TransactItems: items })));
    return written !== undefined;
  }
}
