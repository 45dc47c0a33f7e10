import type { Deadline, DeadlineKind, Undated } from './model.ts';
import { chineseToNumber } from './numerals.ts';

/**
 * Deadlines as the genre words them, each kept with the clause (，；。) it governs. A clause
 * without a date never borrows one. Forms: "6月底前", "9月前", "年底前", "上半年", "三季度末",
 * "2012年10月底前", "12月31日前", "2019年1月1日至12月31日" (range), "每年2月底前" (recurring,
 * once per year of the plan), "印发之日起30日内" (relative to the issue date), and "长期坚持" /
 * "持续推进" said as a time limit (undated, kept as such).
 */

export interface DatingContext {
  /** The plan's year: what "6月底前" means. */
  year: number;
  /** The last year the plan covers, for recurring deadlines. */
  endYear: number;
  /** ISO issue date, for "印发之日起30日内"; null when unknown. */
  issueDate: string | null;
}

export interface FoundTimes {
  deadlines: Deadline[];
  undated: Undated[];
  /** Phrases that look like deadlines but could not be dated. */
  unreadable: { label: string; text: string; why: string }[];
}

const Y = '(?:((?:19|20)\\d{2})年)?';
const RANGE = `${Y}(\\d{1,2})月(\\d{1,2})日?(?:至|到|—|－|-|~|～)${Y}(\\d{1,2})月(\\d{1,2})日`;
const RELATIVE =
  '(?:印发|发布|下发|实施|出台|施行)(?:之日起|后)(\\d+|[一二三四五六七八九十两]+)(?:个)?(工作日|日|天|周|月)内';
const DAY = `${Y}(\\d{1,2})月(\\d{1,2})日(?:前|以前|之前)`;
const MONTH = `${Y}(?:(\\d{1,2})月(底|末|中旬|上旬|下旬)?前|(\\d{1,2})月(?:底|末))`;
const YEAR_END = '(?:((?:19|20)\\d{2})年(?:底|末)前?|年底前|年内|年末前|年底)';
const PART = `${Y}(上半年|下半年|一季度|二季度|三季度|四季度|第[一二三四]季度)(?:末)?前?`;
const DEADLINE = new RegExp(
  `(每年)?(?:(${RANGE})|(${RELATIVE})|(${DAY})|(${MONTH})|(${YEAR_END})|(${PART}))`,
  'g',
);
/** A clause that is only a time limit said without a date. */
const ONGOING = /^(?:(?:完成)?时[限间](?:节点)?[：:])?(长期坚持|持续推进|长期推进|长期|持续开展|常态化推进)$/;

