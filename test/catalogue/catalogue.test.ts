import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { PlanCatalogue } from '../../src/catalogue/catalogue.ts';
import { watchPlans } from '../../src/catalogue/watch.ts';
import { ConfigError, PlanFormatError } from '../../src/errors.ts';
import { PLAN_FILES, planDir } from './plan-dir.ts';

const load = (dir: string, defaultPlan?: string) =>
  PlanCatalogue.load({ dir, timeZone: 'Asia/Shanghai', ...(defaultPlan ? { defaultPlan } : {}) });

describe('the plan catalogue', () => {
  it('loads every plan of the folder with a stable key, its region and a short name', () => {
    const catalogue = load(planDir());
    const byKey = Object.fromEntries(catalogue.entries().map((e) => [e.key, e]));
    expect(Object.keys(byKey).sort()).toEqual([
      'chengdu-2022-report-tasks',
      'quanguo-2018-gov-employment',
      'sichuan-2022-fangguanfu',
      'sichuan-2023-plan-sample',
      'weihai-2023-digital',
    ]);
    // The Chengdu plan's text names no region; its file name does.
    expect(byKey['chengdu-2022-report-tasks']?.region).toBe('成都市');
    expect(byKey['quanguo-2018-gov-employment']?.plan.meta.issuer).toBe('国务院');
    expect(byKey['sichuan-2022-fangguanfu']?.name).toBe('2022年要点');
    // Two 2023 要点 plans: each name says its region.
    expect(byKey['sichuan-2023-plan-sample']?.name).toBe('四川2023年要点');
    expect(byKey['weihai-2023-digital']?.name).toBe('威海2023年要点');
    expect(
      byKey['sichuan-2022-fangguanfu']?.plan.tasks.every((t) => t.plan === 'sichuan-2022-fangguanfu'),
    ).toBe(true);
  });

  it('takes the newest plan of the most common issuer as the default, or PLAN_DEFAULT', () => {
    const dir = planDir();
    expect(load(dir).defaultEntry().key).toBe('sichuan-2023-plan-sample');
    expect(load(dir, 'sichuan-2022-fangguanfu').defaultEntry().key).toBe('sichuan-2022-fangguanfu');
    expect(load(dir, 'weihai-digital-2023.txt').defaultEntry().key).toBe('weihai-2023-digital');
    expect(() => load(dir, 'nowhere-2000-x')).toThrow(ConfigError);
  });

  it('skips a plan that fails its check and loads the others; refuses a folder with none', () => {
    const dir = planDir([PLAN_FILES.seed2022]);
    writeFileSync(join(dir, 'notes-2024.txt'), '会议纪要，不是计划。\n');
    const catalogue = load(dir);
    expect(catalogue.entries().map((e) => e.key)).toEqual(['sichuan-2022-fangguanfu']);
    const empty = planDir([]);
    writeFileSync(join(empty, 'notes.txt'), '不是计划\n');
    expect(() => load(empty)).toThrow(PlanFormatError);
  });

  it('loads a plan dropped into the watched folder while running', async () => {
    const dir = planDir([PLAN_FILES.seed2022]);
    const catalogue = load(dir);
    const stop = watchPlans(catalogue, dir, pino({ level: 'silent' }));
    try {
      copyFileSync(PLAN_FILES.sample2023, join(dir, 'sichuan-yaodian-2023.txt'));
      // Waits for the watcher's reload (an event, not a timing assertion).
      for (let i = 0; i < 100 && !catalogue.get('sichuan-2023-yaodian'); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(catalogue.get('sichuan-2023-yaodian')?.plan.year).toBe(2023);
      expect(catalogue.defaultEntry().key).toBe('sichuan-2023-yaodian');
    } finally {
      stop();
    }
  });

  it('reloads on SIGHUP', () => {
    const dir = planDir([PLAN_FILES.seed2022]);
    const catalogue = load(dir);
    const stop = watchPlans(catalogue, null, pino({ level: 'silent' }));
    try {
      copyFileSync(PLAN_FILES.stateCouncil2018, join(dir, 'gov-employment-2018.txt'));
      process.emit('SIGHUP', 'SIGHUP');
      expect(catalogue.get('quanguo-2018-gov-employment')).toBeDefined();
    } finally {
      stop();
    }
  });
});
