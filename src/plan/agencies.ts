import type { Role } from './model.ts';

/**
 * Reads a task's responsibility note in the forms the genre uses:
 * - "A、B牵头，C、D等省直有关部门(单位)按职责分工负责" (named partners come before the last 等);
 * - "牵头单位：A；责任单位：B；配合单位：C；数据提供单位：D" (the plan's own word for each role);
 * - "A、B负责" with or without a convention declared once ("列第一位者为牵头单位，下同": the first
 *   named leads, in this note and every later one);
 * - "以下工作均需X负责，不再列出" / "以下任务均需X落实" (plan-wide duties).
 * Generic groups ("省直有关部门(单位)", "各市(州)人民政府") are kept in roles but are not agencies.
 */

const GENERIC = /有关部门|有关单位|相关部门|各地|各部门|各级|^(?:单位|部门|机构)$/;
const PLAN_WIDE = /以下(?:工作|任务|事项)?均(?:需|由|要)(.+?)(?:负责|落实|承担)/;
export const CONVENTION = /(?:列|排)(?:在|名)?(?:第一位?|首位)[^，。；]{0,6}?为牵头(?:单位|部门)/;
const LABELED = /^([\u4e00-\u9fff]{0,8}?(?:单位|部门|牵头|责任|配合|协办))[：:](.+)$/;
const LEAD_MARK = /牵头$/;
const INLINE_LEAD = /\(牵头\)$/;
const SHARED_MARK = /按职责分工负责$|按职责负责$|分工负责$/;
const RESPONSIBLE_MARK = /(?:负责|落实|承担)$/;
const PARTNER_MARK = /(?:配合|协助|参与)$/;

export interface NoteAgencies {
  leads: string[];
  partners: string[];
  /** Agencies the note makes responsible, generic groups included. */
  responsible: string[];
  roles: Role[];
  /** Agencies the note makes responsible for every task ("以下工作均需各市(州)人民政府负责"). */
  planWide: string[];
  /** The note declares "列第一位者为牵头单位": the first named leads from here on. */
  declaresFirstLeads: boolean;
}

export function isGenericAgency(name: string): boolean {
  return GENERIC.test(name);
}

