import { addDays, localDate as planDate } from '../core/plan-time.ts';
import { chineseToNumber } from '../plan/numerals.ts';
import type { Span } from './query.ts';
import { RELATIVE, lastDay, monthSpan, pad, span, type LocalDate, type Period } from './periods-relative.ts';

export type { LocalDate, Period } from './periods-relative.ts';

/**
 * What a question says about time, with the characters that said it:
 * a span of days; "最近的截止" (the next deadline from today); or a month that does not exist.
 */
export type PeriodQuery =
  | { kind: 'span'; period: Period; span: Span }
  | { kind: 'next'; span: Span }
  | { kind: 'invalid'; label: string; span: Span };

// Intl formatting is the slowest step of reading a date; the date changes at most once a minute
// boundary, so the last minute's answer is kept, already taken apart (several readers ask per question).
let lastDate: { timeZone: string; minute: number; date: LocalDate } | null = null;

/** Today's calendar date in the plan's time zone, as numbers and as "YYYY-MM-DD". */
export function localDate(now: Date, timeZone: string): LocalDate {
  const minute = Math.floor(now.getTime() / 60_000);
  if (lastDate?.timeZone !== timeZone || lastDate.minute !== minute) {
    const iso = planDate(now, timeZone);
    const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
    lastDate = { timeZone, minute, date: { year, month, day, iso } };
  }
  return lastDate.date;
}

const N = '(\\d{1,2}|[一二三四五六七八九十]{1,3})';
/**
 * "9月", "9月底前", "10月以前": a month. With 底/末 it is the plan's own "N月底前" — the deadlines of
 * that month; before a bare month (前/之前/以前, not 前后) it is everything up to the month's end.
 */
const MONTH = new RegExp(`${N}月(?:份)?(底|末)?(前(?!后)|之前|以前)?`);
const QUARTER = /(?:第)?([一二三四1-4])季度/;
const NEXT_DEADLINE =
  /(最近|近期|即将|马上|快要?|下一个|下一批?|接下来)[^，。?]{0,4}(截止|到期|节点|deadline)(日期|时间)?|(截止|到期)的?(最近|最早)/;
/** "截至9月15日", "到10月1日为止": everything from the start of the year up to the day. */
const UP_TO_DAY = new RegExp(`(?:截至|截止到|截止至|到)${N}月${N}(?:日|号)(?:为止|之前|以前)?`);
/** "截至9月底", "到9月底为止", "前三季度", "前8个月": everything from the start of the year. */
const UP_TO_MONTH = new RegExp(`(?:截至|截止到|截止至|到)${N}月(?:底|末)?(?:为止|之前|以前)?`);
const FIRST_QUARTERS = /前([一二三1-3])(?:个)?季度/;
const FIRST_MONTHS = new RegExp(`前${N}个月`);
/**
 * "10月1日前", "9.15前", "12月32日": a day of a month. Before a day (前/之前/以前, or the day alone)
 * is everything up to it from the year's start; 前后 is the days around it.
 */
const DAY = new RegExp(
  `${N}(?:月|\\.)(\\d{1,2}|[一二三四五六七八九十]{1,3})(?:日|号)?(前后|左右|前|之前|以前)?`,
);
/** "9月1日到11月30日", "9月1日至30日": a range of days. */
const DAY_RANGE = new RegExp(`${N}月${N}(?:日|号)(?:到|至|-|~|—)(?:${N}月)?${N}(?:日|号)(?:之间|期间|间)?`);
/** "7月到10月", "7至10月": a range of months. */
const MONTH_RANGE = new RegExp(`${N}月?(?:份)?(?:到|至|-|~|—)${N}月(?:份)?(?:底|末)?(?:之间|期间|间)?`);
/** "10月1日以后", "9月15号之后": the days after it; "6月1日以来": from it. Both to the plan year's end. */
const AFTER_DAY = new RegExp(`${N}月${N}(?:日|号)(以后|之后|往后|后|以来|起)`);
/** "10月以后", "9月之后": the months after it; "6月以来", "6月起": from it. Both to the plan year's end. */
const AFTER_MONTH = new RegExp(`${N}月(?:份|底|末)?(以后|之后|往后|以来|起)`);
/** A year said right before a month, a quarter, a half or the year end. */
const EXPLICIT_YEAR =
  /((?:19|20)\d{2})\s*年(?=\s*(?:\d{1,2}月|[一二三四五六七八九十]{1,3}月|年?底|年?末|上半年|下半年|第?[一二三四1-4]季度))/;
