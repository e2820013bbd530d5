/**
 * The deploy-time settings: what an instructor writes in cdk.json (or `-c key=value`) and the
 * schedule it gives.
 */
import { rmSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { graderConfigFrom, parseGraderConfig, scheduleExpressionOf } from '../../infra/config.js';

describe('the regrade schedule', () => {
  it.each([
    [{}, 'cron(0/15 9-17 ? * MON-FRI *)'],
    [{ gradeEveryMinutes: 20, labHours: '8-20', labDays: 'TUE,THU' }, 'cron(0/20 8-19 ? * TUE,THU *)'],
    [{ gradeEveryMinutes: 60, labHours: '13-14' }, 'cron(0 13 ? * MON-FRI *)'],
    [{ labHours: '0-24', labDays: 'MON-SUN' }, 'cron(0/15 0-23 ? * MON-SUN *)'],
    [{ scheduleExpression: 'rate(30 minutes)', labHours: '8-9' }, 'rate(30 minutes)'],
  ])('%j runs %s', (settings, expression) => {
    expect(scheduleExpressionOf(parseGraderConfig(settings))).toBe(expression);
  });
});

describe('settings', () => {
  it('default to a Korean weekday class graded every 15 minutes, ten at a time, data kept', () => {
    expect(parseGraderConfig({})).toMatchObject({
      timezone: 'Asia/Seoul',
      gradeConcurrency: 10,
      scheduleEnabled: true,
      retainData: true,
      logLevel: 'INFO',
    });
  });

  it('are read from CDK context, strings from the command line included', () => {
    const app = new App({ context: { gradeConcurrency: '25', scheduleEnabled: 'false', labDays: 'SAT' } });
    rmSync(app.outdir, { recursive: true, force: true });
    expect(graderConfigFrom(app.node)).toMatchObject({ gradeConcurrency: 25, scheduleEnabled: false, labDays: 'SAT' });
  });

  it.each([
    [{ labHours: '18-9' }, /labHours: start < end/],
    [{ labHours: '9am-6pm' }, /labHours: like "9-18"/],
    [{ gradeEveryMinutes: 7 }, /gradeEveryMinutes: a divisor of 60/],
    [{ labDays: 'weekdays' }, /labDays/],
    [{ gradeConcurrency: 1 }, /gradeConcurrency: between 2 and 1000/],
    [{ logRetentionDays: 10 }, /logRetentionDays: one of 1, 3, 5/],
    [{ alarmEmail: 'not-an-address' }, /alarmEmail/],
    [{ scheduleExpression: 'every 5 minutes' }, /scheduleExpression: cron\(...\) or rate\(...\)/],
    [{ dashboardOrigin: 'http://grader.example.edu' }, /dashboardOrigin: an https origin only/],
    [{ dashboardOrigin: 'https://grader.example.edu/dashboard' }, /dashboardOrigin: an https origin only/],
    [{ dashboardOrigin: '*' }, /dashboardOrigin: an https origin only/],
    [{ dashboardOrigin: 'https://a.edu https://b.edu' }, /dashboardOrigin: an https origin only/],
  ])('reject %j, naming the key', (settings, message) => {
    expect(() => parseGraderConfig(settings)).toThrow(message);
  });
});

describe('dashboardOrigin', () => {
  it('is one https origin, kept as a browser sends it in Origin (no trailing slash, lower case)', () => {
    expect(parseGraderConfig({ dashboardOrigin: 'https://Grader.Example.edu/' }).dashboardOrigin).toBe(
      'https://grader.example.edu',
    );
    expect(parseGraderConfig({ dashboardOrigin: 'https://grader.example.edu:8443' }).dashboardOrigin).toBe(
      'https://grader.example.edu:8443',
    );
    expect(parseGraderConfig({}).dashboardOrigin).toBeUndefined();
  });
});
