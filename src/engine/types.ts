import type { Deadline, Target, Task } from '../plan/model.ts';
import type { Asked, Counted, DateAsk, Filter, Query } from './query.ts';

export const INTENTS = [
  'lead',
  'agency',
  'deadline',
  'when',
  'figure',
  'topic',
  'section',
  'overview',
  'help',
  'unknown',
  // Added with composable queries (issue 8):
  'list', // tasks that pass several filters
  'count', // how many, with the items
  'check', // yes/no, starting 是/不是 (or 有/没有)
  'rank', // which agency or section has the most
  'compare', // two tasks or two agencies side by side
  'dates', // next, earliest, latest deadline; days left
  'enumerate', // every lead agency, agency, milestone or target
  'scope', // another year, region or plan than the loaded one
] as const;
export type Intent = (typeof INTENTS)[number];

/** What of a task answered the question: the parts a card or a quote should show. */
export interface TaskMatch {
  task: Task;
  /** For agency questions: the agency's role in this task. */
  role?: 'lead' | 'partner';
  sentences: string[];
  deadlines: Deadline[];
  targets: Target[];
}

/** A next question: a short label for a button, and the full question it sends. */
export interface Suggestion {
  label: string;
  text: string;
}

export interface Answer {
  question: string;
  intent: Intent;
  /** The canonical agency the question is about, if any. */
  agency: string | null;
  /** Most relevant first; for agency, deadline and section questions, every match. */
  matches: TaskMatch[];
  /** The reply exactly as a chat user sees it. */
  text: string;
  /** Natural next questions, for buttons, chips and quick replies. */
  suggestions: Suggestion[];
  /** Words of the question found in the plan, for highlighting quotes. */
  highlights: string[];
  /** How the question was read: what is asked and the filters applied (issue 8's contract). */
  query?: Query | null;
  /** The key of the plan answered from (issue 10), when plans are loaded side by side. */
  plan?: string;
}

/**
 * Which tasks of an agency a question asks for: those it leads, those it partners in, all, or
 * those it supplies figures for (a plan's 数据提供单位).
 */
export type AgencyRole = 'lead' | 'partner' | 'any' | 'data';

/**
 * Small per-conversation memory for follow-ups ("那它什么时候截止", "那市场监管局呢"). A value: never mutated once made, since
 * the answer cache hands one object to every conversation that asked the same, and the embedded
 * store hands back the object a turn wrote (both key their work by the object).
 */
export interface ConversationContext {
  lastIntent: Intent | null;
  lastTaskIds: string[];
  lastAgency: string | null;
  /** Which of the agency's roles the last agency question asked for ("牵头哪些", "配合哪些", any). */
  lastAgencyRole: AgencyRole | null;
  /** The deadline period last asked about, so "那下个月呢" can shift it. */
  lastPeriod: { from: string; to: string } | null;
  /** The last question's reading, so "那X呢" can swap one slot and "其中…" can narrow it. */
  lastQuery: QueryMemory | null;
  /** The key of the plan the last answer came from (issue 10); absent or null: the default plan. */
  lastPlan?: string | null;
  /** The last question as asked, so "那2023年呢" can ask it of another plan (issue 10). */
  lastQuestion?: string | null;
}

/** What a follow-up needs of the previous query. */
export interface QueryMemory {
  asked: Asked;
  counted?: Counted;
  date?: DateAsk;
  filters: Filter[];
  subjectIds: string[];
}

export const emptyContext = (): ConversationContext => ({
  lastIntent: null,
  lastTaskIds: [],
  lastAgency: null,
  lastAgencyRole: null,
  lastPeriod: null,
  lastQuery: null,
});

export interface AskOptions {
  now: Date;
  context?: ConversationContext | null;
  /**
   * The caller (the plan catalogue) chose this plan for the year, region and title the question
   * names, so the engine does not judge them against its one plan again.
   */
  scoped?: boolean;
}

export interface AnswerResult {
  answer: Answer;
  context: ConversationContext;
  /**
   * Present when `context` is `carryContext(previous, reuse.own)` (context-reuse.ts) and the answer
   * read no field of the previous context but `reuse.reads`: then the same answer holds after any
   * history that agrees on those fields, which lets the answer cache serve it to conversations
   * whose other remembered fields differ.
   */
  reuse?: ContextReuse;
}

/** See {@link AnswerResult.reuse}. */
export interface ContextReuse {
  /** The previous context's fields the answer depended on. */
  reads: readonly (keyof ConversationContext)[];
  /** The fields this turn set; an absent (undefined) field is carried over from the previous context. */
  own: Readonly<Partial<ConversationContext>>;
}

/** What a free-text target ("大数据中心", "4.1", "川渝通办") names, for subscriptions. */
export type Lookup =
  | { kind: 'agency'; agency: string }
  | { kind: 'task'; taskId: string }
  /** Several tasks fit about equally: offer them as a choice rather than guess. */
  | { kind: 'ambiguous'; taskIds: string[] }
  | { kind: 'none' };

export interface Engine {
  answer(question: string, options: AskOptions): AnswerResult;
  lookup(text: string): Lookup;
}
