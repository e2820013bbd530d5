/**
 * A Lambda's handler is built from the environment by its first invocation (functions/handlers/
 * built-on-first-call.ts): importing a handler module reads no environment, a warm container
 * keeps what it built, and a failed build (a variable not set yet) is tried again.
 */
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { builtOnFirstCall } from '../../functions/handlers/built-on-first-call.js';

describe('builtOnFirstCall', () => {
  it('builds a handler from its environment on the first invocation, keeps it, and builds again after a failed build', async () => {
    const env: Record<string, string | undefined> = {};
    let builds = 0;
    const handler = builtOnFirstCall(() => {
      builds += 1;
      const table = env.GRADES_TABLE;
      if (!table) throw new Error('GRADES_TABLE is not set');
      return async (event: { n: number }, context: Context) => `${table} ${event.n} ${context.awsRequestId}`;
    });
    expect(builds).toBe(0);

    await expect(async () => handler({ n: 1 }, { awsRequestId: 'r1' } as Context)).rejects.toThrow(/GRADES_TABLE/);
    env.GRADES_TABLE = 'grades';
    expect(await handler({ n: 2 }, { awsRequestId: 'r2' } as Context)).toBe('grades 2 r2');
    env.GRADES_TABLE = 'changed';
    expect(await handler({ n: 3 }, { awsRequestId: 'r3' } as Context)).toBe('grades 3 r3');
    expect(builds).toBe(2);
  });
});
