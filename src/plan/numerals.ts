/** "四" → 4, "十二" → 12, "二十三" → 23, "9" → 9; NaN when it is neither digits nor a numeral. */
export function chineseToNumber(numeral: string): number {
  if (/^\d+$/.test(numeral)) return Number(numeral);
  return numeral ? chineseCardinal(numeral) : NaN;
}

const SMALL: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const PLACES: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** "一百" → 100, "十五" → 15, "三千零五" → 3005 (below 10 000); NaN when it is not such a numeral. */
export function chineseCardinal(numeral: string): number {
  let total = 0;
  let digit = -1;
  for (const c of numeral) {
    if (c in SMALL) {
      if (digit >= 0 && digit !== 0) return NaN; // two digits in a row: "一二"
      digit = SMALL[c] as number;
    } else if (c in PLACES) {
      total += (digit < 0 ? 1 : digit) * (PLACES[c] as number);
      digit = -1;
    } else return NaN;
  }
  return total + (digit < 0 ? 0 : digit);
}
