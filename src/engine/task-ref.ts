import { chineseToNumber } from '../plan/numerals.ts';
import type { Plan } from '../plan/model.ts';
import type { Span } from './query.ts';

/**
 * A task or section named by number: "3.4", "四(一)", "第二部分第三项", "第五部分"; or a number
 * written like one that the plan does not have ("四(九)", "第九部分"); with where it was said.
 */
export type NumberedRef =
  | { kind: 'task'; taskId: string; span: Span }
  | { kind: 'section'; section: number; span: Span }
  | { kind: 'missing'; label: string; span: Span };

const N = '(\\d{1,2}|[一二三四五六七八九十]{1,3})';
// "9.30前" and "9.30号" are dates, not task numbers.
const DOTTED =
  /(?<![\d.])(\d{1,2})\s*[.·]\s*(\d{1,2})(?![\d.]|\s*(?:亿|万|%|个|项|类|家|天|倍|前|之前|以前|号|日))/;
const PAREN = new RegExp(`${N}\\s*[(（]\\s*${N}\\s*[)）]`);
/** "二.1", "二、1", "2-1", "二-1": a section numeral, a mark, then the task's place in it. */
const MIXED =
  /(?<![\d.-])([一二三四五六七八九十]{1,3}|\d{1,2})\s*[.、·\-－—]\s*(\d{1,2})(?![\d.-]|\s*(?:亿|万|%|个|项|类|家|天|倍|月|日|号|季|年|周|次|人|元|小时|批|件|条|名))/;
const PART = '(?:大部分|部分|大项|大块|方面|板块|块|章|节)';
const ORDINAL_TASK = new RegExp(`第${N}${PART}(?:的|中的|里的)?第${N}(?:项|条|点|小项|个)`);
const ORDINAL_SECTION = new RegExp(`第${N}(?:个)?(?:大部分|部分|大项|大块|板块|块|大方面|方面|章)`);
const LAST_SECTION = /最后(?:一)?(?:个)?(?:大部分|部分|大项|大块|板块|块|方面)/;
/** "任务3.4": the word before a number belongs to the number. */
const TASK_WORD = /任务$/;

const at = (m: RegExpExecArray): Span => ({ start: m.index, end: m.index + m[0].length });

export function findNumberedRef(text: string, plan: Plan): NumberedRef | null {
  let missing: NumberedRef | null = null;
  for (const pattern of [ORDINAL_TASK, DOTTED, PAREN, MIXED]) {
    const m = pattern.exec(text);
    if (!m) continue;
    const id = `${chineseToNumber(m[1] ?? '')}.${chineseToNumber(m[2] ?? '')}`;
    const span = at(m);
    const word = TASK_WORD.exec(text.slice(0, span.start));
    if (word) span.start -= word[0].length;
    if (plan.tasks.some((t) => t.id === id)) return { kind: 'task', taskId: id, span };
    missing ??= { kind: 'missing', label: m[0], span };
  }
  const last = plan.sections.at(-1);
  const lastMatch = LAST_SECTION.exec(text);
  if (last && lastMatch) return { kind: 'section', section: last.number, span: at(lastMatch) };
  const section = ORDINAL_SECTION.exec(text);
  if (section?.[1]) {
    const number = chineseToNumber(section[1]);
    if (plan.sections.some((s) => s.number === number))
      return { kind: 'section', section: number, span: at(section) };
    missing ??= { kind: 'missing', label: section[0], span: at(section) };
  }
  return missing;
}

/** Every task the text names by number, in order: "1.2和1.4哪个先到期" → ["1.2", "1.4"]. */
export function findTaskIds(text: string, plan: Plan): string[] {
  const ids: { at: number; id: string }[] = [];
  for (const pattern of [ORDINAL_TASK, DOTTED, PAREN, MIXED]) {
    for (const m of text.matchAll(new RegExp(pattern.source, 'g'))) {
      const id = `${chineseToNumber(m[1] ?? '')}.${chineseToNumber(m[2] ?? '')}`;
      if (plan.tasks.some((t) => t.id === id) && !ids.some((x) => x.id === id)) ids.push({ at: m.index, id });
    }
  }
  return ids.sort((a, b) => a.at - b.at).map((x) => x.id);
}
