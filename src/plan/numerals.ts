const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** "四" → 4, "十二" → 12, "二十三" → 23; NaN when it is not a numeral below 100. */
export function chineseToNumber(numeral: string): number {
  if (/^\d+$/.test(numeral)) return Number(numeral);
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(numeral);
  if (!m || numeral === '') return NaN;
  const [, tens, ten, ones] = m;
  if (!ten) return tens && !ones ? (DIGITS[tens] ?? NaN) : NaN;
  return (tens ? (DIGITS[tens] ?? 0) : 1) * 10 + (ones ? (DIGITS[ones] ?? 0) : 0);
}

/** 4 → "四", 12 → "十二", 23 → "二十三" (below 100). */
export function numberToChinese(n: number): string {
  if (n < 10) return NUMERALS[n] ?? '';
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : NUMERALS[tens]}十${NUMERALS[n % 10]}`;
}
