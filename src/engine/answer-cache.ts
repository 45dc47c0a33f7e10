import { localDate } from '../core/plan-time.ts';
import { carryContext } from './context-reuse.ts';
import {
  emptyContext,
  type AnswerResult,
  type AskOptions,
  type ContextReuse,
  type ConversationContext,
  type Engine,
  type Lookup,
} from './types.ts';

/** Options of {@link cachedAnswers}. */
export interface AnswerCacheOptions {
  /** IANA zone of the plan's calendar (PLAN_TZ): answers are kept per local day in it. */
  timeZone: string;
  /**
   * The loaded plans' version (PlanCatalogue.version): it changes on every reload, and every kept
   * answer is dropped then.
   */
  version: () => number;
  /** Most answers kept; the least recently used goes first. 0 keeps none. */
  capacity: number;
}

/**
 * An {@link Engine} that keeps its recent answers: the same question, asked with the same follow-up
 * context on the same local day of the same loaded plans, gets the answer already computed.
 *
 * Why this is sound: an answer is a function of exactly those four things. The engine reads the
 * clock only as the plan's calendar date (periods, 今年/去年, days left), keeps no state between
 * questions other than the context it is handed and returns, and the plans do not change between
 * reloads. The test `answer-cache.test.ts` replays every question set through both and compares.
 * Civil servants ask the same few questions about the same tasks ("谁牵头川渝通办"), so the engine
 * runs once per distinct question per day and context instead of once per message.
 *
 * A context need not be the same, only agree on the fields the answer's reading used, when the
 * engine says which those were (AnswerResult.reuse): the answer is a function of them, and the
 * next context is what the turn set over the rest (carryContext). The test replays every question
 * set through the engine and through the one-plan router, with and without this cache.
 *
 * Results are shared between callers: they must not be mutated (none is; the engine returns new
 * objects and callers copy what they change).
 *
 * Memory: at most `capacity` entries by whole key, and at most `capacity` reusable answers. An
 * answer's objects are mostly references to the plan's own tasks, so an entry is its text and a
 * few small arrays: about 2 KiB (measured over the fixture
 * questions with follow-up contexts: 4.2 MiB of V8 heap for 2,000 entries).
 */
export function cachedAnswers(engine: Engine, options: AnswerCacheOptions): Engine {
  /** By the whole key; each with its question's key in `reusable`, kept in the same recency order. */
  const kept = new Map<string, { result: AnswerResult; base: string }>();
  const reusable = new ReusableAnswers(options.capacity);
  let version = options.version();
  return {
    answer(question: string, ask: AskOptions): AnswerResult {
      if (options.capacity <= 0) return engine.answer(question, ask);
      const now = options.version();
      if (now !== version) {
        kept.clear();
        reusable.clear();
        version = now;
      }
      const base = baseKeyOf(question, ask, options.timeZone);
      const key = keyOf(base, ask.context);
      const hit = kept.get(key);
      if (hit !== undefined) {
        // Map order is insertion order: re-inserting makes this the most recently used.
        kept.delete(key);
        kept.set(key, hit);
        reusable.touch(hit.base);
        return hit.result;
      }
      const previous = ask.context ?? EMPTY;
      let result = reusable.find(base, previous);
      if (result === undefined) {
        result = engine.answer(question, ask);
        reusable.add(base, previous, result);
      }
      kept.set(key, { result, base });
      if (kept.size > options.capacity) kept.delete(kept.keys().next().value as string);
      return result;
    },
    lookup(text: string): Lookup {
      return engine.lookup(text);
    },
  };
}

/** The context the engine reads when it is given none. */
const EMPTY: ConversationContext = Object.freeze(emptyContext());

/** An answer the engine marked reusable, and the values of the fields it read when it was made. */
interface Reusable {
  when: [keyof ConversationContext, string][];
  result: AnswerResult & { reuse: ContextReuse };
}

/** At most this many histories are kept for one question (the most recent first). */
const HISTORIES_PER_QUESTION = 8;

/**
 * Answers that hold after any history agreeing on the fields they read (AnswerResult.reuse): in a
 * long conversation the context keeps combining what earlier turns left (the last agency, period
 * and tasks carry over until replaced), so whole contexts seldom repeat, while the one or two
 * fields a question's reading used do. Keyed by day, scope and question; at most `capacity` in all.
 */
class ReusableAnswers {
  private readonly byQuestion = new Map<string, Reusable[]>();
  private count = 0;

  constructor(private readonly capacity: number) {}

  /** Marks a question's answers the most recently used. */
  touch(base: string): void {
    const records = this.byQuestion.get(base);
    if (!records) return;
    this.byQuestion.delete(base);
    this.byQuestion.set(base, records);
  }

  /** The answer for this question after `previous`, made from a kept one; undefined when none fits. */
  find(base: string, previous: ConversationContext): AnswerResult | undefined {
    const records = this.byQuestion.get(base);
    const found = records?.find((r) => r.when.every(([field, value]) => valueKey(previous[field]) === value));
    if (!found) return undefined;
    this.touch(base);
    const { answer, reuse } = found.result;
    return { answer, context: carryContext(previous, reuse.own), reuse };
  }

  add(base: string, previous: ConversationContext, result: AnswerResult): void {
    const { reuse } = result;
    if (!reuse) return;
    const when = reuse.reads.map((field): [keyof ConversationContext, string] => [
      field,
      valueKey(previous[field]),
    ]);
    const records = this.byQuestion.get(base) ?? [];
    records.unshift({ when, result: result as Reusable['result'] });
    this.count += 1;
    if (records.length > HISTORIES_PER_QUESTION) {
      records.pop();
      this.count -= 1;
    }
    this.byQuestion.delete(base);
    this.byQuestion.set(base, records);
    while (this.count > this.capacity) {
      const [oldest, dropped] = this.byQuestion.entries().next().value as [string, Reusable[]];
      this.byQuestion.delete(oldest);
      this.count -= dropped.length;
    }
  }

  clear(): void {
    this.byQuestion.clear();
    this.count = 0;
  }
}

/**
 * Contexts and their field values as text, an object's worked out once: contexts and what they
 * hold are never mutated (types.ts), and a conversation's store hands back the object its last
 * turn made.
 */
const valueKeys = new WeakMap<object, string>();
function valueKey(value: unknown): string {
  if (value === undefined) return '~';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  let key = valueKeys.get(value);
  if (key === undefined) {
    key = JSON.stringify(value);
    valueKeys.set(value, key);
  }
  return key;
}

/** What an answer depends on besides the context: the day, whether the plan was chosen, the question. */
function baseKeyOf(question: string, ask: AskOptions, timeZone: string): string {
  return `${localDate(ask.now, timeZone)}\u0000${ask.scoped === true ? 1 : 0}\u0000${question}`;
}

/**
 * What an answer depends on, as one string: the context's text first (JSON holds no raw NUL, so
 * the separator is unambiguous), then the rest, whose question, last, may hold any character.
 * None and the empty context read the same, as the engine reads them.
 */
function keyOf(base: string, context: ConversationContext | null | undefined): string {
  return `${context == null ? '' : valueKey(context)}\u0000${base}`;
}
