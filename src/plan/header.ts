import type { Line } from './lines.ts';
import type { YearSource } from './model.ts';

/**
 * The part of a plan before its first numbered unit: the title, an optional notice wrapper
 * ("关于印发…的通知", document number, addressees, "现印发给你们", issuing office and date), and the
 * preamble. The wrapper's title names the plan; its text is never a task.
 */
export interface Header {
  title: string;
  preamble: string;
  issuer: string | null;
  documentNumber: string | null;
  /** ISO date of the signature, when the header or the closing carries one. */
  issueDate: string | null;
}

/** "国发〔2018〕39号", "川办函〔2021〕7号", "鲁政办发[2023]10号". */
export const DOCUMENT_NUMBER = /^[\u4e00-\u9fff]{1,10}[〔[【(]((?:19|20)\d{2})[〕\]】)]\d+号$/;
/** A signature date alone on a line: "2023年8月19日". */
export const DATE_LINE = /^((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日$/;
/** "(此件公开发布)", "(此件主动公开)", "(此件不公开)". */
export const PUBLICATION_NOTE = /^\(此件[^)]{2,8}\)$/;
/** "附件", "附件1", "附件：…": what follows is the attached plan. */
const ATTACHMENT = /^附件\d*(?:[：:].*)?$/;
/** The addressees' line: "各市(州)人民政府，省政府各部门：" (or its wrapped last part "关单位："). */
const ADDRESSEES = /^(?:各[^。]*|[^。]*(?:人民政府|部门|单位|机构|管委会?))：$/;
const SENTENCE_PUNCT = /[，。；：]/;
const NOTICE = /关于印发(.+?)的通知$/;

const pad = (n: string): string => n.padStart(2, '0');

export function isoDateOf(line: string): string | null {
  const m = DATE_LINE.exec(line);
  return m ? `${m[1]}-${pad(m[2] as string)}-${pad(m[3] as string)}` : null;
}

/** The plan's name inside a notice title, without its 《》. */
function unwrapTitle(notice: string): string {
  const m = NOTICE.exec(notice);
  const inner = (m?.[1] ?? notice).trim();
  return inner.replace(/^《(.+)》$/, '$1');
}

const bare = (s: string): string => s.replace(/[《》“”"\s]/g, '');

export function readHeader(lines: Line[], closing: Line[]): Header {
  let i = 0;
  const titleParts: string[] = [];
  while (
    i < lines.length &&
    !SENTENCE_PUNCT.test((lines[i] as Line).text) &&
    !DOCUMENT_NUMBER.test((lines[i] as Line).text) &&
    !DATE_LINE.test((lines[i] as Line).text)
  ) {
    titleParts.push((lines[i] as Line).text);
    i++;
  }
  const heading = titleParts.join('');
  const notice = NOTICE.test(heading);
  const title = notice ? unwrapTitle(heading) : heading;
  const issuerMatch = /^(.{2,30}?)关于/.exec(heading);
  const issuer = issuerMatch?.[1] ?? null;

  let documentNumber: string | null = null;
  let issueDate: string | null = null;
  // The preamble starts after the last wrapper line: document number, addressees, signature date,
  // publication note, or the plan's title repeated after the notice.
  let preambleFrom = i;
  let sawSentence = false;
  for (let j = i; j < lines.length; j++) {
    const text = (lines[j] as Line).text;
    if (DOCUMENT_NUMBER.test(text)) {
      documentNumber ??= text;
      preambleFrom = j + 1;
    } else if (DATE_LINE.test(text)) {
      issueDate ??= isoDateOf(text);
      preambleFrom = j + 1;
    } else if (PUBLICATION_NOTE.test(text)) preambleFrom = j + 1;
    else if (notice && bare(text) === bare(title)) preambleFrom = j + 1;
    else if (ATTACHMENT.test(text)) preambleFrom = j + 1;
    else if (!sawSentence && ADDRESSEES.test(text)) preambleFrom = j + 1;
    if (text.includes('。')) sawSentence = true;
  }
  for (const line of closing) issueDate ??= isoDateOf(line.text);
  const preamble = lines
    .slice(preambleFrom)
    .map((l) => l.text)
    .join('');
  return { title, preamble, issuer, documentNumber, issueDate };
}

/** "2021—2023年" → 2021..2023; "2022年" → 2022..2022. */
function titleYears(title: string): { year: number; endYear: number } | null {
  const range = /((?:19|20)\d{2})\s*[—–~～\-至到]\s*((?:19|20)\d{2})年/.exec(title);
  if (range) return { year: Number(range[1]), endYear: Number(range[2]) };
  const one = /((?:19|20)\d{2})年/.exec(title);
  return one ? { year: Number(one[1]), endYear: Number(one[1]) } : null;
}

export interface PlanYear {
  year: number;
  endYear: number;
  source: YearSource;
}

/**
 * The title's year, else the document number's, else the issue date's, else the given one; as a
 * last resort the year the text names most often ("2024年6月底前"), reported as a finding.
 */
export function planYear(header: Header, given?: number, body = ''): PlanYear | null {
  const fromTitle = titleYears(header.title);
  if (fromTitle) return { ...fromTitle, source: 'title' };
  const fromNumber = header.documentNumber && DOCUMENT_NUMBER.exec(header.documentNumber)?.[1];
  if (fromNumber) return { year: Number(fromNumber), endYear: Number(fromNumber), source: 'document-number' };
  if (header.issueDate) {
    const y = Number(header.issueDate.slice(0, 4));
    return { year: y, endYear: y, source: 'issue-date' };
  }
  if (given) return { year: given, endYear: given, source: 'given' };
  const counts = new Map<number, number>();
  for (const m of body.matchAll(/((?:19|20)\d{2})年/g))
    counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  const [top] = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0]);
  return top ? { year: top[0], endYear: top[0], source: 'text' } : null;
}

/** The province or city a plan is for, from its issuer, else its title; "全国" for the State Council. */
export function planRegion(issuer: string | null, title: string): string | null {
  for (const text of [issuer ?? '', title]) {
    if (/^国务院|^国家/.test(text)) return '全国';
    const m = /^([\u4e00-\u9fff]{2,4}?(?:省|自治区|市))/.exec(text);
    if (m?.[1] && !/城市$/.test(m[1])) return m[1];
  }
  return null;
}
