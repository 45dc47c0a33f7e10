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
