/**
 * Assignment and Grade Services against the fake LMS: a scheduled grade long after the launch
 * posts the counted score through the score queue; the line item of the lab is found or created
 * once; the client-credentials token is cached until it expires and then renewed; a platform that
 * fails is retried with backoff; what can never succeed ends in the dead letters; and a score post
 * never blocks or fails a grade.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grade } from '../../functions/grade.js';
import { createScoreWorker } from '../../functions/handlers/lti-score-worker.js';
import { parseInventory } from '../../functions/inventory/io.js';
import { InProcessQueue } from '../../functions/local/queue.js';
import { AgsClient } from '../../functions/lti/ags.js';
import { postCountedScore, queueScorePosts } from '../../functions/lti/score-post.js';
import { SqsScorePostQueue } from '../../functions/lti/score-queue.js';
import { AesGcmEncryptor } from '../../functions/service/credentials.js';
import { type GradeJobDeps, runGradeJob } from '../../functions/service/grade-job.js';
import { registerStudent } from '../../functions/service/roster.js';
import { LocalInventoryStore } from '../../functions/store/inventory-store.js';
import { COURSE, openLink, useLtiWorld } from './harness.js';

const world = useLtiWorld('lti-scores');

/** The tool's clock (token expiry is judged by it). */
let clock = Date.now();
const sleeps: number[] = [];
let dir: string;
let ags: AgsClient;
let queue: InProcessQueue;
let scoreQueue: SqsScorePostQueue;
const deadLetters: { body: string; reason: string }[] = [];
let grading: GradeJobDeps;
const inventoryOf = new Map<string, string>();

async function gradeNow(studentId: string, example: string, jobId = `job-${randomBytes(4).toString('hex')}`) {
  inventoryOf.set(studentId, example);
  const outcome = await runGradeJob({ jobId, courseId: COURSE, studentId, lab: 'vpc', trigger: 'schedule' }, grading);
  await queue.drain();
  return outcome;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'labgrader-lti-'));
  const examples = new Map<string, unknown>();
  for (const name of ['complete', 'no-nat-gateway', 'single-az']) {
    examples.set(name, JSON.parse(await readFile(`examples/vpc/${name}.json`, 'utf8')));
  }
  ags = new AgsClient({
    keys: world.deps.keys,
    now: () => new Date(clock),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    baseDelayMs: 200,
    // The fake LMS is on 127.0.0.1, as the local service's test platforms are.
    allowLocalHttp: true,
  });
  const logger = new Logger({ serviceName: 'lti-scores-test', logLevel: 'SILENT' });
  const worker = createScoreWorker({
    logger,
    deps: { store: world.deps.store, lti: world.deps.lti, ags, log: world.log, now: () => new Date(clock) },
    deadLetter: async (body, reason) => {
      deadLetters.push({ body, reason });
    },
  });
  queue = new InProcessQueue({
    worker,
    maxReceives: 2,
    onDeadLetter: (body) => deadLetters.push({ body, reason: 'maxReceives' }),
  });
  scoreQueue = new SqsScorePostQueue(queue.sqs, queue.queueUrl);
  world.deps.scorePosts = scoreQueue;
  grading = {
    store: world.deps.store,
    encryptor: new AesGcmEncryptor(randomBytes(32)),
    inventories: new LocalInventoryStore(dir),
    log: world.log,
    now: () => new Date(),
    // The students' accounts are recorded example inventories.
    grade: async (req) => {
      const example = inventoryOf.get(req.studentId ?? '') as string;
      return grade({ ...req, inventory: parseInventory(examples.get(example), example) });
    },
    onCountedScoreChange: queueScorePosts(world.deps.lti, scoreQueue),
  };
});

