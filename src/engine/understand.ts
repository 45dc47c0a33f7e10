import type { Plan } from '../plan/model.ts';
import { normalizeQuestion } from '../nlp/normalize.ts';
import type { Correction, HomophoneCorrector } from '../nlp/corrector.ts';
import type { PinyinTerms } from '../nlp/pinyin-terms.ts';
import { contentRuns } from '../nlp/tokenizer.ts';
import type { AgencyMention, AgencyResolver } from './agencies.ts';
import { findAskPhrases, MODIFIERS, readModifiers, type CueMatch, type Modifiers } from './cues.ts';
import { findPeriod, localDate, type PeriodQuery } from './periods.ts';
import type { Scope, Span } from './query.ts';
import {
  findDeadlinePresence,
  findLeadPresence,
  negatedAt,
  roleAsked,
  roleSpans,
  type Presence,
} from './slots/roles.ts';
import { findPlanItself, findScope } from './slots/scope.ts';
import { findCount, type CountMention } from './slots/counts.ts';
import {
  findAskedUnit,
  findTop,
  findValue,
  type TopMention,
  type UnitMention,
  type ValueMention,
  findValues,
} from './slots/values.ts';
import { findNumberedRef, findTaskIds, type NumberedRef } from './task-ref.ts';
import type { Role } from './query.ts';

/**
 * Everything the recognisers read off one question, each slot with the span it matched. The topic
 * is what is left when every span is taken out: no recogniser's grammar is restated here.
 */
export interface Reading {
  question: string;
  /** Normalized, pinyin mapped to terms, homophones repaired: every span indexes this. */
  text: string;
  corrections: Correction[];
  /** Phrases of the table (cues.ts), highest priority first. */
  cues: CueMatch[];
  modifiers: Modifiers;
  /** `said`: the role said right after this agency ("办公厅牵头、大数据中心没参与"), null if none. */
  agencies: (AgencyMention & { negated: boolean; said?: Role | null })[];
  /** The role the question asks of its agencies, null when it names none. */
  role: Role | null;
  numbered: NumberedRef | null;
  /** Every task named by number, for comparisons ("1.2和1.4"). */
  taskIds: string[];
  /** The role words said, with or without an agency ("其中它牵头的呢"). */
  roleSaid: Role | null;
  period: PeriodQuery | null;
  value: ValueMention | null;
  /** Every figure said, when the first is a figure (`value`): two or more are looked up each. */
  values: ValueMention[];
  /** "几个月", "多少万元": the unit of the figure asked for, when no figure is said. */
  askedUnit: UnitMention | null;
  /** "前三个": how many of a ranking are asked for. */
  top: TopMention | null;
  /** "有两个以上牵头单位的": how many of something the tasks asked for hold. */
  count: CountMention | null;
  deadlinePresence: Presence | null;
  leadPresence: Presence | null;
  scope: Scope | null;
  /** An agency-looking name the plan does not know ("公安厅"), said where an agency would be. */
  unnamedAgency: string | null;
  /** An agency the plan does not hold, stated in a yes/no question ("是不是市大数据局牵头的"). */
  claimedAgency: string | null;
  /** The question's topic words: content runs with every slot and asking phrase taken out. */
  runs: string[];
}

export interface Reader {
  plan: Plan;
  corrector: HomophoneCorrector;
  pinyin: PinyinTerms;
  agencies: AgencyResolver;
  timeZone: string;
  /** The plan's text, to tell the plan's own phrases from scope words. */
  planText: string;
}

/** "公安厅负责哪些工作": a name ending like an agency's, right before an agency-scope word. */
const UNNAMED_AGENCY =
  /^(?:请问)?([\p{Script=Han}()（）]{1,12}?(?:厅|局|委|办|中心|院|海关|分行|政府|公司|集团))(?:的)?(?:负责|牵头|参与|涉及|承担|有)/u;

/**
 * "网上办是不是市大数据局牵头的": a name ending like an agency's, stated after a yes/no word, that the
 * plan does not hold; the check answers 不是 with who does.
 */
const CLAIMED_AGENCY =
  /(?:是不是|是否|是)(?:由)?([\p{Script=Han}()（）]{1,12}?(?:厅|局|委|中心|院|海关|分行|政府|公司|集团))(?:来|的)?(?:负责|牵头|主抓|主责|参与|配合|协办|管)/u;

/** A misspelt agency matters only where an agency is the subject: "X负责哪些", "那X呢". */
const AGENCY_SUBJECT =
  /(负责|牵头|参与|涉及|承担|分管|主抓|配合|管)(了|做|干)?(哪|什么|啥|几|多少)|呢[?？]?$|^那/;