/** Splits at any of `separators` outside brackets: "市政府办公厅(市政务服务管理局、市网络理政办)" is one name. */
export function splitOutside(text: string, separators: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '(' || c === '〔' || c === '[') depth++;
    else if ((c === ')' || c === '〕' || c === ']') && depth > 0) depth--;
    else if (depth === 0 && separators.includes(c)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function names(list: string): string[] {
  return splitOutside(list, '、，,')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
}

/** "等" that ends a list of names ("A、B等省直有关部门"), not one inside a name ("高等学校"). */
const ETC = /等(?=$|有关|省直|市直|区直|县直|相关|部门|单位|其他|各|按)/g;

/** "A、B等省直有关部门(单位)": the named ones before the last 等 (the whole list when there is none). */
function beforeEtc(list: string): string[] {
  const cut = [...list.matchAll(ETC)].at(-1)?.index ?? -1;
  return names(cut > 0 ? list.slice(0, cut) : list);
}

function roleKind(word: string): Role['kind'] {
  if (word.includes('牵头')) return 'lead';
  // "数据提供单位" supplies an indicator's figures: a role of its own, neither doing nor helping.
  if (/数据提供|提供数据|数据报送|报送数据/.test(word)) return 'data';
  if (/责任|负责|主办|承办/.test(word)) return 'responsible';
  if (/配合|协办|参与|协助|协同/.test(word)) return 'partner';
  return 'other';
}

/** Roles of one clause group ("A、B，C按职责分工负责": unmarked names join the next mark). */
/** "牵头单位：A 责任单位：B" run together once spaces are squeezed: cut before each label. */
const NEXT_LABEL = /(?<=[^；;，,。\s])(?=(?:牵头|责任|配合|协办|主办|参与|数据提供)(?:单位|部门)[：:])/g;

function readSentence(sentence: string, roles: Role[]): void {
  let pending: string[] = [];
  for (const part of splitOutside(sentence.replace(NEXT_LABEL, '；'), '；;')) {
    const labeled = LABELED.exec(part.trim());
    if (labeled?.[1] && labeled[2]) {
      // "责任单位：A、B等按职责分工负责": the label says the role; a trailing mark and 等… add nothing.
      const list = labeled[2].replace(/(?:按职责分工负责|分工负责|负责|牵头|配合|落实)$/, '');
      roles.push({ word: labeled[1], kind: roleKind(labeled[1]), agencies: beforeEtc(list) });
      continue;
    }
    for (const raw of splitOutside(part, '，,')) {
      const clause = raw.trim();
      if (!clause) continue;
      const mark = [LEAD_MARK, SHARED_MARK, PARTNER_MARK, RESPONSIBLE_MARK]
        .map((re) => re.exec(clause))
        .find((m) => m);
      if (!mark) {
        pending.push(...names(clause));
        continue;
      }
      const word = mark[0];
      const list = clause.slice(0, clause.length - word.length).replace(/^由/, '');
      const agencies = [...pending, ...(LEAD_MARK.test(clause) ? names(list) : beforeEtc(list))];
      pending = [];
      if (agencies.length > 0) roles.push({ word, kind: roleKind(word), agencies });
    }
  }
}

const unique = (xs: string[]): string[] => [...new Set(xs)];
const specific = (xs: string[]): string[] => xs.filter((n) => !isGenericAgency(n));

/**
 * @param note the note's text without its brackets
 * @param firstLeads a convention declared earlier in the plan: the first named agency leads
 */
export function parseNote(note: string, firstLeads = false): NoteAgencies {
  const roles: Role[] = [];
  const planWide: string[] = [];
  let declaresFirstLeads = false;
  for (const sentence of splitOutside(note, '。')) {
    const wide = PLAN_WIDE.exec(sentence);
    if (wide?.[1]) {
      planWide.push(...names(wide[1]));
      continue;
    }
    const convention = CONVENTION.exec(sentence);
    if (convention) {
      declaresFirstLeads = true;
      // "责任单位：A、B，列第一位者为牵头单位": the roles said in the same sentence are still read.
      const rest = sentence.replace(
        new RegExp(`[，,；;]?[^，,；;]*${CONVENTION.source}[^，,；;]*(?:[，,；;]下同)?`),
        '',
      );
      if (rest.trim()) readSentence(rest, roles);
      continue;
    }
    readSentence(sentence, roles);
  }
  // "责任单位：A(牵头)、B": a name marked (牵头) inside another role leads.
  const marked = roles.flatMap((r) =>
    r.agencies.filter((a) => INLINE_LEAD.test(a)).map((a) => a.replace(INLINE_LEAD, '')),
  );
  for (const r of roles) r.agencies = r.agencies.map((a) => a.replace(INLINE_LEAD, ''));
  if (marked.length > 0) roles.unshift({ word: '(牵头)', kind: 'lead', agencies: marked });
  const of = (kind: Role['kind']): string[] =>
    roles.filter((r) => r.kind === kind).flatMap((r) => r.agencies);
  const responsible = unique(of('responsible'));
  let leads = unique(specific(of('lead')));
  if (leads.length === 0 && !roles.some((r) => r.kind === 'lead') && (firstLeads || declaresFirstLeads)) {
    const first = roles.find((r) => r.kind === 'responsible')?.agencies[0];
    if (first && !isGenericAgency(first)) leads = [first];
  }
  const partners = unique(specific([...of('responsible'), ...of('partner')])).filter(
    (p) => !leads.includes(p),
  );
  return { leads, partners, responsible, roles, planWide, declaresFirstLeads };
}
