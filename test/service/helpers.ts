/**
 * Shared pieces of the grading service tests: a three-check test lab whose outcomes a test
 * chooses, a logger that records what would be logged, and a fake AWS endpoint that sees which
 * access key signed each request.
 */
import { z } from 'zod';
import type { Inventory } from '../../checks/inventory.js';
import { fail, type GradeResult, type LabDefinition, pass, text } from '../../checks/model.js';
import { grade } from '../../functions/grade.js';
import type { Log } from '../../functions/service/grade-job.js';
import { callerIdentityXml, errorXml } from '../support/aws-http-stub.js';

/** A lab of three 10-point checks; `params.pass` lists the checks that pass. */
export const scriptedLab: LabDefinition<{ id: string }, { pass: string[] }> = {
  id: 'scripted',
  title: text('Scripted lab', '스크립트 실습'),
  module: 'test',
  paramsSchema: z.object({ pass: z.array(z.string()).default([]) }),
  sources: [],
  targetKind: text('Thing', '대상'),
  candidates: () => [{ id: 'thing-1', target: { id: 'thing-1' } }],
  noTarget: () => text('No thing', '대상 없음'),
  checks: ['t.a', 't.b', 't.c'].map((id) => ({
    id,
    title: text(id, id),
    points: 10,
    hint: text('hint', '힌트'),
    evaluate: (target: { id: string }, params: { pass: string[] }) =>
      params.pass.includes(id) ? pass(text('ok', '통과'), [target.id]) : fail(text('not ok', '실패'), [target.id]),
  })),
};

export function emptyInventory(region = 'us-east-1', account?: string): Inventory {
  return {
    schemaVersion: 1,
    region,
    collectedAt: '2026-03-01T00:00:00.000Z',
    ...(account ? { accountId: account } : {}),
    sources: account ? { 'sts.callerIdentity': { data: { Account: account } } } : {},
  };
}

/** A real result document of the scripted lab, graded at `at`, where `passing` checks pass. */
export async function scriptedResult(
  passing: string[],
  at: string,
  who = { courseId: 'c1', studentId: 's1' },
): Promise<GradeResult> {
  const { result } = await grade({
    lab: scriptedLab,
    region: 'us-east-1',
    inventory: emptyInventory(),
    options: { params: { pass: passing } },
    trigger: 'schedule',
    now: () => new Date(at),
    ...who,
  });
  return result;
}

export interface RecordedLog extends Log {
  lines: { level: string; message: string; extra: unknown[] }[];
  /** Everything logged, as one string (to search for secrets). */
  text(): string;
}

export function recordingLog(): RecordedLog {
  const lines: RecordedLog['lines'] = [];
  const at =
    (level: string) =>
    (message: unknown, ...extra: unknown[]) => {
      lines.push({ level, message: String(message), extra });
    };
  return {
    lines,
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => JSON.stringify(lines),
  };
}

/** The access key id that signed a request (SigV4 `Credential=<key>/...`). */
export function signingKey(headers: Record<string, string>): string | undefined {
  const auth = headers.authorization ?? headers.Authorization ?? '';
  return /Credential=([^/]+)\//.exec(auth)?.[1];
}

export interface FakeAws {
  handle(request: { headers: Record<string, string>; body?: unknown; hostname?: string }): Promise<{
    response: { statusCode: number; headers: Record<string, string>; body: Uint8Array };
  }>;
  /** (access key, action, form parameters) of every request, in order. */
  seen: { key: string | undefined; action: string; params: Record<string, string> }[];
}

/**
 * An AWS endpoint (requestHandler) that answers GetCallerIdentity with the account the signing
 * key belongs to, AssumeRole per `roles`, and everything else with AccessDenied.
 */
export function fakeAws(options: {
  accounts: Record<string, string>;
  /** Role ARN → account for roles that can be assumed (keys handed out: `ASIAROLE<account>`). */
  roles?: Record<string, string>;
  delayMs?: number;
}): FakeAws {
  const seen: FakeAws['seen'] = [];
  const answer = (status: number, body: string) => ({
    response: {
      statusCode: status,
      headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': 'fake' },
      body: new TextEncoder().encode(body),
    },
  });
  return {
    seen,
    async handle(request) {
      const params = Object.fromEntries(new URLSearchParams(String(request.body ?? '')));
      const key = signingKey(request.headers);
      const action = params.Action ?? '(none)';
      seen.push({ key, action, params });
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      if (action === 'AssumeRole') {
        const account = options.roles?.[params.RoleArn ?? ''];
        if (!account) {
          return answer(
            403,
            `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:sts::999999999999:assumed-role/grader/x is not authorized to perform: sts:AssumeRole on resource: ${params.RoleArn}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
          );
        }
        const roleKey = `ASIAROLE${account}`;
        options.accounts[roleKey] = account;
        return answer(
          200,
          `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${roleKey}</AccessKeyId><SecretAccessKey>role-secret-${account}</SecretAccessKey><SessionToken>role-token-${account}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA:labgrader</AssumedRoleId><Arn>${params.RoleArn}/labgrader</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>`,
        );
      }
      if (action === 'GetCallerIdentity') {
        const account = key ? options.accounts[key] : undefined;
        if (!account)
          return answer(
            403,
            errorXml('InvalidClientTokenId', 'The security token included in the request is invalid.'),
          );
        return answer(200, callerIdentityXml(account));
      }
      return answer(403, errorXml('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    },
  };
}
