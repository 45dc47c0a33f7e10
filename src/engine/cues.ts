import { SET_PHRASES } from './phrases-sets.ts';
import { TASK_PHRASES } from './phrases-task.ts';
import type { Asked, Counted, DateAsk, Span } from './query.ts';

/**
 * What must hold for a phrase to say what is asked:
 * - `claim`: the question states something to check (an agency, a date, a figure, a section…);
 * - `two_sides`: two agencies or two tasks to compare;
 * - `no_subject`: no task is named ("所有牵头单位" vs "川渝通办的牵头单位");
 * - `set`: a filter that picks a set of tasks (agency, period, section, presence…), or no topic.
 */
export type Requirement = 'claim' | 'two_sides' | 'no_subject' | 'set';

/** One way of asking: a named phrase, what it asks, and its priority over other phrases. */
export interface AskPhrase {
  name: string;
  asks: Asked;
  priority: number;
  pattern: RegExp;
  requires?: Requirement;
  counted?: Counted;
  date?: DateAsk;
  /** Content words as well as a cue ("措施", "要求"): left in the topic. */
  keep?: boolean;
}

/**
 * The phrase table. Every phrase that matches is a candidate; the highest priority whose
 * requirement holds says what is asked. Order in this list means nothing.
 */
export const ASK_PHRASES: readonly AskPhrase[] = [...TASK_PHRASES, ...SET_PHRASES];

/** How a question is phrased around what it asks: modifiers read alongside the phrase table. */
export const MODIFIERS = {
  thanks: /^(谢谢|多谢|感谢|thanks?|thank you)/,
  /** "牵头加配合都算": both roles, whatever else is said. */
  bothRoles: /牵头.{0,4}(加|和|与|及|或).{0,4}配合|配合.{0,4}(加|和|与|及|或).{0,4}牵头|都算|都包括/,
  /** "X和Y分别…", "各自": answered for each. */
  each: /分别|各自|各(牵头|负责|参与)/,
  /** A list is asked for: "有哪些", "包括什么", "哪几项". */
  listing: /有哪些|有什么|包括|包含|哪几|多少项|几项|都有/,
  /** A part of the plan is named as such: "监管方面", "第一部分", "这一块", "成渝那块". */
  part: /(那|这)?一?个?大?(方面|部分|板块|领域|大项|章)|这一块|那一?块|这块/,
  /** The plan's shape rather than its tasks: "计划概况", "大纲". */
  outline: /概况|概述|总体|整体|总览|概要|大纲|目录|几个部分|哪些部分/,
  /** What a subject-less list asks for: "有哪些任务", "任务清单". */
  listOfWork: /任务|工作|事项|清单|内容/,
  /** Words that point back to the several tasks just discussed: "这两项", "它们", "两者". */
  plural: /这(两|几|[2-9])(项|个|件|条)|它们|两者|二者|这俩|上面(这|那)?(两|几|[2-9])(项|个|条)/,
  /** "都", "均": a claim said of every side ("是不是都由X牵头"). */
  both: /都|均(是|为|由|在|有|属于)/,
  /** Words that point back to what was just discussed. */
  pronoun: /它|这个|这项|该项|这件|那个|那项|上面|刚才|此项|这一项|该任务|这条/,
  /** "其中有截止时间的呢", "这些里面…": narrows the previous answer's tasks. */
  narrow: /其中|这些(里|中|当中)|里面哪|当中/,
  /** "那市场监管局呢": same question, new subject. */
  ellipsis: /^(那|那么|还有|再问|换成)|呢[?？]?$/,
  /**
   * "多久", "多长时间", "多少天内": a duration, answered by a target in days if the task has one,
   * else by its deadline ("印发之日起30日内").
   */
  duration: /多久|多长时间|(?:多少|几)个?(?:天|日|周|月|工作日)(?:内|之内|以内)/,
} as const;

export type ModifierName = keyof typeof MODIFIERS;
export type Modifiers = Record<ModifierName, boolean>;

export function readModifiers(text: string): Modifiers {
  const out = {} as Modifiers;
  for (const name of Object.keys(MODIFIERS) as ModifierName[]) out[name] = MODIFIERS[name].test(text);
  return out;
}

/** A phrase of the table found in a question, with every place it was said. */
export interface CueMatch {
  phrase: AskPhrase;
  span: Span;
  /** Every occurrence, the first included: all of them are taken out of the topic. */
  spans: Span[];
}

const GLOBAL = new Map(ASK_PHRASES.map((p) => [p, new RegExp(p.pattern.source, 'g')]));

/** Every phrase of the table the text holds, highest priority first. */
export function findAskPhrases(text: string): CueMatch[] {
  const found: CueMatch[] = [];
  for (const phrase of ASK_PHRASES) {
    // One scan to test; the phrases a question holds are few, and only they are scanned again.
    if (!phrase.pattern.test(text)) continue;
    const spans = [...text.matchAll(GLOBAL.get(phrase) as RegExp)]
      .filter((m) => m[0].length > 0)
      .map((m) => ({ start: m.index, end: m.index + m[0].length }));
    const first = spans[0];
    if (first) found.push({ phrase, span: first, spans });
  }
  return found.sort((a, b) => b.phrase.priority - a.phrase.priority);
}
