/** How long a piece of text is in a platform's unit. */
export type Measure = (text: string) => number;

/** UTF-16 code units, as JS strings and Telegram count. */
export const utf16Units: Measure = (text) => text.length;
/** UTF-8 bytes, as WeCom counts its 2048-byte text and markdown limits. */
export const utf8Bytes: Measure = (text) => Buffer.byteLength(text, 'utf8');

/**
 * Splits text into chunks of at most `limit` (in the platform's unit, UTF-16 code units unless
 * `measure` says otherwise), at line breaks where possible. A single line longer than the limit is
 * cut hard, never inside a character (a surrogate pair stays together).
 * Telegram counts UTF-16 units, LINE characters (code units are the stricter of the two), WeCom bytes.
 */
export function splitText(text: string, limit: number, measure: Measure = utf16Units): string[] {
  if (limit < 4 && measure !== utf16Units) throw new RangeError('limit must be at least 4');
  if (limit < 2) throw new RangeError('limit must be at least 2');
  if (measure(text) <= limit) return [text];
  const chunks: string[] = [];
  let current = '';
  const flush = () => {
    if (current.length > 0) chunks.push(current);
    current = '';
  };
  for (const line of text.split('\n')) {
    const candidate = current.length === 0 ? line : `${current}\n${line}`;
    if (measure(candidate) <= limit) {
      current = candidate;
      continue;
    }
    flush();
    let rest = line;
    while (measure(rest) > limit) {
      const cut = longestPrefix(rest, limit, measure);
      chunks.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  flush();
  return chunks.length > 0 ? chunks : [''];
}

/**
 * The length (in code units) of the longest prefix of whole characters that fits in `limit`. Both
 * measures add up character by character, so each character is measured once.
 */
function longestPrefix(text: string, limit: number, measure: Measure): number {
  let end = 0;
  let size = 0;
  for (const char of text) {
    size += measure(char);
    if (size > limit) break;
    end += char.length;
  }
  return Math.max(end, 1);
}

/** Shortens a label to `max` code points, marking the cut. */
export function truncate(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`;
}
