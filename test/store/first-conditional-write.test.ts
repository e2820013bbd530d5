/** firstConditionalWrite: which cancelled transactions count as a lost write, and which are thrown. */
import { describe, expect, it } from 'vitest';
import { firstConditionalWrite } from '../../functions/store/items.js';

/** A TransactionCanceledException as the SDK throws it: a reason per item, in the request's order. */
function cancelled(...codes: string[]): Error {
  return Object.assign(new Error(`Transaction cancelled, please refer cancellation reasons [${codes.join(', ')}]`), {
    name: 'TransactionCanceledException',
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

describe('firstConditionalWrite', () => {
  it('answers the output of a transaction that went through', async () => {
    await expect(firstConditionalWrite(Promise.resolve('ok'))).resolves.toBe('ok');
  });

  it('answers undefined when the first condition failed', async () => {
    await expect(firstConditionalWrite(Promise.reject(cancelled('ConditionalCheckFailed', 'None')))).resolves.toBe(
      undefined,
    );
  });

  it("throws another item's failure", async () => {
    const err = cancelled('None', 'ConditionalCheckFailed');
    await expect(firstConditionalWrite(Promise.reject(err))).rejects.toBe(err);
  });

  it("answers undefined for another item's failure when the caller counts every condition", async () => {
    const err = cancelled('None', 'None', 'ConditionalCheckFailed');
    await expect(firstConditionalWrite(Promise.reject(err), { anyCondition: true })).resolves.toBe(undefined);
    const other = cancelled('None', 'ValidationError');
    await expect(firstConditionalWrite(Promise.reject(other), { anyCondition: true })).rejects.toBe(other);
  });

  it('throws a conflict with another transaction, unless the caller counts it as lost', async () => {
    const err = cancelled('None', 'TransactionConflict');
    await expect(firstConditionalWrite(Promise.reject(err))).rejects.toBe(err);
    await expect(firstConditionalWrite(Promise.reject(err), { conflictIsLost: true })).resolves.toBe(undefined);
  });

  it('throws any other error', async () => {
    const err = Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
    await expect(firstConditionalWrite(Promise.reject(err), { conflictIsLost: true })).rejects.toBe(err);
  });
});
