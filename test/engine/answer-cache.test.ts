import { readdirSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { PlanCatalogue } from '../../src/catalogue/catalogue.ts';
import { PlanRouter } from '../../src/catalogue/router.ts';
import { toContractJson } from '../../src/engine/contract.ts';
import { cachedAnswers } from '../../src/engine/answer-cache.ts';
import { createEngine } from '../../src/engine/engine.ts';
import {
  emptyContext,
  type AnswerResult,
  type ConversationContext,
  type Engine,
} from '../../src/engine/types.ts';
import { loadAliases, loadPlan } from '../../src/plan/load.ts';
import { PLAN_FILES, planDir } from '../catalogue/plan-dir.ts';
import { answerInOrder, loadCases } from '../helpers/questions.ts';

const TZ = 'Asia/Shanghai';
const DEFAULT_NOW = new Date('2026-11-26T10:00:00+08:00');
const plan = loadPlan();
const engine = createEngine(plan, loadAliases());

/** The real engine, counting how often it is asked (the cache is what is under test). */
function counted(inner: Engine): Engine & { calls: number } {
  const wrapper = {
    calls: 0,
    answer: (q: string, o: Parameters<Engine['answer']>[1]) => {
      wrapper.calls += 1;
      return inner.answer(q, o);
    },
    lookup: (t: string) => inner.lookup(t),
  };
  return wrapper;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
/** A PLAN_DIR holding the seed plan alone: the router then asks its one engine. */
function oneSeedPlan(): string {
  const dir = planDir([PLAN_FILES.seed2022]);
  dirs.push(dir);
  return dir;
}

/** Every seed-plan question set of the fixtures (the several-plan sets need a catalogue). */
const SEED_SETS = readdirSync(new URL('../fixtures/', import.meta.url)).filter(
  (f) => f.endsWith('-questions.jsonl') && !f.startsWith('multiplan'),
);

/** Replays a set in order, follow-ups sharing their chat's context, as the bot does. */
function replay(asker: Engine, file: string): { contract: unknown; context: ConversationContext }[] {
  return answerInOrder(asker, loadCases(file), DEFAULT_NOW).map((a) => ({
    contract: a.out,
    context: a.context,
  }));
}

describe('cached answers', () => {
  it.each(SEED_SETS)('are the engine’s own answers, asked once and asked again: %s', (file) => {
    const cache = cachedAnswers(engine, { timeZone: TZ, version: () => 0, capacity: 10_000 });
    const direct = replay(engine, file);
    expect(replay(cache, file)).toEqual(direct);
    // The second pass is answered from what was kept, and is still the same.
    expect(replay(cache, file)).toEqual(direct);
  });

  it.each(SEED_SETS)('are the plan router’s own answers over one plan, follow-ups included: %s', (file) => {
    const router = new PlanRouter(PlanCatalogue.load({ dir: oneSeedPlan(), timeZone: TZ }), TZ);
    const cache = cachedAnswers(router, { timeZone: TZ, version: () => 0, capacity: 10_000 });
    const direct = replay(router, file);
    expect(replay(cache, file)).toEqual(direct);
    expect(replay(cache, file)).toEqual(direct);
  });

  it('reuses an answer after another history when the fields its reading used agree', () => {
    const inner = counted(engine);
    const cache = cachedAnswers(inner, { timeZone: TZ, version: () => 0, capacity: 100 });
    const now = DEFAULT_NOW;
    const turns = (asker: Engine, questions: string[]) => {
      let context: ConversationContext | null = null;
      return questions.map((q) => {
        const result: AnswerResult = asker.answer(q, { now, context });
        context = result.context;
        return { contract: toContractJson(result.answer), context };
      });
    };
    // Two histories that leave different agencies behind (省大数据中心 carried over, or none), then
    // the same two questions: the last one's reading uses only what the one before it left.
    const a = ['省大数据中心负责哪些工作', '证照分离谁牵头', '川渝通办什么时候截止'];
    const b = ['谁牵头川渝通办', '证照分离谁牵头', '川渝通办什么时候截止'];
    const viaCache = [...turns(cache, a), ...turns(cache, b)];
    expect(inner.calls).toBe(5);
    expect(viaCache).toEqual([...turns(engine, a), ...turns(engine, b)]);
    // The carried-over agency differs, so the whole contexts did: the answer was reused, not looked up.
    expect(viaCache[2]!.context.lastAgency).not.toEqual(viaCache[5]!.context.lastAgency);
  });

  it('runs the engine once for a question repeated with the same context on the same day', () => {
    const inner = counted(engine);
    const cache = cachedAnswers(inner, { timeZone: TZ, version: () => 0, capacity: 100 });
    const first = cache.answer('谁牵头川渝通办', { now: DEFAULT_NOW, context: emptyContext() });
    const again = cache.answer('谁牵头川渝通办', { now: DEFAULT_NOW, context: emptyContext() });
    expect(inner.calls).toBe(1);
    expect(again).toBe(first);
  });

  it('asks the engine again when the follow-up context differs', () => {
    const inner = counted(engine);
    const cache = cachedAnswers(inner, { timeZone: TZ, version: () => 0, capacity: 100 });
    const after41 = cache.answer('谁牵头川渝通办', { now: DEFAULT_NOW, context: emptyContext() }).context;
    const after35 = cache.answer('公共资源交易谁牵头', { now: DEFAULT_NOW, context: emptyContext() }).context;
    const a: AnswerResult = cache.answer('配合单位有哪些', { now: DEFAULT_NOW, context: after41 });
    const b: AnswerResult = cache.answer('配合单位有哪些', { now: DEFAULT_NOW, context: after35 });
    expect(inner.calls).toBe(4);
    expect(a.answer.matches.map((m) => m.task.id)).not.toEqual(b.answer.matches.map((m) => m.task.id));
  });

  it('asks the engine again on another day in the plan’s time zone, not within the same day', () => {
    const inner = counted(engine);
    const cache = cachedAnswers(inner, { timeZone: TZ, version: () => 0, capacity: 100 });
    const q = '本月到期的任务';
    // 00:30 and 23:30 on 5 June in Shanghai are one local day; 5 June 23:30 UTC is 6 June there.
    const morning = cache.answer(q, { now: new Date('2022-06-05T00:30:00+08:00') });
    cache.answer(q, { now: new Date('2022-06-05T23:30:00+08:00') });
    expect(inner.calls).toBe(1);
    const nextMonth = cache.answer(q, { now: new Date('2022-07-01T00:10:00+08:00') });
    expect(inner.calls).toBe(2);
    expect(nextMonth.answer.text).not.toBe(morning.answer.text);
  });

  it('drops every kept answer when the loaded plans change (a reload)', () => {
    const inner = counted(engine);
    let version = 1;
    const cache = cachedAnswers(inner, { timeZone: TZ, version: () => version, capacity: 100 });
    cache.answer('谁牵头川渝通办', { now: DEFAULT_NOW });
    version = 2;
    cache.answer('谁牵头川渝通办', { now: DEFAULT_NOW });
    expect(inner.calls).toBe(2);
  });

  it('keeps at most its capacity, dropping the least recently used first', () => {
    const inner = counted(engine);
    const cache = cachedAnswers(inner, { timeZone: TZ, version: () => 0, capacity: 2 });
    const ask = (q: string) => cache.answer(q, { now: DEFAULT_NOW });
    ask('谁牵头川渝通办'); // 1
    ask('证照分离谁牵头'); // 2
    ask('谁牵头川渝通办'); // kept: now the most recent
    ask('有几个部分'); // 3: drops 证照分离
    ask('谁牵头川渝通办'); // kept
    expect(inner.calls).toBe(3);
    ask('证照分离谁牵头'); // 4: it was dropped
    expect(inner.calls).toBe(4);
  });

  it('keeps nothing at capacity 0', () => {
    const inner = counted(engine);
    const cache = cachedAnswers(inner, { timeZone: TZ, version: () => 0, capacity: 0 });
    cache.answer('谁牵头川渝通办', { now: DEFAULT_NOW });
    cache.answer('谁牵头川渝通办', { now: DEFAULT_NOW });
    expect(inner.calls).toBe(2);
  });
});
