import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.ts';
import { findPeriod } from '../../src/engine/periods.ts';
import { findNumberedRef } from '../../src/engine/task-ref.ts';
import { emptyContext, type ConversationContext } from '../../src/engine/types.ts';
import { normalizeQuestion } from '../../src/nlp/normalize.ts';
import { loadAliases, loadPlan } from '../../src/plan/load.ts';

const plan = loadPlan();
const engine = createEngine(plan, loadAliases());
const NOW = new Date('2022-06-05T09:00:00+08:00');
const ask = (q: string, context: ConversationContext | null = null, now = NOW) =>
  engine.answer(q, { now, context });
const ids = (q: string, context: ConversationContext | null = null) =>
  ask(q, context).answer.matches.map((m) => m.task.id);

describe('normalizing a question', () => {
  it('folds traditional characters, full-width forms and stray spaces', () => {
    expect(normalizeQuestion(' 誰牽頭 川渝通辦？ ')).toBe('谁牵头川渝通办?');
    expect(normalizeQuestion('３．４')).toBe('3.4');
    expect(normalizeQuestion('四（一）')).toBe('四(一)');
  });

  it('writes counts in digits, as the plan does, but leaves articles alone', () => {
    expect(normalizeQuestion('不少于一百个')).toBe('不少于100个');
    expect(normalizeQuestion('四十亿元')).toBe('40亿元');
    expect(normalizeQuestion('这一项')).toBe('这一项');
    expect(normalizeQuestion('第三批')).toBe('第三批');
  });

  it('drops control characters and cuts very long input', () => {
    expect(normalizeQuestion('川渝\u0000通办\u200b')).toBe('川渝通办');
    expect(normalizeQuestion('办'.repeat(100_000)).length).toBeLessThanOrEqual(200);
  });
});

describe('periods', () => {
  const year = 2022;
  const span = (q: string, now = NOW) => {
    const p = findPeriod(q, now, year, 'Asia/Shanghai');
    return p?.kind === 'span' ? [p.period.from, p.period.to] : p?.kind;
  };

  it('reads months, year end, halves and quarters in the plan year', () => {
    expect(span('9月底前要完成什么')).toEqual(['2022-09-01', '2022-09-30']);
    expect(span('十二月有什么到期')).toEqual(['2022-12-01', '2022-12-31']);
    expect(span('年底前')).toEqual(['2022-12-01', '2022-12-31']);
    expect(span('下半年')).toEqual(['2022-07-01', '2022-12-31']);
    expect(span('第三季度')).toEqual(['2022-07-01', '2022-09-30']);
  });

  it('lets the most specific wording win, and reads cumulative spans', () => {
    expect(span('下半年的督办计划里，节点落在8月份的有没有')).toEqual(['2022-08-01', '2022-08-31']);
    expect(span('前三季度到期的节点')).toEqual(['2022-01-01', '2022-09-30']);
    expect(span('截至9月底要完成的')).toEqual(['2022-01-01', '2022-09-30']);
    expect(span('单位今年体检啥时候安排')).toBeUndefined();
    expect(span('今年还有哪些节点到期')).toEqual(['2022-01-01', '2022-12-31']);
  });

  it('reads a day as a cut-off from the year start, a month end as that month, and spans either side', () => {
    expect(span('10月1日以前有哪些节点')).toEqual(['2022-01-01', '2022-10-01']);
    expect(span('9月30日前要完成哪些')).toEqual(['2022-09-01', '2022-09-30']);
    expect(span('截至11月15日到期的')).toEqual(['2022-01-01', '2022-11-15']);
    expect(span('10月以前要完成什么')).toEqual(['2022-01-01', '2022-10-31']);
    expect(span('9月底前')).toEqual(['2022-09-01', '2022-09-30']);
    expect(span('6月以来到期的')).toEqual(['2022-06-01', '2022-12-31']);
    expect(span('6月以后到期的')).toEqual(['2022-07-01', '2022-12-31']);
    expect(span('11月30日前后')).toEqual(['2022-11-15', '2022-12-15']);
    expect(span('9月1日到11月30日之间')).toEqual(['2022-09-01', '2022-11-30']);
    expect(span('截至9月31日')).toBe('invalid');
  });

  it('reads relative periods against the clock, in the plan time zone', () => {
    expect(span('这个月')).toEqual(['2022-06-01', '2022-06-30']);
    expect(span('下个月')).toEqual(['2022-07-01', '2022-07-31']);
    // 2022-06-30T17:00Z is already July 1st in Shanghai.
    expect(span('本月', new Date('2022-06-30T17:00:00Z'))).toEqual(['2022-07-01', '2022-07-31']);
    expect(span('最近的截止')).toBe('next');
  });
});

describe('numbered references', () => {
  it('reads task ids in every notation staff use', () => {
    for (const q of ['3.4', '任务3.4', '三(四)', '三（四）', '第三部分第四项', '第3部分第4项']) {
      expect(findNumberedRef(normalizeQuestion(q), plan)).toMatchObject({ kind: 'task', taskId: '3.4' });
    }
    expect(findNumberedRef('第五部分', plan)).toMatchObject({ kind: 'section', section: 5 });
  });

  it('marks task-like numbers the plan lacks, and ignores amounts', () => {
    expect(findNumberedRef('9.9', plan)).toMatchObject({ kind: 'missing', label: '9.9' });
    expect(findNumberedRef('第九部分', plan)).toMatchObject({ kind: 'missing', label: '第九部分' });
    expect(findNumberedRef('40.5亿元', plan)).toBeNull();
  });
});

