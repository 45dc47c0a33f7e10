import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'workplan-plan-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the real CLI, as `npm run --silent plan -- …` does. */
function plan(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(TSX, ['src/cli/plan.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PLAN_YEAR: '', ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

// Each case spawns the CLI (tsx) a few times: on a loaded machine that takes seconds, not a fault.
describe('npm run plan -- check', { timeout: 120_000 }, () => {
  it('prints what the seed holds and no findings', () => {
    const run = plan(['check', 'seeds/sichuan-fangguanfu-2022.txt']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      '6 sections, 23 tasks (13 with a lead), 11 deadlines, 13 targets, 0 findings',
    );
    expect(run.stdout).toContain('year: 2022 (from title)');
    expect(run.stdout).toContain('牵头：省大数据中心；按职责分工负责：省直有关部门(单位)');
    expect(run.stdout).toMatch(/findings: 0\n$/);
  });

  it('gives the same as data with --json', () => {
    const run = plan(['check', 'seeds/sichuan-fangguanfu-2022.txt', '--json']);
    const data = JSON.parse(run.stdout) as {
      usable: boolean;
      counts: { tasks: number };
      plan: { findings: [] };
    };
    expect(data).toMatchObject({ usable: true, counts: { tasks: 23, findings: 0 } });
    expect(data.plan.findings).toEqual([]);
  });

  it('lists findings with their lines and still exits 0 for a usable plan', () => {
    const file = join(tmp, 'odd.txt');
    writeFileSync(file, '某市2023年要点\n一、任务\n(一)甲。做好甲。(甲局负责)\n(二)乙。做好乙。\n');
    const run = plan(['check', file]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('line 4 no-note: task 1.2 has no responsibility note');
  });

  it('exits 1 and says why when the plan is unusable, 2 on wrong usage', () => {
    const file = join(tmp, 'prose.txt');
    writeFileSync(file, '某市2023年要点\n只有一段说明。\n');
    const run = plan(['check', file, '--json']);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ usable: false, error: { code: 'plan_format' } });
    expect(run.stderr).toContain('no task found');
    expect(plan(['check', join(tmp, 'missing.txt')]).stderr).toContain('cannot read');
    expect(plan(['frobnicate', file]).status).toBe(2);
    expect(plan(['check', file, '--year', 'abc']).status).toBe(2);
  });

  it('takes the year from --year or PLAN_YEAR when the text gives none', () => {
    const file = join(tmp, 'noyear.txt');
    writeFileSync(file, '某市营商环境方案\n一、任务\n(一)甲。6月底前做好甲。(甲局负责)\n');
    expect(plan(['check', file]).status).toBe(1);
    expect(plan(['check', file, '--year', '2024']).stdout).toContain('deadline 2024-06-30');
    expect(plan(['check', file], { PLAN_YEAR: '2025' }).stdout).toContain(
      'year: 2025 (from PLAN_YEAR/--year)',
    );
  });
});

describe('npm run plan -- import', { timeout: 120_000 }, () => {
  it('extracts a PDF, writes the repaired text under a descriptive name, and checks it', () => {
    const out = mkdtempSync(join(tmp, 'seeds-'));
    const run = plan(['import', 'test/fixtures/plans/import/gov-employment-2018.pdf', '--out', out]);
    expect(run.status).toBe(0);
    expect(readdirSync(out)).toEqual(['quanguo-cujinjiuye-2018.txt']);
    expect(run.stdout).toContain('15 tasks');
    const written = readFileSync(join(out, 'quanguo-cujinjiuye-2018.txt'), 'utf8');
    expect(written).toContain('(一)加大稳岗支持力度。');
    expect(plan(['check', join(out, 'quanguo-cujinjiuye-2018.txt')]).stdout).toContain(
      '15 tasks (12 with a lead)',
    );
  });
});
