import { addDays } from '../core/plan-time.ts';

/**
 * Periods said relative to today ("下周", "上个月", "昨天"), and the calendar spans they are made
 * of; periods.ts reads them out of a question.
 */

/** A span of calendar days, inclusive, as ISO dates; `label` is how the reply names it. */
export interface Period {
  from: string;
  to: string;
  label: string;
}

/** Today in the plan's time zone, as numbers and as "YYYY-MM-DD". */
export type LocalDate = Readonly<{ year: number; month: number; day: number; iso: string }>;

export const pad = (n: number): string => String(n).padStart(2, '0');
export const lastDay = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();
export const monthSpan = (year: number, month: number, label: string): Period => ({
  from: `${year}-${pad(month)}-01`,
  to: `${year}-${pad(month)}-${pad(lastDay(year, month))}`,
  label,
});
export const span = (year: number, fromMonth: number, toMonth: number, label: string): Period => ({
  from: `${year}-${pad(fromMonth)}-01`,
  to: `${year}-${pad(toMonth)}-${pad(lastDay(year, toMonth))}`,
  label,
});

/** Periods said relative to today ("这个月", "下周"), in the order tried. */
export const RELATIVE: readonly [RegExp, (today: LocalDate) => Period][] = [
  [/今天|今日/, (today) => ({ from: today.iso, to: today.iso, label: `今天（${today.iso}）` })],
  [
    /明天|明日/,
    (today) => ({
      from: addDays(today.iso, 1),
      to: addDays(today.iso, 1),
      label: `明天（${addDays(today.iso, 1)}）`,
    }),
  ],
  [
    /(这|本|当)(个)?月(份)?/,
    (today) => monthSpan(today.year, today.month, `本月（${today.year}年${today.month}月）`),
  ],
  [
    /下(个)?月(份)?/,
    (today) => {
      const y = today.month === 12 ? today.year + 1 : today.year;
      const m = today.month === 12 ? 1 : today.month + 1;
      return monthSpan(y, m, `下个月（${y}年${m}月）`);
    },
  ],
  [
    /上(个)?月(份)?/,
    (today) => {
      const y = today.month === 1 ? today.year - 1 : today.year;
      const m = today.month === 1 ? 12 : today.month - 1;
      return monthSpan(y, m, `上个月（${y}年${m}月）`);
    },
  ],
  [
    /(这|本)(个)?季度/,
    (today) => {
      const q = Math.ceil(today.month / 3);
      return span(today.year, q * 3 - 2, q * 3, `本季度（${today.year}年第${q}季度）`);
    },
  ],
  [/(这|本)(一)?(个)?(周|星期)/, (today) => ({ from: today.iso, to: addDays(today.iso, 6), label: '本周' })],
  [
    /下(一)?(个)?(周|星期|礼拜)/,
    (today) => {
      // ISO weeks start on Monday.
      const weekday = (new Date(`${today.iso}T00:00:00Z`).getUTCDay() + 6) % 7;
      const monday = addDays(today.iso, 7 - weekday);
      return { from: monday, to: addDays(monday, 6), label: `下周（${monday}起）` };
    },
  ],
  [
    /上(一)?(个)?(周|星期|礼拜)/,
    (today) => {
      const weekday = (new Date(`${today.iso}T00:00:00Z`).getUTCDay() + 6) % 7;
      const monday = addDays(today.iso, -weekday - 7);
      return { from: monday, to: addDays(monday, 6), label: `上周（${monday}至${addDays(monday, 6)}）` };
    },
  ],
  [
    /昨天|昨日/,
    (today) => ({
      from: addDays(today.iso, -1),
      to: addDays(today.iso, -1),
      label: `昨天（${addDays(today.iso, -1)}）`,
    }),
  ],
  [
    /上(个|一)?季度/,
    (today) => {
      const q = Math.ceil(today.month / 3);
      const [y, p] = q === 1 ? [today.year - 1, 4] : [today.year, q - 1];
      return span(y, p * 3 - 2, p * 3, `上季度（${y}年第${p}季度）`);
    },
  ],
];