describe('answers', () => {
  it('repairs homophone typos of the plan’s terms', () => {
    expect(ids('川瑜通办谁牵头')).toEqual(['4.1']);
    expect(ids('一网通半')[0]).toBe('1.1');
  });

  it('says when a task has no lead instead of inventing one', () => {
    const { answer } = ask('市场公平竞争谁牵头');
    expect(answer.matches[0]?.task.leads).toEqual([]);
    expect(answer.text).toContain('未设牵头单位');
    expect(answer.text).toContain('省发展改革委');
  });

  it('names the next deadline when a period holds none', () => {
    const { answer } = ask('3月底前要完成什么');
    expect(answer.matches).toEqual([]);
    expect(answer.text).toContain('没有到期');
    expect(answer.text).toContain('6月底前');
  });

  it('gives the nearest deadline from today', () => {
    const { answer } = ask('最近的截止是什么', null, new Date('2022-07-01T09:00:00+08:00'));
    expect(answer.matches.map((m) => m.task.id).sort()).toEqual(['1.4', '4.1', '5.1']);
    expect(answer.text).toContain('2022-09-30');
  });

  it('refuses questions outside the plan rather than returning a loosely matched task', () => {
    for (const q of ['明天会下雨吗', '讲个笑话', '公积金怎么提取', 'asdfgh', '？？？', '🙂']) {
      const { answer } = ask(q);
      expect(answer.intent, q).toBe('unknown');
      expect(answer.matches, q).toEqual([]);
      expect(answer.text.length, q).toBeGreaterThan(0);
    }
  });

  it('says so when a task or section number does not exist', () => {
    for (const q of ['99.9', '四(九)', '第九部分有什么']) {
      const { answer } = ask(q);
      expect(answer.intent, q).toBe('unknown');
      expect(answer.text, q).toContain('计划里没有');
      expect(answer.text, q).toContain('23项工作');
    }
  });

  it('tells apart an agency the plan does not name', () => {
    const { answer } = ask('公安厅负责哪些工作');
    expect(answer.intent).toBe('unknown');
    expect(answer.text).toContain('公安厅');
  });

  it('keeps 各市(州)人民政府 as a plan-wide responsibility', () => {
    const { answer } = ask('各市(州)人民政府负责哪些工作');
    expect(answer.intent).toBe('agency');
    expect(answer.matches.length).toBe(plan.tasks.length);
  });

  it('answers a list asked for with no subject with the plan overview', () => {
    for (const q of ['有哪些任务', '都有什么工作', '任务清单']) {
      const { answer } = ask(q);
      expect(answer.intent, q).toBe('overview');
      expect(answer.text, q).toContain(`${plan.tasks.length}项工作`);
    }
  });

  it('answers a long garbled message without throwing', () => {
    const { answer } = ask('\u0000\uffff'.repeat(50_000));
    expect(answer.intent).toBe('unknown');
  });
});

describe('follow-ups', () => {
  it('refers “它” to the last task discussed', () => {
    const first = ask('证照分离谁牵头');
    expect(first.answer.matches[0]?.task.id).toBe('3.3');
    const next = ask('那它什么时候截止', first.context);
    expect(next.answer.intent).toBe('when');
    expect(next.answer.matches[0]?.task.id).toBe('3.3');
    const lead = ask('这块是哪个部门牵头的', ask('介绍一下川渝通办').context);
    expect(lead.answer.intent).toBe('lead');
    expect(lead.answer.matches[0]?.task.id).toBe('4.1');
  });

  it('repeats the last agency question with a new agency, keeping its leads-only filter', () => {
    const first = ask('大数据中心牵头哪些工作');
    expect(ids('那商务厅呢', first.context)).toEqual(['3.4']);
    const any = ask('大数据中心负责哪些工作');
    expect(ids('那税务局呢', any.context)).toEqual(['3.3', '3.4']);
  });

  it('answers “how long” by a target in days, or by the deadline where the task has none', () => {
    expect(ask('出口退税平均要多久').answer.text).toContain('6个工作日');
    const { answer } = ask('川渝通办多久能落地');
    expect(answer.intent).toBe('when');
    expect(answer.matches[0]?.task.id).toBe('4.1');
  });

  it('answers for the role asked: led, partnered in only, or both', () => {
    expect(ids('省大数据中心不是牵头、只是配合的工作有哪些')).toEqual(['2.1', '2.3', '3.4', '5.1', '5.3']);
    expect(ids('市场监管局牵头加配合都算一共涉及几项')).toEqual(['3.3', '3.2', '3.6', '5.1', '5.2', '5.3']);
    expect(ids('政务服务和资源交易服务中心牵头哪几项')).toEqual(['1.3', '2.2', '3.5', '4.1', '5.4']);
  });

  it('asks which task when a follow-up has nothing to refer to', () => {
    const { answer } = ask('那它什么时候截止', emptyContext());
    expect(answer.intent).toBe('unknown');
    expect(answer.text).toContain('哪项工作');
  });
});
