import { beforeAll, describe, expect, it } from 'vitest';
import { PlanCatalogue } from '../../src/catalogue/catalogue.ts';
import { PlanRouter } from '../../src/catalogue/router.ts';
import { toContractJson } from '../../src/engine/contract.ts';
import { emptyContext, type ConversationContext } from '../../src/engine/types.ts';
import { planDir } from './plan-dir.ts';

const now = new Date('2023-06-01T09:00:00+08:00');
let catalogue: PlanCatalogue;
let router: PlanRouter;

beforeAll(() => {
  catalogue = PlanCatalogue.load({ dir: planDir(), timeZone: 'Asia/Shanghai' });
  router = new PlanRouter(catalogue, 'Asia/Shanghai');
});

const ask = (question: string, context: ConversationContext = emptyContext()) =>
  router.answer(question, { now, context });

describe('routing a question to a plan', () => {
  it('answers an unqualified question from the default plan, without naming it', () => {
    const { answer } = ask('谁牵头川渝通办');
    expect(answer.plan).toBe(catalogue.defaultEntry().key);
    expect(answer.text.startsWith('【')).toBe(false);
  });

  it('answers a year-qualified question from that year’s plan and names the plan', () => {
    const { answer } = ask('2022年川渝通办谁牵头');
    expect(answer.plan).toBe('sichuan-2022-fangguanfu');
    expect(answer.text).toContain('2022年要点');
    expect(answer.text).toContain('省政务服务和资源交易服务中心');
    expect(answer.matches.every((m) => m.task.plan === 'sichuan-2022-fangguanfu')).toBe(true);
  });

  it('reads 去年 and 今年 against the plan clock', () => {
    expect(ask('去年的川渝通办是谁牵头').answer.plan).toBe('sichuan-2022-fangguanfu');
    expect(ask('今年川渝通办谁牵头').answer.plan).toBe('sichuan-2023-plan-sample');
  });

  it('routes by region and issuer', () => {
    expect(ask('威海的数字政府建设有哪些任务').answer.plan).toBe('weihai-2023-digital');
    expect(ask('国务院的就业意见里创业担保贷款怎么说').answer.plan).toBe('quanguo-2018-gov-employment');
    expect(ask('成都市地区生产总值增长多少').answer.text).toContain('7%');
  });

  it('routes by title words', () => {
    const { answer } = ask('就业工作若干意见里稳岗谁牵头');
    expect(answer.plan).toBe('quanguo-2018-gov-employment');
  });

  it('says a year no plan covers is not loaded, lists the loaded plans and answers nothing', () => {
    const { answer } = ask('2021年川渝通办谁牵头');
    expect(answer.intent).toBe('scope');
    expect(answer.matches).toEqual([]);
    expect(answer.text).toContain('没有载入2021年的计划');
    expect(answer.text).toContain('四川省深化“放管服”改革优化营商环境2022年工作要点');
  });

  it('says a region no plan covers is not loaded', () => {
    const { answer } = ask('深圳的川渝通办谁牵头');
    expect(answer.intent).toBe('scope');
    expect(answer.text).toContain('没有载入深圳的计划');
  });

  it('keeps an agency named after a city (成都海关) an agency, not a region', () => {
    const { answer } = ask('成都海关牵头哪些');
    expect(answer.plan).toBe(catalogue.defaultEntry().key);
  });

  it('puts the plan key on the JSON answer and on each task', () => {
    const json = toContractJson(ask('2022年川渝通办谁牵头').answer);
    expect(json.plan).toBe('sichuan-2022-fangguanfu');
    expect(json.tasks[0]?.plan).toBe('sichuan-2022-fangguanfu');
  });
});

describe('follow-ups across plans', () => {
  it('keeps a follow-up on the plan of the last answer', () => {
    const first = ask('2022年川渝通办谁牵头');
    const { answer } = ask('它什么时候截止', first.context);
    expect(answer.plan).toBe('sichuan-2022-fangguanfu');
    expect(answer.matches[0]?.task.id).toBe('4.1');
  });

  it('asks the last question of another year when only the year is said', () => {
    const first = ask('2022年川渝通办谁牵头');
    const { answer } = ask('那2023年呢', first.context);
    expect(answer.plan).toBe('sichuan-2023-plan-sample');
    expect(answer.matches[0]?.task.leads).toEqual(['省政府办公厅', '省大数据中心']);
  });
});

describe('across plans', () => {
  it('compares one work item of two years side by side, naming both years’ leads and the change', () => {
    const { answer } = ask('川渝通办2022年和2023年谁牵头，有变化吗');
    expect(answer.text).toContain('2022年要点');
    expect(answer.text).toContain('2023年要点');
    expect(answer.text).toContain('省政务服务和资源交易服务中心');
    expect(answer.text).toMatch(/变化.*不再列省政务服务和资源交易服务中心/);
    expect(new Set(answer.matches.map((m) => m.task.plan))).toEqual(
      new Set(['sichuan-2022-fangguanfu', 'sichuan-2023-plan-sample']),
    );
  });

  it('lists what changed between this year’s and last year’s plans', () => {
    const { answer } = ask('今年和去年的要点有什么不同');
    expect(answer.text).toContain('2022年要点');
    expect(answer.text).toContain('不再有的任务');
    expect(answer.text).toMatch(/有变化的任务[\s\S]*牵头单位/);
  });

  it('says which plan each part comes from when several fit and differ', () => {
    const { answer } = ask('省里的川渝通办谁牵头');
    expect(answer.text).toContain('【2022年要点】');
    expect(answer.text).toMatch(/【(四川)?2023年要点】/);
  });

  it('says a compared year that is not loaded is not loaded', () => {
    expect(ask('2020年和2022年川渝通办谁牵头').answer.text).toContain('没有载入2020年的计划');
  });
});

describe('routing at scale', () => {
  it('asks only the engines of the plans a question names, never every loaded plan’s', () => {
    const asked = new Map<string, number>();
    for (const entry of catalogue.entries()) {
      const original = entry.engine.answer.bind(entry.engine);
      entry.engine.answer = (question, options) => {
        asked.set(entry.key, (asked.get(entry.key) ?? 0) + 1);
        return original(question, options);
      };
    }
    ask('谁牵头川渝通办');
    expect([...asked.keys()]).toEqual([catalogue.defaultEntry().key]);
    asked.clear();
    ask('2022年川渝通办谁牵头');
    expect([...asked.keys()].every((key) => catalogue.get(key)?.plan.year === 2022)).toBe(true);
    asked.clear();
    ask('2019年的要点有几项任务');
    expect(asked.size).toBe(0);
  });
});
