import { localDate } from '../core/plan-time.ts';
import type { AnswerResult, AskOptions, ConversationContext, Engine, Lookup } from './types.ts';

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
 * Results are shared between callers: they must not be mutated (none is; the engine returns new
 * objects and callers copy what they change).
 *
 * Memory: at most `capacity` entries; an answer's objects are mostly references to the plan's own
 * tasks, so an entry is its text and a few small arrays: about 2 KiB (measured over the fixture
 * questions with follow-up contexts: 4.2 MiB of V8 heap for 2,000 entries).
 */
export function cachedAnswers(engine: Engine, options: AnswerCacheOptions): Engine {
  const kept = new Map<string, AnswerResult>();
  let version = options.version();
  return {
    answer(question: string, ask: AskOptions): AnswerResult {
      if (options.capacity <= 0) return engine.answer(question, ask);
      const now = options.version();
      if (now !== version) {
        kept.clear();
        version = now;
      }
      const key = keyOf(question, ask, options.timeZone);
      const hit = kept.get(key);
      if (hit !== undefined) {
        // Map order is insertion order: re-inserting makes this the most recently used.
        kept.delete(key);
        kept.set(key, hit);
        return hit;
      }
      const result = engine.answer(question, ask);
      kept.set(key, result);
      if (kept.size > options.capacity) kept.delete(kept.keys().next().value as string);
      return result;
    },
    lookup(text: string): Lookup {
      return engine.lookup(text);
    },
  };
}

/** What an answer depends on, as one string (the question last: it may hold any character). */
function keyOf(question: string, ask: AskOptions, timeZone: string): string {
  return `${localDate(ask.now, timeZone)}\u0000${ask.scoped === true ? 1 : 0}\u0000${contextKey(ask.context)}\u0000${question}`;
}

/** Contexts as key text, by object: a conversation's store hands back the object its last turn made. */
const contextKeys = new WeakMap<ConversationContext, string>();

/**
 * The context as text; none and the empty context read the same, as the engine reads them.
 * Contexts are never mutated once made (types.ts), so an object's text is worked out once.
 */
function contextKey(context: ConversationContext | null | undefined): string {
  if (context == null) return '';
  let key = contextKeys.get(context);
  if (key === undefined) {
    key = JSON.stringify(context);
    contextKeys.set(context, key);
  }
  return key;
}