const QUARTER_END: Record<string, string> = { 一: '03-31', 二: '06-30', 三: '09-30', 四: '12-31' };
const pad = (n: number): string => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDay(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > lastDayOfMonth(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The last day a label allows, in the given year; null for labels we cannot date. */
export function resolveDeadline(label: string, year: number): string | null {
  const withYear = /^((?:19|20)\d{2})年(.+)$/.exec(label);
  if (withYear?.[2] && !/^(?:底|末)/.test(withYear[2]))
    return resolveDeadline(withYear[2], Number(withYear[1]));
  if (withYear) return `${withYear[1]}-12-31`;
  const day = /^(\d{1,2})月(\d{1,2})日/.exec(label);
  if (day) return isoDay(year, Number(day[1]), Number(day[2]));
  const month = /^(\d{1,2})月(底|末|中旬|上旬|下旬)?前?$/.exec(label);
  if (month) {
    const m = Number(month[1]);
    if (m < 1 || m > 12) return null;
    const part = month[2];
    // "6月前" means before June starts; "6月底前" by the end of June.
    if (!part && label.endsWith('前'))
      return m === 1 ? null : `${year}-${pad(m - 1)}-${pad(lastDayOfMonth(year, m - 1))}`;
    const d = part === '上旬' ? 10 : part === '中旬' ? 20 : lastDayOfMonth(year, m);
    return `${year}-${pad(m)}-${pad(d)}`;
  }
  if (/^年(底|内|末)/.test(label)) return `${year}-12-31`;
  if (label.startsWith('上半年')) return `${year}-06-30`;
  if (label.startsWith('下半年')) return `${year}-12-31`;
  const quarter = /([一二三四])季度/.exec(label);
  if (quarter?.[1]) return `${year}-${QUARTER_END[quarter[1]]}`;
  return null;
}

function addPeriod(iso: string, amount: number, unit: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (unit === '月') d.setUTCMonth(d.getUTCMonth() + amount);
  else d.setUTCDate(d.getUTCDate() + amount * (unit === '周' ? 7 : 1));
  return d.toISOString().slice(0, 10);
}

/** Clauses are cut at ，；。 — the unit a deadline or target governs. */
export function clauses(text: string): string[] {
  return text
    .split(/[，；。]/)
    .map((c) => c.trim())
    .filter(Boolean);
}

function dateOne(m: RegExpMatchArray, clause: string, ctx: DatingContext, found: FoundTimes): void {
  const label = m[0];
  const recurring = Boolean(m[1]);
  const push = (date: string | null, kind: DeadlineKind, start?: string): void => {
    if (!date) {
      found.unreadable.push({ label, text: clause, why: 'no such day' });
      return;
    }
    found.deadlines.push({ label, date, text: clause, kind, ...(start ? { start } : {}) });
  };
  if (m[2]) {
    // Range: "2019年1月1日至12月31日"; the end year defaults to the start's.
    const startYear = Number(m[3] ?? ctx.year);
    const endYear = Number(m[6] ?? startYear);
    const start = isoDay(startYear, Number(m[4]), Number(m[5]));
    push(isoDay(endYear, Number(m[7]), Number(m[8])), 'range', start ?? undefined);
    return;
  }
  if (m[9]) {
    const amount = chineseToNumber(m[10] as string);
    if (!ctx.issueDate || !Number.isFinite(amount)) {
      found.undated.push({ label, text: clause, kind: 'relative' });
      found.unreadable.push({ label, text: clause, why: 'the issue date is unknown' });
      return;
    }
    // 工作日 counted as calendar days would be wrong; a week has five of them.
    const days = m[11] === '工作日' ? Math.ceil((amount * 7) / 5) : amount;
    push(addPeriod(ctx.issueDate, days, m[11] === '工作日' ? '日' : (m[11] as string)), 'relative');
    return;
  }
  const point = recurring ? label.slice(2) : label;
  if (!recurring) {
    push(resolveDeadline(point, ctx.year), 'by');
    return;
  }
  for (let y = ctx.year; y <= ctx.endYear; y++) push(resolveDeadline(point, y), 'recurring');
}

/**
 * What may stand before a time limit in a clause that says nothing else: a subject and "要在",
 * "本意见" ("各省、自治区、直辖市人民政府要在本意见印发之日起30日内"), or nothing at all
 * ("2019年1月1日至12月31日，困难企业可…").
 */
const FRAME_ONLY = /^(?:[\u4e00-\u9fff、]{0,24}?(?:在|于|自|从)(?:本(?:意见|方案|通知|要点|计划|办法))?)?$/;

/**
 * Clauses with what each governs. A clause that is only a time limit ("…要在本意见印发之日起30日
 * 内，制定出台具体实施办法，…") says nothing due by itself: it governs the rest of its sentence, up
 * to a clause that sets a time of its own.
 */
function governedClauses(text: string): { clause: string; governs: string }[] {
  const parts = text.split(/([，；。])/);
  const out: { clause: string; governs: string }[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const clause = (parts[i] ?? '').trim();
    if (!clause) continue;
    const m = [...clause.matchAll(DEADLINE)];
    const frame =
      m.length === 1 &&
      (parts[i + 1] === '，' || parts[i + 1] === '；') &&
      (m[0]?.index ?? 0) + (m[0]?.[0].length ?? 0) === clause.length &&
      FRAME_ONLY.test(clause.slice(0, m[0]?.index ?? 0));
    let governs = clause;
    for (let j = i + 2; frame && j < parts.length && parts[j - 1] !== '。'; j += 2) {
      const next = (parts[j] ?? '').trim();
      if (!next) continue;
      if (new RegExp(DEADLINE.source).test(next)) break;
      governs += `${parts[j - 1]}${next}`;
    }
    out.push({ clause, governs });
  }
  return out;
}

export function findTimes(text: string, ctx: DatingContext): FoundTimes {
  const found: FoundTimes = { deadlines: [], undated: [], unreadable: [] };
  for (const { clause, governs } of governedClauses(text)) {
    const ongoing = ONGOING.exec(clause);
    if (ongoing?.[1]) {
      found.undated.push({ label: ongoing[1], text: clause, kind: 'ongoing' });
      continue;
    }
    for (const m of clause.matchAll(DEADLINE)) dateOne(m, governs, ctx, found);
  }
  return found;
}

/** Dated deadlines of a text in the plan's year (the 2022 reader's entry point). */
export function findDeadlines(text: string, year: number): Deadline[] {
  return findTimes(text, { year, endYear: year, issueDate: null }).deadlines;
}
