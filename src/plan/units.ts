import { DATE_LINE, PUBLICATION_NOTE } from './header.ts';
import type { Line } from './lines.ts';

/**
 * Cuts the plan's lines into units: each numbered heading or item ("一、", "(一)", "1." / "1、")
 * opens one, other lines continue the open unit. PDF text breaks a paragraph into many lines and
 * web copies keep one per line; both read the same because a unit runs until the next number,
 * except that a unit closed by its responsibility note takes no more lines: what follows it is
 * loose text (closing remarks, signatures), never part of the task.
 */

export type Level = 'h1' | 'h2' | 'h3';

export interface Unit {
  level: Level | 'text';
  /** The numeral as written: "三", "一", "38"; '' for text. */
  numeral: string;
  number: number;
  /** Text after the number, lines joined. */
  body: string;
  /** The first line's text after the number, for headings. */
  firstLine: string;
  line: number;
}

export const LEVEL_PATTERNS: Record<Level, RegExp> = {
  h1: /^([一二三四五六七八九十百]+)、(.*)$/,
  h2: /^\(([一二三四五六七八九十百]+)\)(.*)$/,
  // "4.2020年底前…": an item may open with a year; "1.5倍" is a number, not an item.
  h3: /^(\d{1,3})(?:[.．、](?!\d)|[.．](?=(?:19|20)\d{2}年)|\s*[)）](?!\d))(.*)$/,
};

/** How each level's number is written, for reports ("一、", "(一)", "1."). */
export const LEVEL_LABELS: Record<Level, string> = { h1: '一、', h2: '(一)', h3: '1.' };

/** A signature: the issuing office alone on a line. */
const SIGNATURE =
  /^(?:[\u4e00-\u9fff()]{2,30}(?:人民政府|办公厅|办公室|委员会|领导小组|管委会)|国务院|[\u4e00-\u9fff]{2,10}国务院)$/;

/** "(1)": the numbered level where a plan has no "1.", else points inside an item. */
const PAREN_ARABIC = /^\((\d{1,2})\)(.*)$/;

/** Whether the plan numbers items "1." / "1、" (then "(1)" is a point inside an item). */
export function hasArabicItems(lines: Line[]): boolean {
  return lines.some((l) => LEVEL_PATTERNS.h3.test(l.text));
}

export function opener(
  text: string,
  arabicItems = true,
): { level: Level; numeral: string; rest: string } | null {
  for (const level of ['h1', 'h2', 'h3'] as const) {
    const m = LEVEL_PATTERNS[level].exec(text);
    if (m?.[1] !== undefined) return { level, numeral: m[1], rest: m[2] ?? '' };
  }
  const paren = arabicItems ? null : PAREN_ARABIC.exec(text);
  return paren?.[1] ? { level: 'h3', numeral: paren[1], rest: paren[2] ?? '' } : null;
}

/** "附件", "附件1：…", "抄送：…", "…办公厅秘书处 2023年8月19日印发": the plan has ended. */
export const AFTER_PLAN =
  /^(?:附件\d*(?:[：:].*)?|(?:抄送|主送)[：:].*|.{2,30}\d{4}年\d{1,2}月\d{1,2}日印发)$/;

export function isClosingLine(text: string): boolean {
  return DATE_LINE.test(text) || PUBLICATION_NOTE.test(text) || SIGNATURE.test(text) || AFTER_PLAN.test(text);
}

/**
 * @param lines the plan's lines after the header
 * @param closesUnit whether a unit's text so far ends with its responsibility note
 * @param toNumber numeral → number
 */
export function cutUnits(
  lines: Line[],
  closesUnit: (body: string) => boolean,
  toNumber: (numeral: string) => number,
): Unit[] {
  const units: Unit[] = [];
  const arabicItems = hasArabicItems(lines);
  let closed = false;
  let attachment = false;
  for (const { n, text } of lines) {
    // After the plan's end, "附件" and "抄送：" open what is not the plan: its numbers are no tasks.
    attachment ||= units.length > 0 && AFTER_PLAN.test(text);
    const open = attachment ? null : opener(text, arabicItems);
    const last = units.at(-1);
    if (open) {
      units.push({
        level: open.level,
        numeral: open.numeral,
        number: toNumber(open.numeral),
        body: open.rest,
        firstLine: open.rest,
        line: n,
      });
      closed = closesUnit(open.rest);
    } else if (!last || closed || last.level === 'text' || isClosingLine(text)) {
      if (last?.level === 'text' && !isClosingLine(text) && !isClosingLine(last.body)) last.body += text;
      else units.push({ level: 'text', numeral: '', number: 0, body: text, firstLine: text, line: n });
      closed = false;
    } else {
      last.body += text;
      closed = closesUnit(last.body);
    }
  }
  return units;
}