afterAll(async () => {
  await queue?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('scores in the LMS gradebook', () => {
  it('a scheduled grade after a launch, with no launch in between, posts the counted score to a line item of the lab', async () => {
    const launched = await openLink(world, 'alice');
    expect(launched.launch.status).toBe(200);
    expect(world.lms.scoresOf('lms-user-alice')).toHaveLength(0);

    const first = await gradeNow('s-alice', 'no-nat-gateway');
    expect(first.status).toBe('stored');
    const standing = await world.deps.store.getStanding(COURSE, 's-alice', 'vpc', '123456789012');
    const counted = standing?.counted.attempt;
    expect(counted).toBeTruthy();

    expect(world.lms.lineItems).toHaveLength(1);
    expect(world.lms.lineItems[0]).toMatchObject({ resourceId: 'vpc', scoreMaximum: counted?.maxScore });
    expect(world.lms.lineItems[0]?.label).toContain('vpc');
    const scores = world.lms.scoresOf('lms-user-alice');
    expect(scores).toHaveLength(1);
    expect(scores[0]).toMatchObject({
      userId: 'lms-user-alice',
      scoreGiven: counted?.score,
      scoreMaximum: counted?.maxScore,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
    expect(Date.parse(scores[0]?.timestamp as string)).not.toBeNaN();

    // The finished lab scores higher: posted to the same line item.
    await gradeNow('s-alice', 'complete');
    const after = await world.deps.store.getStanding(COURSE, 's-alice', 'vpc', '123456789012');
    expect(after?.counted.attempt?.score).toBeGreaterThan(counted?.score ?? 0);
    expect(world.lms.lineItems).toHaveLength(1);
    expect(world.lms.scoresOf('lms-user-alice').map((s) => s.scoreGiven)).toEqual([
      counted?.score,
      after?.counted.attempt?.score,
    ]);
  });

  it('posts nothing when the counted score did not change (best policy, a worse attempt)', async () => {
    const before = world.lms.scoresOf('lms-user-alice').length;
    await gradeNow('s-alice', 'single-az');
    expect(world.lms.scoresOf('lms-user-alice')).toHaveLength(before);
  });

  it('queues nothing for a student who never launched', async () => {
    const outcome = await gradeNow('s-carol', 'complete');
    expect(outcome.status).toBe('stored');
    expect(world.lms.scoresOf('lms-user-carol')).toHaveLength(0);
    expect(await postCountedScore({ courseId: COURSE, studentId: 's-carol', lab: 'vpc' }, { ...scoreDeps() })).toEqual({
      status: 'skipped',
      reason: 'not-launched',
    });
  });

  it('a launch after grades already counted brings the gradebook up to date', async () => {
    await gradeNow('s-bob', 'complete');
    expect(world.lms.scoresOf('lms-user-bob')).toHaveLength(0);
    const launched = await openLink(world, 'bob');
    expect(launched.launch.status).toBe(200);
    expect(launched.html).toMatch(/Counted score: \d+/);
    // The launch queued a post of the score counted before it.
    await queue.drain();
    expect(world.lms.scoresOf('lms-user-bob')).toHaveLength(1);
  });
});

function scoreDeps() {
  return { store: world.deps.store, lti: world.deps.lti, ags, log: world.log, now: () => new Date(clock) };
}

describe('the client-credentials token', () => {
  it('is cached until shortly before it expires, then renewed with a new signed assertion', async () => {
    const post = () => postCountedScore({ courseId: COURSE, studentId: 's-alice', lab: 'vpc' }, scoreDeps());
    const start = world.lms.tokenRequests;
    await post();
    await post();
    expect(world.lms.tokenRequests).toBe(start);
    clock += world.lms.tokenLifetime * 1000 - 30_000;
    await post();
    expect(world.lms.tokenRequests).toBe(start + 1);
    await post();
    expect(world.lms.tokenRequests).toBe(start + 1);
  });

  it('is renewed when the platform no longer accepts it (401), once', async () => {
    const start = world.lms.tokenRequests;
    world.lms.failNext('/api/lti/courses', 401);
    const outcome = await postCountedScore({ courseId: COURSE, studentId: 's-alice', lab: 'vpc' }, scoreDeps());
    expect(outcome.status).toBe('posted');
    expect(world.lms.tokenRequests).toBe(start + 1);
  });

  it('never appears in the logs', () => {
    expect(world.log.text()).not.toMatch(/Bearer|access_token|client_assertion/);
  });
});

describe('a platform that fails', () => {
  it('answers 500 then 200: the post is retried with backoff and succeeds', async () => {
    const before = world.lms.scoresOf('lms-user-alice').length;
    sleeps.length = 0;
    world.lms.failNext(`/api/lti/courses/${world.lms.contextId}/line_items/1/scores`, 500);
    const outcome = await postCountedScore({ courseId: COURSE, studentId: 's-alice', lab: 'vpc' }, scoreDeps());
    expect(outcome.status).toBe('posted');
    expect(world.lms.scoresOf('lms-user-alice')).toHaveLength(before + 1);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThanOrEqual(100);
  });

  it('keeps failing: the message is retried by the queue and parked in the dead letters', async () => {
    deadLetters.length = 0;
    sleeps.length = 0;
    // Four tries per delivery, two deliveries.
    world.lms.failNext(`/api/lti/courses/${world.lms.contextId}/line_items/1/scores`, 503, 8);
    await scoreQueue.enqueue({ courseId: COURSE, studentId: 's-alice', lab: 'vpc' });
    await queue.drain();
    expect(deadLetters).toHaveLength(1);
    expect(JSON.parse(deadLetters[0]?.body as string)).toMatchObject({
      courseId: COURSE,
      studentId: 's-alice',
      lab: 'vpc',
    });
    // Three waits per delivery, each about twice the one before (with jitter: more than the previous half).
    expect(sleeps).toHaveLength(6);
    expect(sleeps.slice(0, 3).every((ms, i) => i === 0 || ms > (sleeps[i - 1] as number) / 2)).toBe(true);
    expect(sleeps[2]).toBeGreaterThanOrEqual(400);
  });

  it('refuses the score (400): dead-lettered at once, not retried', async () => {
    deadLetters.length = 0;
    const requests = world.lms.requests.length;
    world.lms.failNext(`/api/lti/courses/${world.lms.contextId}/line_items/1/scores`, 400);
    await scoreQueue.enqueue({ courseId: COURSE, studentId: 's-alice', lab: 'vpc' });
    await queue.drain();
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]?.reason).toContain('400');
    expect(world.lms.requests.slice(requests).filter((r) => r.path.endsWith('/scores'))).toHaveLength(1);
  });

  it('a queue that is down never fails or blocks a grade', async () => {
    await registerStudent(world.deps.store, COURSE, 's-erin', {
      accountId: '123456789012',
      roleArn: 'arn:aws:iam::123456789012:role/LabGraderReadOnly',
      externalId: 'course-aws101',
    });
    const failing = { ...grading, onCountedScoreChange: async () => Promise.reject(new Error('queue unavailable')) };
    inventoryOf.set('s-erin', 'complete');
    const outcome = await runGradeJob(
      { jobId: 'job-queue-down', courseId: COURSE, studentId: 's-erin', lab: 'vpc', trigger: 'schedule' },
      failing,
    );
    expect(outcome.status).toBe('stored');
    expect((await world.deps.store.getStanding(COURSE, 's-erin', 'vpc', '123456789012'))?.counted.attempt).toBeTruthy();
    expect(world.log.lines.some((l) => l.message === 'counted score change not passed on')).toBe(true);
  });
});

/**
 * User links and remembered line items written before labgrader checked the URLs it calls: the
 * stored URL is checked again when the score is posted, and one on labgrader's own network
 * (here a loopback address other than the local service's 127.0.0.1) is never called: the post
 * ends in the dead letters at once, with the reason.
 */
describe('a stored URL labgrader does not call', () => {
  const INTERNAL = 'https://127.0.0.2:1/api/lti/courses/ctx-aws-101/line_items';

  async function postWithStored(change: () => Promise<void>, restore: () => Promise<void>) {
    deadLetters.length = 0;
    const requests = world.lms.requests.length;
    const scores = world.lms.scoresOf('lms-user-alice').length;
    await change();
    try {
      await scoreQueue.enqueue({ courseId: COURSE, studentId: 's-alice', lab: 'vpc' });
      await queue.drain();
    } finally {
      await restore();
    }
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]?.reason).toMatch(
      /does not call https:\/\/127\.0\.0\.2:1\/.*: 127\.0\.0\.2 is a loopback address/,
    );
    expect(world.lms.requests.length).toBe(requests);
    expect(world.lms.scoresOf('lms-user-alice')).toHaveLength(scores);
  }

  async function withAgs(ags: { scopes: string[]; lineItemsUrl?: string; lineItemUrl?: string }) {
    const link = await world.deps.lti.getUserLinkByStudent(COURSE, 's-alice');
    if (!link) throw new Error('alice has launched in the tests above');
    return {
      change: async () => {
        expect(await world.deps.lti.putUserLink({ ...link, ags })).toBe(true);
      },
      restore: async () => {
        await world.deps.lti.putUserLink(link);
      },
    };
  }

  it("the user link's line items container", async () => {
    const link = await world.deps.lti.getUserLinkByStudent(COURSE, 's-alice');
    const { change, restore } = await withAgs({ scopes: link?.ags?.scopes ?? [], lineItemsUrl: INTERNAL });
    await postWithStored(change, restore);
  });

  it("the user link's line item (a launch without the line items service)", async () => {
    const { change, restore } = await withAgs({
      scopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
      lineItemUrl: `${INTERNAL}/1`,
    });
    await postWithStored(change, restore);
  });

  it('the line item remembered for the course and lab', async () => {
    const known = await world.deps.lti.getLineItem(COURSE, 'vpc', world.lms.lineItemsUrl);
    if (!known) throw new Error('the line item was remembered in the tests above');
    await postWithStored(
      () => world.deps.lti.putLineItem({ ...known, lineItemUrl: `${INTERNAL}/1` }),
      () => world.deps.lti.putLineItem(known),
    );
  });
});
