import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { askInput, loadCases, problems } from '../helpers/questions.ts';
import type { ContractAnswer } from '../../src/engine/contract.ts';
import { planDir } from '../catalogue/plan-dir.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

/** Runs the real CLI, as `npm run --silent ask -- …` does. */
function ask(args: string[], input = '', env: Record<string, string> = {}) {
  const run = spawnSync(TSX, ['src/cli/ask.ts', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, PLAN_NOW: '', PLAN_FILE: '', ...env },
    maxBuffer: 64 << 20,
  });
  const lines = run.stdout.split('\n').filter((l) => l.trim());
  return {
    status: run.status,
    stderr: run.stderr,
    lines,
    json: () => lines.map((l) => JSON.parse(l) as ContractAnswer),
  };
}

describe('ask --json', () => {
  it('answers every acceptance question, one JSON object per line, in order', () => {
    const cases = loadCases('acceptance-questions.jsonl');
    const run = ask(['--json'], askInput(cases));
    expect(run.status).toBe(0);
    const answers = run.json();
    expect(answers).toHaveLength(cases.length);
    cases.forEach((c, i) => expect(problems(c, answers[i] as ContractAnswer), `#${c.n} ${c.q}`).toEqual([]));
  });

  it('keeps going past bad lines, answering each with an unknown answer or a clear error', () => {
    const input =
      ['', 'x'.repeat(100_000), '{"question": ', '{"question": 42}', '[1,2]', '谁牵头川渝通办'].join('\n') +
      '\n';
    const run = ask(['--json'], input);
    expect(run.status).toBe(0);
    const answers = run.json();
    expect(answers).toHaveLength(6);
    expect(
      answers.slice(0, 5).every((a) => a.intent === 'unknown' && a.tasks.length === 0 && a.text.length > 0),
    ).toBe(true);
    expect(answers[2]?.text).toContain('JSON');
    expect(answers[3]?.text).toContain('question');
    expect(answers[5]?.tasks[0]?.id).toBe('4.1');
  });

  it('shares follow-up context only within the same chat', () => {
    const input = [
      { question: '证照分离谁牵头', chat: 'a' },
      { question: '它有截止时间吗', chat: 'b' },
      { question: '它有截止时间吗', chat: 'a' },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const [, other, same] = ask(['--json'], input + '\n').json();
    expect(other?.tasks).toEqual([]);
    expect(same?.tasks[0]?.id).toBe('3.3');
  });
});

describe('ask with another plan', () => {
  it('loads a later year’s plan with --plan and dates its deadlines in that year', () => {
    const run = ask(
      ['--json', '--plan', 'test/fixtures/plan-2023-sample.txt'],
      '年底前要完成什么\n谁牵头天府通办\n',
    );
    expect(run.status).toBe(0);
    const [yearEnd, lead] = run.json();
    expect(yearEnd?.tasks.map((t) => t.id)).toEqual(['1.1']);
    expect(yearEnd?.tasks[0]?.deadlines.map((d) => d.date)).toEqual(['2023-05-31', '2023-12-31']);
    expect(lead?.tasks[0]?.id).toBe('1.2');
    expect(lead?.tasks[0]?.leads).toEqual(['省大数据中心']);
  });

  it('prints the human reply without --json, and fails clearly on a missing plan', () => {
    const human = ask(['谁牵头川渝通办']);
    expect(human.status).toBe(0);
    expect(human.lines[0]).toContain('省大数据中心');
    const missing = ask(['--plan', 'no-such-plan.txt', '川渝通办']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no-such-plan.txt');
  });

  it('checks PLAN_NOW and PLAN_TZ as the server does, naming the variable that is wrong', () => {
    const badNow = ask(['本月到期的任务'], '', { PLAN_NOW: 'yesterday' });
    expect(badNow.status).toBe(1);
    expect(badNow.stderr).toMatch(/config: .*\n.*PLAN_NOW/);
    const badZone = ask(['本月到期的任务'], '', { PLAN_TZ: 'Mars/Base' });
    expect(badZone.status).toBe(1);
    expect(badZone.stderr).toContain('PLAN_TZ');
    const demo = ask(['本月到期的任务'], '', { PLAN_NOW: '2022-06-05T09:00:00+08:00' });
    expect(demo.lines[0]).toContain('2022年6月');
  });
});

describe('ask over a folder of plans', () => {
  it('answers each question from the plan it names, with the plan key, and says what is not loaded', () => {
    const run = ask(
      ['--json', '--plan-dir', planDir()],
      '2022年川渝通办谁牵头\n2021年川渝通办谁牵头\n川渝通办2022年和2023年谁牵头，有变化吗\n',
      { PLAN_NOW: '2023-06-01T09:00:00+08:00' },
    );
    expect(run.status).toBe(0);
    const [named, missing, compared] = run.json();
    expect(named?.plan).toBe('sichuan-2022-fangguanfu');
    expect(named?.tasks[0]?.plan).toBe('sichuan-2022-fangguanfu');
    expect(missing?.text).toContain('没有载入2021年的计划');
    expect(missing?.tasks).toEqual([]);
    expect(compared?.text).toContain('省政务服务和资源交易服务中心');
    expect(compared?.tasks.map((t) => t.plan)).toEqual([
      'sichuan-2022-fangguanfu',
      'sichuan-2023-plan-sample',
    ]);
  });
});