/** Days either side of a day said with 前后/左右 ("11月30日前后"). */
const AROUND_DAYS = 15;
// "30天内" from today; not a limit counted from an event ("印发之日起30日内"), which is a clause to find.
const WITHIN_DAYS = /(?<!\d|日起)(?:未来|今后|接下来)?(\d{1,3})(?:天|日)(?:内|之内|以内)/;
/** Against the clock: deadlines already past, or still ahead. */
// "逾期多少天了" asks a number of days (a dates phrase), not for the tasks already past.
const OVERDUE = /((已经|已)(过期|逾期|超期|到期|截止|过了)|逾期|超期)(?!了?((多少|几)(天|日)|多久|多长时间))/;
const AHEAD = /(还没|尚未|未|没)(到期|截止|过期)|(还剩|剩下)(哪些|的|什么)(节点|任务|工作)?/;
/** "今年" alone names the whole plan year only when the question is about deadlines at all. */
const WHOLE_YEAR = /(今年|全年|年内|本年度)/;
const ABOUT_DEADLINES = /到期|截止|节点|完成|deadline/;

const month = (m: string | undefined): number => chineseToNumber(m ?? '');
const iso = (year: number, m: number, d: number): string => `${year}-${pad(m)}-${pad(d)}`;
const validDay = (year: number, m: number, d: number): boolean =>
  m >= 1 && m <= 12 && d >= 1 && d <= lastDay(year, m);
const at = (m: RegExpExecArray): Span => ({ start: m.index, end: m.index + m[0].length });

/** Parts of the plan's year said without a month ("年底前", "下半年"), in the order tried. */
const WITHIN_PLAN_YEAR: readonly [RegExp, (planYear: number) => Period][] = [
  [/(年底|年末|年终)(前|之前)?/, (planYear) => monthSpan(planYear, 12, '年底前')],
  [/上半年/, (planYear) => span(planYear, 1, 6, '上半年')],
  [/下半年/, (planYear) => span(planYear, 7, 12, '下半年')],
];

/**
 * The period a question asks about, if any, and where it was said. The most specific wording
 * wins: "下半年…8月份" asks about August. Months and quarters without a year are in the plan's
 * year; "这个月", "下个月" and friends are relative to `now` in the plan's time zone.
 */
