/** "2022-09-30" → "9月30日". */
export function formatDate(iso) {
  const [, m, d] = iso.split('-').map(Number);
  return `${m}月${d}日`;
}

/** Days since the epoch, in UTC so a daylight-saving change cannot shift a countdown. */
export const dayNumber = (iso) =>
  Date.UTC(...iso.split('-').map((n, i) => Number(n) - (i === 1 ? 1 : 0))) / 86_400_000;
