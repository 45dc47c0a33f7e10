import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.ts';
import { loadAliases, loadPlan } from '../../src/plan/load.ts';

const NOW = new Date('2023-06-05T09:00:00+08:00');
const engineFor = (file?: string) => {
  const plan = loadPlan(file);
  return { plan, engine: createEngine(plan, loadAliases()) };
};
const ask = (e: ReturnType<typeof engineFor>, q: string) => e.engine.answer(q, { now: NOW }).answer;

// Plans call themselves 方案, 意见, 要点 or 文件; a question pointing at "this plan" asks about the
// plan itself, whatever the genre word, and never about a task that happens to hold the word.
describe('questions about the plan itself', () => {
  const employment = engineFor('test/fixtures/plans/import/gov-employment-2018.txt');
  const seed = engineFor();

  it('answers its year, also when the title does not say it', () => {
    for (const q of ['这份文件是哪年的', '这个意见是哪一年印发的']) {
      const answer = ask(employment, q);
      expect(answer.intent).toBe('overview');
      expect(answer.text).toContain(`${employment.plan.year}年`);
    }
  });

  it('answers its title and document number when asked what it is called', () => {
    const answer = ask(employment, '文件叫什么');
    expect(answer.intent).toBe('overview');
    expect(answer.text).toContain(employment.plan.title);
    if (employment.plan.meta.documentNumber)
      expect(answer.text).toContain(employment.plan.meta.documentNumber);
  });

  it('counts its tasks when asked how many items this plan has', () => {
    const answer = ask(employment, '这个意见一共几条');
    expect(answer.intent).toBe('count');
    expect(answer.text).toContain(`${employment.plan.tasks.length}`);
  });

  it('leaves a genre word inside a task question to the task', () => {
    const answer = ask(seed, '改造方案什么时候完成');
    expect(answer.intent).not.toBe('overview');
    expect(answer.matches.length).toBeGreaterThan(0);
  });

  it('keeps a title that names its year as it was', () => {
    expect(ask(seed, '这个要点叫什么').text).toContain(`《${seed.plan.title}》共`);
  });
});

// The issuer and region come from the plan's own header (meta), never guessed from its title.
describe('who issued the plan, and for where', () => {
  const onenet = engineFor('test/fixtures/plans/sc-onenet-100days-2021.txt');
  const employment = engineFor('test/fixtures/plans/import/gov-employment-2018.txt');
  const seed = engineFor();

  it('names the issuer from the header', () => {
    for (const q of ['谁发的文', '哪个单位印发的', '发文机关是哪个']) {
      expect(ask(onenet, q).text, q).toContain('四川省人民政府办公厅');
      expect(ask(employment, q).text, q).toContain('国务院');
    }
  });

  it('says so when the text names no issuer', () => {
    const answer = ask(seed, '谁发的文');
    expect(answer.intent).toBe('overview');
    expect(answer.text).toContain('没有写明印发单位');
  });

  it('names the region when asked which province the plan is for', () => {
    expect(ask(seed, '这个要点是哪个省的').text).toContain('四川');
  });

  it('finds a task by the (一) sub-heading it sits under, and names its 责任单位', () => {
    const answer = ask(onenet, '规范系统运行基础配置谁负责');
    expect(answer.matches[0]?.task.id).toBe('2.1');
    expect(answer.text).toContain('省大数据中心');
  });
});

// Staff cite a plan by its 文号; it comes from the plan's header, and is never made up.
describe("the plan's document number", () => {
  const onenet = engineFor('test/fixtures/plans/sc-onenet-100days-2021.txt');
  const seed = engineFor();

  it('answers the 文号 first, however it is asked', () => {
    for (const q of ['文号是多少', '发文字号', '这个方案的文件编号是什么']) {
      const answer = ask(onenet, q);
      expect(answer.intent, q).toBe('overview');
      expect(answer.text.startsWith('文号：川办函〔2021〕7号'), q).toBe(true);
    }
  });

  it('says so when the text has no 文号', () => {
    expect(ask(seed, '文号是多少').text).toContain('没有写明文号');
  });
});

// A yes/no check naming an agency the plan does not hold is answered 不是, with who leads.
describe('a yes/no check naming an agency the plan does not hold', () => {
  const weihai = engineFor('test/fixtures/plans/weihai-digital-2023.txt');

  it('answers 不是 and names the lead', () => {
    for (const q of ['网上办是不是市大数据局牵头的', '网上办事大厅是否由市发改委负责']) {
      const answer = ask(weihai, q);
      expect(answer.intent, q).toBe('check');
      expect(answer.matches[0]?.task.id, q).toBe('1.1');
      expect(answer.text.startsWith('不是'), q).toBe(true);
      expect(answer.text, q).toContain('市行政审批服务局');
    }
  });

  it('answers 是 when the plan names that lead, also by a short name of it', () => {
    for (const q of [
      '网上办是市行政审批服务局牵头的吗',
      '网上办是市审批局牵头的吗',
      '网上办是不是市审批服务局负责',
    ]) {
      const answer = ask(weihai, q);
      expect(answer.text.startsWith('是'), `${q}: ${answer.text}`).toBe(true);
    }
  });
});

describe("a city's plan and other places", () => {
  const weihai = engineFor('test/fixtures/plans/weihai-digital-2023.txt');
  const employment = engineFor('test/fixtures/plans/import/gov-employment-2018.txt');

  it('tells a question about another city, even one it has no list of, which plan is loaded', () => {
    for (const q of ['烟台市的网上办谁牵头', '济南市的网上办谁牵头']) {
      const answer = ask(weihai, q);
      expect(answer.intent, q).toBe('scope');
      expect(answer.text, q).toContain('威海');
      expect(answer.matches, q).toEqual([]);
    }
    expect(ask(weihai, '威海市的网上办谁牵头').intent).not.toBe('scope');
  });

  it("reads a year said as a date inside the plan's own deadlines as the plan's, and a plan's year as another plan", () => {
    const within = ask(employment, '哪些政策执行到2020年底');
    expect(within.intent).not.toBe('scope');
    expect(within.matches.flatMap((m) => m.deadlines.map((d) => d.date))).toContain('2020-12-31');
    expect(ask(employment, '2020年的促进就业意见里稳岗支持谁牵头').intent).toBe('scope');
  });
});