export function findPeriod(text: string, now: Date, year: number, timeZone: string): PeriodQuery | null {
  const today = localDate(now, timeZone);
  // "2020年底", "2019年6月底前": a year said with the month or year end is that year, not the plan's.
  const explicit = EXPLICIT_YEAR.exec(text);
  const planYear = explicit ? Number(explicit[1]) : year;
  const next = NEXT_DEADLINE.exec(text);
  if (next) return { kind: 'next', span: at(next) };

  const spanOf = (m: RegExpExecArray, period: Period): PeriodQuery => ({ kind: 'span', period, span: at(m) });

  const days = DAY_RANGE.exec(text);
  if (days) {
    const [m1, d1, m2, d2] = [month(days[1]), month(days[2]), month(days[3] ?? days[1]), month(days[4])];
    if (validDay(planYear, m1, d1) && validDay(planYear, m2, d2)) {
      const from = iso(planYear, m1, d1);
      const to = iso(planYear, m2, d2);
      if (from <= to) return spanOf(days, { from, to, label: `${m1}月${d1}日至${m2}月${d2}日` });
    }
  }

  const upToDay = UP_TO_DAY.exec(text);
  if (upToDay) {
    const m = month(upToDay[1]);
    const d = month(upToDay[2]);
    if (!validDay(planYear, m, d)) return { kind: 'invalid', label: `${m}月${d}日`, span: at(upToDay) };
    return spanOf(upToDay, { from: `${planYear}-01-01`, to: iso(planYear, m, d), label: `截至${m}月${d}日` });
  }

  const range = MONTH_RANGE.exec(text);
  if (range) {
    const a = month(range[1]);
    const b = month(range[2]);
    if (a >= 1 && b <= 12 && a <= b) return spanOf(range, span(planYear, a, b, `${a}月至${b}月`));
  }

  const upTo = UP_TO_MONTH.exec(text);
  const firstQuarters = FIRST_QUARTERS.exec(text);
  const firstMonths = FIRST_MONTHS.exec(text);
  const cumulative = firstQuarters ?? upTo ?? firstMonths;
  const lastMonth = firstQuarters ? month(firstQuarters[1]) * 3 : month((upTo ?? firstMonths)?.[1]);
  if (cumulative && lastMonth >= 1 && lastMonth <= 12) {
    return spanOf(cumulative, span(planYear, 1, lastMonth, `截至${lastMonth}月底`));
  }

  const afterDay = AFTER_DAY.exec(text);
  if (afterDay) {
    const m = month(afterDay[1]);
    const d = month(afterDay[2]);
    if (!validDay(planYear, m, d)) {
      return { kind: 'invalid', label: `${m}月${d}日`, span: at(afterDay) };
    }
    const since = afterDay[3] === '以来' || afterDay[3] === '起';
    const from = since ? iso(planYear, m, d) : addDays(iso(planYear, m, d), 1);
    if (from <= `${planYear}-12-31`) {
      return spanOf(afterDay, {
        from,
        to: `${planYear}-12-31`,
        label: `${m}月${d}日${since ? '以来' : '以后'}`,
      });
    }
  }

  const day = DAY.exec(text);
  if (day && (day[0].includes('月') || /前|日|号|左右/.test(day[0]))) {
    const m = month(day[1]);
    const d = month(day[2]);
    if (!validDay(planYear, m, d)) {
      return { kind: 'invalid', label: `${m}月${d}日`, span: at(day) };
    }
    const date = iso(planYear, m, d);
    if (day[3] === '前后' || day[3] === '左右') {
      return spanOf(day, {
        from: addDays(date, -AROUND_DAYS),
        to: addDays(date, AROUND_DAYS),
        label: `${m}月${d}日${day[3]}`,
      });
    }
    // The last day of a month is how people say the plan's "N月底前": that month's deadlines, as
    // "9月底前" reads. Any other day is a cut-off: everything due by it.
    const from = d === lastDay(planYear, m) ? `${planYear}-${pad(m)}-01` : `${planYear}-01-01`;
    return spanOf(day, { from, to: date, label: `${m}月${d}日前` });
  }

  const after = AFTER_MONTH.exec(text);
  const afterMonth = month(after?.[1]);
  const sinceMonth = after?.[2] === '以来' || after?.[2] === '起';
  if (after && sinceMonth && afterMonth >= 1 && afterMonth <= 12) {
    return spanOf(after, span(planYear, afterMonth, 12, `${afterMonth}月以来`));
  }
  if (after && !sinceMonth && afterMonth >= 1 && afterMonth <= 11) {
    return spanOf(after, span(planYear, afterMonth + 1, 12, `${afterMonth}月以后`));
  }

  const within = WITHIN_DAYS.exec(text);
  if (within) {
    return spanOf(within, {
      from: today.iso,
      to: addDays(today.iso, Number(within[1])),
      label: `${within[1]}天内`,
    });
  }
  const overdue = OVERDUE.exec(text);
  if (overdue) {
    return spanOf(overdue, {
      from: '0000-01-01',
      to: addDays(today.iso, -1),
      label: `已过期（今天是${today.iso}）`,
    });
  }
  const ahead = AHEAD.exec(text);
  if (ahead) {
    return spanOf(ahead, { from: today.iso, to: '9999-12-31', label: `尚未到期（今天是${today.iso}）` });
  }
  for (const [pattern, period] of RELATIVE) {
    const m = pattern.exec(text);
    if (m) return spanOf(m, period(today));
  }

  const named = MONTH.exec(text);
  if (named) {
    const m = month(named[1]);
    if (m >= 1 && m <= 12 && named[3] && !named[2]) return spanOf(named, span(planYear, 1, m, `${m}月以前`));
    if (m >= 1 && m <= 12) return spanOf(named, monthSpan(planYear, m, named[2] ? `${m}月底前` : `${m}月`));
    if (m > 12 && m < 100) return { kind: 'invalid', label: `${m}月`, span: at(named) };
  }
  const quarter = QUARTER.exec(text);
  if (quarter?.[1]) {
    const q = month(quarter[1]);
    return spanOf(quarter, span(planYear, q * 3 - 2, q * 3, `第${q}季度`));
  }
  for (const [pattern, period] of WITHIN_PLAN_YEAR) {
    const m = pattern.exec(text);
    if (m) return spanOf(m, period(planYear));
  }
  const whole = WHOLE_YEAR.exec(text);
  if (whole && ABOUT_DEADLINES.test(text)) return spanOf(whole, span(planYear, 1, 12, `${planYear}年全年`));
  return null;
}
