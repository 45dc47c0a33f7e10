/** "2022-09-30" → "9月30日"; with `withYear`, "2022年9月30日". */
export function formatDate(iso, withYear = false) {
  const [y, m, d] = iso.split('-').map(Number);
  return `${withYear ? `${y}年` : ''}${m}月${d}日`;
}

/** Days since the epoch, in UTC so a daylight-saving change cannot shift a countdown. */
export const dayNumber = (iso) =>
  Date.UTC(...iso.split('-').map((n, i) => Number(n) - (i === 1 ? 1 : 0))) / 86_400_000;
