/**
 * Issue 20's API items, each as a user meets it, through the local service on DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORDED_ACCOUNT, startTestService, type TestService } from '../support/local-api.js';

let t: TestService;
let teacher: string;

beforeAll(async () => {
  t = await startTestService('hardening', ['vpc/complete']);
  teacher = t.service.token({ subject: 'teacher', groups: ['instructors'] });
});

afterAll(async () => {
  await t?.stop();
});

describe('session credentials (item 8)', () => {
  it('accepts what `aws configure export-credentials` prints, pasted as it is', async () => {
    const put = await t.call('PUT', '/courses/demo-vpc/students/lena', {
      token: teacher,
      body: { accountId: RECORDED_ACCOUNT, access: 'session' },
    });
    expect(put.status, put.text).toBe(201);
    const lena = t.service.token({ subject: 'lena' });
    const exported = {
      Version: 1,
      AccessKeyId: 'ASIAEXAMPLEEXAMPLE01',
      SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      SessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKENEXAMPLETOKEN',
      Expiration: '2099-12-07T06:00:00+00:00',
    };

    const res = await t.call('PUT', '/courses/demo-vpc/students/lena/credentials', { token: lena, body: exported });

    expect(res.status, res.text).toBe(200);
    expect(res.json).toEqual({ expiration: '2099-12-07T06:00:00+00:00' });
    expect(res.text).not.toContain(exported.SecretAccessKey);
    const wrong = await t.call('PUT', '/courses/demo-vpc/students/lena/credentials', {
      token: lena,
      body: { ...exported, AccessKeyId: 'AKIAEXAMPLEEXAMPLE01' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.field).toBe('AccessKeyId');
  });
});