/** Blanks the spans out of the text, so what remains can be read for the topic. */
function without(text: string, spans: Span[], mark: string): string {
  if (spans.length === 0) return text;
  // Spans index UTF-16 code units, as regular expressions do; they may overlap.
  const sorted = [...spans].sort((x, y) => x.start - y.start);
  let out = '';
  let at = 0;
  for (const { start, end } of sorted) {
    const from = Math.max(start, at);
    if (end <= from) continue;
    out += text.slice(at, from) + mark.repeat(end - from);
    at = end;
  }
  return out + text.slice(at);
}

/** What an 意见 or 措施 calls its items, as a whole run: "哪些措施", "有哪些举措". */
const ITEM_WORD = /^(?:措施|举措|政策措施|政策|条措施)$/;

/** Words before an agency that leave it out in every role. */
const ANY_ROLE_LEFT_OUT = /(不涉及|不包括|不包含|不含|排除)$/;
/** How far after an agency its own role words are looked for, in characters. */
const ROLE_WINDOW = 8;

const GENERIC_TAIL = /(具体)?(事项|事情|举措|工作事项)(都)?(有哪些|是什么|是啥|有啥)?[?？]?$/;

/** Where a slot was: no clause boundary, so a phrase can still read across it ("离年底还有几天"). */
const SLOT_MARK = '◇';

