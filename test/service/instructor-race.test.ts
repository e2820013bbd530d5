/**
 * A course never loses its last instructor, even when its instructors remove each other at the
 * same moment: each removal reads a list of two and passes the route's last-one check, so only
 * the store's guarded delete (the other instructor must still be on the list) keeps one. On
 * DynamoDB Local.
 */
import { describe, expect, it } from 'vitest';
import { useTables } from '../support/dynamodb.js';

const tables = useTables('instructor-race');

describe('two instructors removing each other at once', () => {
  it('leaves exactly one of them on the list, every time', async () => {
    for (let round = 0; round < 8; round += 1) {
      const courseId = `race${round}`;
      const names = ['ann', 'ben'];
      for (const [i, instructorId] of names.entries()) {
        await tables.store.addInstructor({
          courseId,
          instructorId,
          addedAt: `2026-12-07T00:00:0${i}.000Z`,
          addedBy: 'ann',
        });
      }
      const settled = await Promise.all([
        tables.store.deleteInstructor(courseId, 'ann', 'ben'),
        tables.store.deleteInstructor(courseId, 'ben', 'ann'),
      ]);
      const left = (await tables.store.listInstructors(courseId)).map((i) => i.instructorId);
      expect(left, `round ${round}`).toHaveLength(1);
      expect(settled.filter(Boolean), `round ${round}`).toHaveLength(1);
    }
  });

  it('removes one while another stays, and refuses when the keeper is already gone', async () => {
    for (const instructorId of ['cat', 'dan']) {
      await tables.store.addInstructor({
        courseId: 'solo',
        instructorId,
        addedAt: new Date().toISOString(),
        addedBy: 'cat',
      });
    }
    expect(await tables.store.deleteInstructor('solo', 'dan', 'cat')).toBe(true);
    expect(await tables.store.deleteInstructor('solo', 'cat', 'dan')).toBe(false);
    expect((await tables.store.listInstructors('solo')).map((i) => i.instructorId)).toEqual(['cat']);
  });
});
