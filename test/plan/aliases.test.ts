import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aliasFileFor, defaultPlanFile, loadAliasesFor, loadPlan } from '../../src/plan/load.ts';
import { parsePlan } from '../../src/plan/parse.ts';

describe('alias tables per plan region', () => {
  it('gives the 2022 seed Sichuan’s table', () => {
    const plan = loadPlan('seeds/sichuan-fangguanfu-2022.txt');
    expect(aliasFileFor(plan)).toMatch(/seeds\/aliases\/四川省\.json$/);
    expect(Object.keys(loadAliasesFor(plan))).toContain('省发展改革委');
  });

  it('gives a State Council plan the national table', () => {
    const plan = loadPlan('test/fixtures/plans/import/gov-employment-2018.txt');
    expect(plan.meta.region).toBe('全国');
    expect(loadAliasesFor(plan)['人力资源社会保障部']).toContain('人社部');
  });

  it('gives a plan of another region, or of none, no table, and it still answers', () => {
    const other = parsePlan(
      [
        '威海市人民政府办公室关于印发数字威海2023年要点的通知',
        '一、任务',
        '(一)建设平台。年底前建成。(牵头单位：市大数据局)',
      ].join('\n'),
    );
    expect(other.meta.region).toBe('威海市');
    expect(loadAliasesFor(other)).toEqual({});
    const engine = createEngine(other, loadAliasesFor(other));
    expect(
      engine.answer('市大数据局负责哪些工作', { now: new Date('2023-09-01T00:00:00Z') }).answer.text,
    ).toContain('建设平台');
  });
});

describe('the default plan in seeds/', () => {
  it('is the one whose name ends with the latest year, whatever its region', () => {
    const dir = mkdtempSync(join(tmpdir(), 'workplan-seeds-'));
    try {
      for (const f of [
        'sichuan-fangguanfu-2022.txt',
        'sichuan-fangguanfu-2023.txt',
        'anhui-x-2021.txt',
        'notes.txt',
      ])
        writeFileSync(join(dir, f), '');
      expect(defaultPlanFile(dir)).toBe(join(dir, 'sichuan-fangguanfu-2023.txt'));
      writeFileSync(join(dir, 'chengdu-x-2024.txt'), '');
      expect(defaultPlanFile(dir)).toBe(join(dir, 'chengdu-x-2024.txt'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
