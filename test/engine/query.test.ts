import { describe, expect, it } from 'vitest';
import { ASK_PHRASES } from '../../src/engine/cues.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { findPeriod } from '../../src/engine/periods.ts';
import { ASKED } from '../../src/engine/query.ts';
import { findValue } from '../../src/engine/slots/values.ts';
import { emptyContext, type ConversationContext } from '../../src/engine/types.ts';
import { PinyinTerms } from '../../src/nlp/pinyin-terms.ts';
import { loadAliases, loadPlan } from '../../src/plan/load.ts';

const plan = loadPlan();
const engine = createEngine(plan, loadAliases());
const NOW = new Date('2022-09-20T10:00:00+08:00');
const ask = (q: string, context: ConversationContext | null = null) =>
  engine.answer(q, { now: NOW, context });
const ids = (q: string, context: ConversationContext | null = null) =>
  ask(q, context).answer.matches.map((m) => m.task.id);

/** Asks a conversation in order and returns the last answer. */
function chat(...questions: string[]) {
  let context = emptyContext();
  let answer = null;
  for (const q of questions) {
    const result = ask(q, context);
    answer = result.answer;
    context = result.context;
  }
  if (!answer) throw new Error('no question');
  return answer;
}

describe('the phrase table', () => {
  it('names every phrase once, and every phrase asks a known kind', () => {
    const names = ASK_PHRASES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of ASK_PHRASES) expect(ASKED).toContain(p.asks);
  });
});

describe('recognisers report the span they matched', () => {
  it('periods, with their characters', () => {
    const text = '大数据中心7月到10月之间到期的';
    const p = findPeriod(text, NOW, 2022, 'Asia/Shanghai');
    expect(p).toMatchObject({ kind: 'span', period: { from: '2022-07-01', to: '2022-10-31' } });
    if (p?.kind !== 'span') throw new Error('no span');
    expect(text.slice(p.span.start, p.span.end)).toBe('7月到10月之间');
  });

  it('a day of a month, and days and months that do not exist', () => {
    expect(findPeriod('9.30前要交啥', NOW, 2022, 'Asia/Shanghai')).toMatchObject({
      kind: 'span',
      period: { from: '2022-09-01', to: '2022-09-30' },
    });
    expect(findPeriod('12月32日前', NOW, 2022, 'Asia/Shanghai')).toMatchObject({ kind: 'invalid' });
    expect(findPeriod('十三月底前', NOW, 2022, 'Asia/Shanghai')).toMatchObject({ kind: 'invalid' });
  });

  it('figures with their unit', () => {
    expect(findValue('90个工作日是哪项的')).toMatchObject({ value: 90, unit: '个工作日', raw: '90个工作日' });
    expect(findValue('3.4谁牵头')).toBeNull();
  });

  it('pinyin, whole or mixed, maps to the plan’s own term', () => {
    const pinyin = new PinyinTerms(['川渝通办', '掌上办']);
    expect(pinyin.replace('chuanyu tongban谁牵头')).toBe('川渝通办谁牵头');
    expect(pinyin.replace('谁牵头川渝tongban')).toBe('谁牵头川渝通办');
    expect(pinyin.replace('hello')).toBe('hello');
  });
});

describe('a question is read as a Query', () => {
  it('combines agency, role and period with AND', () => {
    const { answer } = ask('大数据中心牵头的里面，年底前要完成的有哪些');
    expect(answer.query?.filters).toEqual([
      { kind: 'agency', agencies: ['省大数据中心'], role: 'lead', negate: false },
      expect.objectContaining({ kind: 'period', from: '2022-12-01', to: '2022-12-31', negate: false }),
    ]);
    expect(answer.matches.map((m) => m.task.id)).toEqual(['1.3', '1.4', '2.2', '4.1']);
  });

  it('reads complements, keeping the role said', () => {
    expect(ids('第三部分里除了发改委牵头的还有哪些')).toEqual(['3.2', '3.3', '3.4', '3.5', '3.6']);
    expect(ids('第五部分不涉及大数据中心的任务')).toEqual(['5.2']);
    expect(ids('省政府办公厅只配合、不牵头的工作')).toEqual([]);
  });

  it('needs every agency for "都参与", and answers "分别" for each', () => {
    expect(ids('商务厅和税务局都参与的是哪项')).toEqual(['3.4']);
    const each = ask('人社厅和市场监管局分别牵头哪些工作').answer;
    expect(each.text).toContain('人力资源社会保障厅牵头');
    expect(each.text).toContain('省市场监管局牵头');
  });

  it('names a section by the words of its title', () => {
    expect(ids('监管那一部分有哪些任务')).toEqual(['5.1', '5.2', '5.3', '5.4']);
    expect(ids('最多跑一次那部分9月底前要干啥')).toEqual(['1.4']);
  });

  it('answers yes/no starting with 是 or 不是, then the fact with its citation', () => {
    expect(ask('一件事一次办是不是办公厅牵头').answer.text).toMatch(/^不是。1\.3 /);
    expect(ask('川渝告知承诺制的证明事项是30个吗').answer.text).toMatch(/^不是，是20个/);
    expect(ask('掌上办清单是9月底前编完吗').answer.text).toMatch(/^不是，是6月底前（2022-06-30）/);
    expect(ask('证照分离是不是市场监管局牵头').answer.text).toMatch(/^是。/);
  });

  it('counts, and lists what it counted', () => {
    const { answer } = ask('没有时间节点的任务有几项');
    expect(answer.intent).toBe('count');
    expect(answer.text).toContain('15项');
    expect(answer.matches).toHaveLength(15);
  });

  it('tells a question about another year or region which plan is loaded, and answers nothing from it', () => {
    for (const q of ['2023年创业担保贷款发放多少', '重庆市负责哪些工作', '广东省的一网通办谁牵头']) {
      const { answer } = ask(q);
      expect(answer.intent, q).toBe('scope');
      expect(answer.matches, q).toEqual([]);
      expect(answer.text, q).toContain(plan.title);
    }
    expect(ask('四川省2022年的川渝通办谁牵头').answer.intent).toBe('lead');
  });

  it('says a clause without a date has none, rather than borrow its neighbour’s', () => {
    const { answer } = ask('川渝健康码什么时候互通互认');
    expect(answer.matches[0]?.task.id).toBe('4.1');
    expect(answer.text).not.toContain('9月底前');
  });

  it('says there is no 13th month', () => {
    const { answer } = ask('13月底前要完成什么');
    expect(answer.matches).toEqual([]);
    expect(answer.text).toContain('13月');
  });
});

