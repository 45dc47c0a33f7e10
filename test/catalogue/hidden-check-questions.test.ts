import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { PlanCatalogue } from '../../src/catalogue/catalogue.ts';
import { PlanRouter } from '../../src/catalogue/router.ts';
import type { ContractAnswer } from '../../src/engine/contract.ts';
import { answerInOrder, loadCases, problems, type QuestionCase } from '../helpers/questions.ts';
import { HIDDEN_CHECK_DIRS, planDir } from './plan-dir.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Answers a set through the router over one PLAN_DIR, follow-ups sharing context per chat, as the CLI does. */
function answerAll(files: readonly string[], cases: QuestionCase[]): [QuestionCase, ContractAnswer][] {
  const dir = planDir([...files]);
  dirs.push(dir);
  const router = new PlanRouter(PlanCatalogue.load({ dir, timeZone: 'Asia/Shanghai' }), 'Asia/Shanghai');
  return answerInOrder(router, cases, new Date('2023-03-01T09:00:00+08:00')).map((a) => [a.case, a.out]);
}

// Written before the fixes they measure: A scored 23/30 and B 11/16 on first contact.
describe.each([
  ['the seed, 2023, the State Council and Weihai (first contact 23/30)', 'a', 'multiplan-a-questions.jsonl'],
  ['the seed, 2023, Chengdu and the 百日攻坚 plan (first contact 11/16)', 'b', 'multiplan-b-questions.jsonl'],
  ['our own of the fifth round: relative time limits (State Council)', 'a', 'own-multiplan5-questions.jsonl'],
  [
    'our own of the fifth round: a figure several tasks hold (Chengdu)',
    'b',
    'own-multiplan5b-questions.jsonl',
  ],
] as const)('several plans in one PLAN_DIR: %s', (_name, dir, file) => {
  it.each(
    answerAll(HIDDEN_CHECK_DIRS[dir], loadCases(file)).map(([c, out]) => [`#${c.n} ${c.q}`, c, out] as const),
  )('%s', (_label, c, out) => {
    expect(problems(c, out)).toEqual([]);
  });
});
