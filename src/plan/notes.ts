/**
 * Finds the responsibility note that closes an item: a bracketed `〔…〕` (always a note, as in the
 * 2022 plan), a `(…)` that names a role (牵头, 负责, 责任单位…), or an unbracketed last sentence
 * "A、B牵头，C等按职责分工负责".
 */

const CUE = /牵头|负责|责任单位|配合单位|落实|承担|数据提供|[单部]位[：:]/;
const BARE_NOTE = /^[^。]{2,160}?(?:牵头|按职责分工负责|负责)$/;
/** An unbracketed last sentence of labels: "牵头单位：A；责任单位：B". */
const LABELED_NOTE = /^(?:牵头|责任|主办|承办)(?:单位|部门)[：:]/;

export interface SplitNote {
  /** The note without its brackets, trimmed; null when the item has none. */
  note: string | null;
  /** The item's text before the note. */
  rest: string;
  /** The item ends in a bracket that names a role: a note, whether or not it could be read. */
  bracketed: boolean;
}

/** Index of the bracket that opens the one closing `text` at `end`, or -1. */
function matchingOpen(text: string, end: number, open: string, close: string): number {
  let depth = 0;
  for (let i = end; i >= 0; i--) {
    if (text[i] === close) depth++;
    else if (text[i] === open && --depth === 0) return i;
  }
  return -1;
}

export function splitNote(body: string): SplitNote {
  const trimmed = body.replace(/[。\s]+$/, '');
  const last = trimmed.length - 1;
  const closing = trimmed[last];
  if (closing === '〕' || closing === ')') {
    const start = matchingOpen(trimmed, last, closing === '〕' ? '〔' : '(', closing);
    const inner = start >= 0 ? trimmed.slice(start + 1, last).trim() : '';
    if (start >= 0 && (closing === '〕' || CUE.test(inner)))
      return { note: inner, rest: trimmed.slice(0, start), bracketed: true };
  }
  const stop = trimmed.lastIndexOf('。');
  const sentence = trimmed.slice(stop + 1).trim();
  if (stop > 0 && LABELED_NOTE.test(sentence))
    return { note: sentence, rest: trimmed.slice(0, stop + 1), bracketed: false };
  if (stop > 0 && BARE_NOTE.test(sentence) && (/、|牵头/.test(sentence) || sentence.length <= 30))
    return { note: sentence, rest: trimmed.slice(0, stop + 1), bracketed: false };
  return { note: null, rest: body, bracketed: false };
}

/** Whether a unit's text so far ends with a bracketed note (the item is complete). */
export function endsWithNote(body: string): boolean {
  return splitNote(body).bracketed;
}
