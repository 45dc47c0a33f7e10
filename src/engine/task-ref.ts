import { chineseToNumber } from '../plan/numerals.ts';
import type { Plan } from '../plan/model.ts';

/**
 * A task or section named by number: "3.4", "四(一)", "第二部分第三项", "第五部分"; or a number
 * written like one that the plan does not have ("四(九)", "第九部分").
 */
export type NumberedRef =
  | { kind: 'task'; taskId: string }
  | { kind: 'section'; section: number }
  | { kind: 'missing'; label: string };

const N = '(\\d{1,2}|[一二三四五六七八九十]{1,3})';
const DOTTED = /(?<![\d.])(\d{1,2})\s*[.·]\s*(\d{1,2})(?![\d.]|\s*(?:亿|万|%|个|项|类|家|天|倍))/;
const PAREN = new RegExp(`${N}\\s*[(（]\\s*${N}\\s*[)）]`);
const ORDINAL_TASK = new RegExp(
  `第${N}(?:大部分|部分|大项|方面|板块|章|节)(?:的|中的|里的)?第${N}(?:项|条|点|小项|个)`,
);
const ORDINAL_SECTION = new RegExp(`第${N}(?:大部分|部分|大项|方面|板块|章)`);
const LAST_SECTION = /最后(?:一)?(?:个)?(?:大部分|部分|大项|板块)/;

export function findNumberedRef(text: string, plan: Plan): NumberedRef | null {
  const asTask = (s: string | undefined, i: string | undefined): NumberedRef | null => {
    const id = `${chineseToNumber(s ?? '')}.${chineseToNumber(i ?? '')}`;
    return plan.tasks.some((t) => t.id === id) ? { kind: 'task', taskId: id } : null;
  };
  let missing: string | null = null;
  for (const pattern of [ORDINAL_TASK, DOTTED, PAREN]) {
    const m = pattern.exec(text);
    if (!m) continue;
    const ref = asTask(m[1], m[2]);
    if (ref) return ref;
    missing ??= m[0];
  }
  const last = plan.sections.at(-1);
  if (last && LAST_SECTION.test(text)) return { kind: 'section', section: last.number };
  const section = ORDINAL_SECTION.exec(text);
  if (section?.[1]) {
    const number = chineseToNumber(section[1]);
    if (plan.sections.some((s) => s.number === number)) return { kind: 'section', section: number };
    missing ??= section[0];
  }
  return missing ? { kind: 'missing', label: missing } : null;
}
