/**
 * A Korean grade speaks Korean: no English prose ("from 0.0.0.0/0", "launch template …",
 * "(home us-east-1)") leaks into a Korean message from a helper that labels resources in English
 * only. Every scenario of every lab is graded in Korean and each message is searched for two or
 * more English words in a row, after masking what is not prose: AWS identifiers and the few
 * fields the messages quote on purpose (listed below with their reason).
 */
import { describe, expect, it } from 'vitest';
import { evaluateLab } from '../../checks/engine.js';
import { scenarioModules } from '../support/examples.js';

/** Not prose, said as AWS says it. */
const QUOTED: [RegExp, string][] = [
  [/\b[a-z0-9]+\.[A-Za-z]+ in [a-z]{2}(-[a-z]+)+-\d\b/g, 'a source id such as "ec2.volumes in eu-west-1"'],
  [/\bsource aws\.[a-z0-9-]+/g, "an EventBridge pattern's own field and value"],
  [/\((?:[A-Z]+_)+[A-Z]+\): .*$/g, "a stack's status and StackStatusReason, AWS's own words"],
];
const ENGLISH_RUN = /\b[a-z]{3,}(?: [a-z]{2,})+\b/g;

const modules = await scenarioModules();

describe('Korean messages carry no English prose', () => {
  for (const { lab, scenarios } of modules) {
    it(`${lab.id}: every scenario, every check`, () => {
      const leaks: string[] = [];
      for (const s of scenarios) {
        const evaluation = evaluateLab(lab, s.inventory, { ...s.options, lang: 'ko' });
        for (const check of evaluation.checks) {
          let message = check.message;
          for (const [pattern] of QUOTED) message = message.replace(pattern, '·');
          for (const run of message.match(ENGLISH_RUN) ?? [])
            leaks.push(`${s.name} ${check.id}: "${run}" in ${message}`);
        }
      }
      expect(leaks).toEqual([]);
    });
  }
});
