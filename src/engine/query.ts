import type { Countable } from './slots/counts.ts';

/**
 * The structured reading of a question: what is asked, and the filters that pick the tasks it is
 * about (combined with AND). Recognisers fill the slots; the executor (execute.ts) runs a Query
 * over the plan model; answers/ render the result.
 */

/** Characters [start, end) of the normalized question that a recogniser matched. */
export interface Span {
  start: number;
  end: number;
}

/** What a question asks for. A new kind is one entry in cues.ts and one case in execute.ts. */
export const ASKED = [
  'leads', // 谁牵头
  'partners', // 配合单位有哪些
  'tasks', // the tasks that pass the filters
  'count', // how many, with the items
  'when', // a task's deadline
  'figure', // a quantified target
  'check', // yes/no: 是不是…, …吗, 有没有…
  'describe', // what a task says
  'outline', // a section's tasks
  'overview', // the plan as a whole
  'rank', // 哪个部门牵头的任务最多
  'compare', // two tasks or two agencies, side by side
  'dates', // against the clock: next, earliest, latest, days left
  'enumerate', // every lead agency, every agency, every milestone, every target
  'help',
] as const;
export type Asked = (typeof ASKED)[number];

/**
 * An agency's part in a task: 牵头 (lead), 配合 only (partner), either (any), or supplying the
 * indicator's figures (data: a plan's 数据提供单位, which is not doing the task).
 */
export type Role = 'lead' | 'partner' | 'any' | 'data';

/** What a count, a ranking or an enumeration counts; `agencies` is every role, `leads`/`partners` one. */
export type Counted = 'tasks' | 'sections' | 'deadlines' | 'agencies' | 'leads' | 'partners' | 'targets';

/** Which date a "dates" question wants. */
export type DateAsk = 'next' | 'earliest' | 'latest' | 'days_left' | 'overdue';

export type Filter =
  /** Agencies in a role; `all` needs every one of them in the task ("X和Y一起牵头"). */
  | { kind: 'agency'; agencies: string[]; role: Role; negate: boolean }
  /** A deadline of the task falls in [from, to]. */
  | { kind: 'period'; from: string; to: string; label: string; negate: boolean }
  | { kind: 'has_deadline'; negate: boolean }
  | { kind: 'has_lead'; negate: boolean }
  | { kind: 'section'; section: number; negate: boolean }
  /** The tasks a topic ranks confidently. */
  | { kind: 'topic'; words: string[]; negate: boolean }
  /** How many leads, partners, agencies, milestones or targets the task holds: [min, max], max null when open. */
  | { kind: 'count'; measure: Countable; min: number; max: number | null; negate: boolean }
  /** A quantified target of this value ("90个工作日", "30类"). */
  | { kind: 'value'; value: number; unit: string; negate: boolean }
  /** The tasks of the previous answer ("其中…"). */
  | { kind: 'among'; taskIds: string[]; negate: boolean };

/** The plan a question names: another year, region or title is out of the loaded plan's scope. */
export interface Scope {
  /** `dated`: said as a date ("2020年底", "2019年6月"), not as a plan's year. */
  year: { value: number; span: Span; dated?: boolean } | null;
  region: { value: string; span: Span } | null;
  title: { value: string; span: Span } | null;
}

export interface Query {
  asked: Asked;
  /** The cue phrase that said what is asked (its name in cues.ts), or how it was inferred. */
  cue: string;
  /** For count, rank and enumerate: what is counted. For dates: which date. */
  counted?: Counted;
  date?: DateAsk;
  /** For rank: the agency role counted, and whether the most or the fewest is asked. */
  order?: 'most' | 'least';
  /** For rank: how many places are asked for ("前三个部门"); the leaders and their ties otherwise. */
  limit?: number;
  /** For rank: the place asked for ("第二多的单位" is 2): every agency holding that place's count. */
  place?: number;
  filters: Filter[];
  /** Tasks the question is about, when it names them (by number, topic or follow-up). */
  subject: { taskIds: string[]; by: 'number' | 'topic' | 'context' } | null;
  /** "X和Y分别…": answer for each agency (or task) on its own. */
  each: boolean;
  /** The topic words left when every slot and cue is taken out. */
  topic: string[];
  /** A year, region or plan title named in the question that the loaded plan may not cover. */
  scope: Scope | null;
}