export function read(reader: Reader, question: string, now: Date): Reading {
  const normalized = reader.pinyin.replace(normalizeQuestion(question));
  const { text, corrections } = reader.corrector.correct(normalized);
  const found = reader.agencies.find(text, { fuzzy: AGENCY_SUBJECT.test(text) });
  const agencies: Reading['agencies'] = found.map((a) => ({
    ...a,
    negated: negatedAt(text, { start: a.start, end: a.start + a.surface.length }),
  }));
  const numbered = findNumberedRef(text, reader.plan);
  const period = findPeriod(text, now, reader.plan.year, reader.timeZone);
  const top = findTop(text);
  // "前3个部门" is a ranking's length, and "这三项" points back to tasks: neither is a figure.
  const figure = findValue(text);
  const plural = MODIFIERS.plural.exec(text);
  const pluralSpan = plural ? { start: plural.index, end: plural.index + plural[0].length } : null;
  const overlaps = (a: Span | null | undefined, b: Span) => !!a && a.start < b.end && b.start < a.end;
  // "有两个以上牵头单位的任务": a count of what tasks hold, said of no task in particular.
  // A task named by number is the subject, not a set to count over; a section is such a set
  // ("第一部分里只有一个牵头单位的任务").
  const counted = numbered?.kind === 'task' ? null : findCount(text);
  const count = counted && !overlaps(numbered?.span, counted.span) ? counted : null;
  const value =
    figure &&
    !overlaps(top?.span, figure.span) &&
    !overlaps(pluralSpan, figure.span) &&
    !overlaps(count?.span, figure.span)
      ? figure
      : null;
  const values = value
    ? findValues(text).filter(
        (v) =>
          !overlaps(top?.span, v.span) && !overlaps(pluralSpan, v.span) && !overlaps(count?.span, v.span),
      )
    : [];
  const askedUnit = value ? null : findAskedUnit(text);
  const deadlinePresence = findDeadlinePresence(text);
  // Beside an agency, "牵头" is its role; only "牵头单位" said apart from it is a presence
  // ("财政厅参与的任务当中，哪些没定牵头单位").
  const lead = findLeadPresence(text);
  const leadPresence =
    agencies.length === 0
      ? lead
      : lead &&
          /单位|部门/.test(text.slice(lead.span.start, lead.span.end)) &&
          !agencies.some((a) => a.start < lead.span.end && lead.span.start < a.start + a.surface.length)
        ? lead
        : null;

  const claimedMatch = agencies.length === 0 ? CLAIMED_AGENCY.exec(text) : null;
  // A short name for one of the plan's agencies ("市审批局") is that agency.
  const expanded = claimedMatch?.[1] ? reader.agencies.expand(claimedMatch[1]) : null;
  if (claimedMatch?.[1] && expanded) {
    const start = claimedMatch.index + claimedMatch[0].indexOf(claimedMatch[1]);
    const surface = claimedMatch[1];
    const span = { start, end: start + surface.length };
    agencies.push({ agency: expanded, surface, start, inPlan: true, negated: negatedAt(text, span) });
  }
  // Each agency's own role words follow it, up to the next agency or clause ("财政厅参与的…").
  for (const a of agencies) {
    const end = a.start + a.surface.length;
    const next = Math.min(...agencies.map((b) => b.start).filter((s) => s >= end), end + ROLE_WINDOW);
    a.said = roleAsked(text.slice(end, next).split(/[，,。？?；;]/)[0] ?? '', reader.plan);
    // "不涉及X的…", "不包括X": left out in any role, whatever role the rest of the question names.
    if (a.negated && ANY_ROLE_LEFT_OUT.test(text.slice(Math.max(0, a.start - 4), a.start))) a.said = 'any';
  }
  const claimed = expanded ? null : claimedMatch;
  const claimedName = claimed?.[1] ?? null;
  const slotSpans: Span[] = [
    ...agencies.map((a) => ({ start: a.start, end: a.start + a.surface.length })),
    ...(claimed && claimedName
      ? [{ start: claimed.index + claimed[0].indexOf(claimedName), end: 0 }].map((x) => ({
          start: x.start,
          end: x.start + claimedName.length,
        }))
      : []),
    ...[numbered, period, value, top, count].flatMap((s) => (s ? [s.span] : [])),
    ...values.slice(1).map((v) => v.span),
    // "这几项": it points back, and its "几项" asks no count.
    ...(pluralSpan ? [pluralSpan] : []),
    // "有没有截止时间" stays readable as a yes/no phrase; a stated presence is a slot.
    ...[deadlinePresence, leadPresence].flatMap((s) => (s && !s.asked ? [s.span] : [])),
  ];
  const nowYear = localDate(now, reader.timeZone).year;
  const scope = findScope(text, reader.plan, reader.planText, slotSpans, nowYear);
  if (scope) for (const s of [scope.year, scope.region, scope.title]) if (s) slotSpans.push(s.span);
  const itself = findPlanItself(text, slotSpans);
  if (itself) slotSpans.push(itself);

  // How a question is asked is read where no slot is, so "这个月" is not "这个" and a
  // period's "截止" is not a "when".
  const rest = without(text, slotSpans, SLOT_MARK);
  const cues = findAskPhrases(rest);
  const cueSpans = cues.filter((c) => !c.phrase.keep).flatMap((c) => c.spans);
  // "按几个月确定": the unit asked is no topic word (the cue may still read "几" or "多少").
  if (askedUnit) cueSpans.push(askedUnit.span);
  // "…要完成的具体事项": a generic head noun ending the question names what is listed, no topic
  // ("川渝通办第三批事项落地" keeps its 事项: it does not end the question).
  const generic = GENERIC_TAIL.exec(rest);
  if (generic) cueSpans.push({ start: generic.index, end: generic.index + generic[0].length });
  // "那部分", "这一块": they name a part of the plan, which the section recogniser reads.
  const part = MODIFIERS.part.exec(rest);
  if (part) cueSpans.push({ start: part.index, end: part.index + part[0].length });
  // With an agency named, in a follow-up ("那配合的呢"), or where agencies are what is counted
  // ("只配合不牵头的单位有哪些"), role words fill the role slot.
  const agenciesCounted = cues.some((c) => c.phrase.counted === 'agencies' || c.phrase.counted === 'leads');
  if (
    agencies.length > 0 ||
    agenciesCounted ||
    MODIFIERS.ellipsis.test(rest) ||
    MODIFIERS.narrow.test(rest)
  ) {
    cueSpans.push(...roleSpans(rest));
  }
  const topicText = without(rest, cueSpans, '，');

  const unnamed = agencies.length === 0 && !claimedName ? UNNAMED_AGENCY.exec(text) : null;
  const roleSaid = roleAsked(text, reader.plan);
  return {
    question,
    text,
    corrections,
    cues,
    // The plural pointer is a slot, read on the text, not on what the slots leave.
    modifiers: { ...readModifiers(rest), plural: pluralSpan !== null },
    agencies,
    role: agencies.length > 0 ? roleSaid : null,
    roleSaid,
    numbered,
    taskIds: numbered?.kind === 'task' ? findTaskIds(text, reader.plan) : [],
    period,
    value,
    values,
    askedUnit,
    top,
    count,
    deadlinePresence,
    leadPresence,
    scope,
    unnamedAgency: claimedName ?? unnamed?.[1] ?? null,
    claimedAgency: claimedName,
    runs: contentRuns(topicText).filter(
      (r) =>
        (r.length >= 2 || /[\p{Script=Han}]/u.test(r)) &&
        // "哪些措施…": the genre's word for its items, said alone, names no topic.
        !ITEM_WORD.test(r) &&
        // A bare figure is a topic only where the plan writes it ("12345"), not a stray number.
        (!/^[\d.]+$/.test(r) || (r.length >= 3 && reader.planText.includes(r))),
    ),
  };
}