describe('two sides, rankings and reverse look-ups', () => {
  it('says 是 or 不是 first when two tasks are asked whether they share a lead, and shows both', () => {
    const differ = ask('3.4和3.5是不是同一个单位牵头').answer;
    expect(differ.text.startsWith('不是')).toBe(true);
    expect(differ.matches.map((m) => m.task.id)).toEqual(['3.4', '3.5']);
    expect(ask('1.2和1.4的牵头单位一样吗').answer.text.startsWith('是')).toBe(true);
  });

  it('counts the days between two tasks’ milestones', () => {
    const apart = ask('1.2比5.1早几天').answer;
    expect(apart.query?.cue).toBe('compare_days');
    expect(apart.text).toContain('早92天');
  });

  it('answers a question about several numbered tasks for each of them', () => {
    const each = ask('1.3和3.4分别谁牵头').answer;
    expect(each.matches.map((m) => m.task.id)).toEqual(['1.3', '3.4']);
    expect(each.text).toContain('商务厅');
  });

  it('counts for each task or agency named side by side', () => {
    const partners = ask('3.4和3.5分别有几个配合单位').answer;
    expect(partners.matches.map((m) => m.task.id)).toEqual(['3.4', '3.5']);
    expect(partners.text).toContain('配合单位共2个');
    expect(ask('1.2和1.4一共几个时间节点').answer.text).toContain('1.2、1.4的时间节点共3个');
    const each = ask('省大数据中心和商务厅分别牵头几项').answer;
    expect(each.text).toContain('省大数据中心牵头的工作共7项');
    expect(each.text).toContain('商务厅牵头的工作共1项');
  });

  it('ranks the first N agencies, ties at the last place included', () => {
    const top = ask('牵头任务最多的前三个部门').answer;
    expect(top.query?.limit).toBe(3);
    expect(top.query?.filters).toEqual([]);
    expect(top.text.split('\n').filter((l) => /^\d\. /.test(l))).toHaveLength(3);
  });

  it('counts one task’s partners, not the plan’s agencies', () => {
    const count = ask('3.3有几个配合单位').answer;
    expect(count.matches.map((m) => m.task.id)).toEqual(['3.3']);
    expect(count.text).toContain('配合单位共7个');
  });

  it('finds every task that writes a bare term, never "not in the plan"', () => {
    expect(ids('12345')).toEqual(['4.3', '5.4']);
  });

  it('lists every task under its section for "全部任务给我列一下"', () => {
    const all = ask('全部任务给我列一下').answer;
    expect(all.intent).toBe('overview');
    for (const t of plan.tasks) expect(all.text).toContain(`${t.id} ${t.title}`);
  });

  it('reads a city of Sichuan as one of the plan-wide 各市(州)人民政府', () => {
    const city = ask('绵阳要做什么').answer;
    expect(city.query?.filters).toContainEqual(
      expect.objectContaining({ kind: 'agency', agencies: ['各市(州)人民政府'] }),
    );
    expect(city.text).toContain('绵阳属于');
    expect(engine.lookup('成都市')).toEqual({ kind: 'agency', agency: '各市(州)人民政府' });
  });
});

describe('follow-ups are rules', () => {
  it('a question with its own subject never takes the previous task', () => {
    const next = chat('谁牵头川渝通办', '这个月有什么到期');
    expect(next.matches.map((m) => m.task.id)).toEqual(['1.4', '4.1', '5.1']);
  });

  it('"其中…" narrows the previous answer, and "那X呢" swaps one slot keeping the rest', () => {
    const narrowed = chat('大数据中心牵头哪些', '其中有截止时间的呢');
    expect(narrowed.matches.map((m) => m.task.id)).toEqual(['1.2', '1.3', '1.4', '2.2', '4.1']);
    const swapped = chat('大数据中心牵头哪些', '其中有截止时间的呢', '那办公厅呢');
    expect(swapped.matches.map((m) => m.task.id)).toEqual(['2.1', '2.2', '4.1']);
  });

  it('"那X呢" keeps the period', () => {
    const swapped = chat('大数据中心年底前要完成什么', '那商务厅呢');
    expect(swapped.query?.filters).toContainEqual(
      expect.objectContaining({ kind: 'period', to: '2022-12-31' }),
    );
    expect(swapped.matches).toEqual([]);
  });

  it('"配合单位有哪些" after a task asks for that task’s partners', () => {
    const partners = chat('公共资源交易谁牵头', '配合单位有哪些');
    expect(partners.matches[0]?.task.id).toBe('3.5');
    expect(partners.text).toContain('省发展改革委');
  });
});
