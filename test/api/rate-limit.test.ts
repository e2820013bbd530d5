/** The on-demand grade slot on DynamoDB Local: what Retry-After tells a student who must wait. */
import { describe, expect, it } from 'vitest';
import { GradeRateLimiter } from '../../functions/api/rate-limit.js';
import { useTables } from '../support/dynamodb.js';

const tables = useTables('ratelimit');

describe('Retry-After (issue 20 item 14)', () => {
  const limiter = () =>
    new GradeRateLimiter(tables.store.doc, tables.store.table, { intervalMs: 20_000, lockMs: 30_000 });

  it('says 20 while a grade runs, when the slot frees 20 s after it started (not the 30 s crash lock)', async () => {
    const t0 = new Date('2026-12-07T03:00:00Z');
    const first = await limiter().acquire('s-running', 'req-1', t0);
    expect(first.ok).toBe(true);

    const second = await limiter().acquire('s-running', 'req-2', t0);

    expect(second).toEqual({ ok: false, running: true, retryAfterSeconds: 20 });
    const later = await limiter().acquire('s-running', 'req-3', new Date(t0.getTime() + 5_000));
    expect(later).toMatchObject({ ok: false, retryAfterSeconds: 15 });
  });

  it('says what is left of the interval after the grade finished', async () => {
    const t0 = new Date('2026-12-07T03:00:00Z');
    const first = await limiter().acquire('s-done', 'req-1', t0);
    if (!first.ok) throw new Error('expected the slot');
    await first.release();

    const next = await limiter().acquire('s-done', 'req-2', new Date(t0.getTime() + 8_000));

    expect(next).toEqual({ ok: false, running: false, retryAfterSeconds: 12 });
  });
});
