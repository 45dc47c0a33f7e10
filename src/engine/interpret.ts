import type { Deadline, Plan, Section } from '../plan/model.ts';
import { bigrams } from '../nlp/tokenizer.ts';
import { chineseToNumber } from '../plan/numerals.ts';
import { onlySuppliesData } from './filters.ts';
import { negatedAt } from './slots/roles.ts';
import type { AskPhrase, Requirement } from './cues.ts';
import { clauseSides, DATE_COMPARISONS } from './clause-sides.ts';
import { clauseCoverage, type RankedClause, type RankedTask, type TaskRanker } from './ranker.ts';
import type { Asked, Filter, Query, Role } from './query.ts';
import { bestSection, sectionLeftOut, titleSaid } from './sections.ts';
import type { Reading } from './understand.ts';
import type { ConversationContext, QueryMemory } from './types.ts';
import { followUp } from './follow-up.ts';

/** Below this share of its content found in the best task, a question is about something else. */
export const MIN_COVERAGE = 0.5;
const WORDY_MIN_MATCHED = 5;
const WORDY_MIN_COVERAGE = 0.3;
/** A topic that a target's clause holds this completely names the target. */
const TARGET_COVERAGE = 0.8;

/**
 * The best task, if the plan covers the question: half its topic found in one task, or, in a
 * wordy question ("我们处里在梳理…这个是哪家牵头的"), several specific phrases of one task.
 */
export function confident(ranked: RankedTask[]): RankedTask | null {
  const top = ranked[0];
  if (!top) return null;
  const wordyButSpecific = top.matched >= WORDY_MIN_MATCHED && top.coverage >= WORDY_MIN_COVERAGE;
  return top.coverage >= MIN_COVERAGE || wordyButSpecific ? top : null;
}

/** Asks that a section's title words can be the subject of ("监管那一部分有哪些任务"). */
const SECTION_ASKS: ReadonlySet<Asked> = new Set(['tasks', 'count', 'overview', 'describe']);

/** Whether the question may name a section by title: said as a part, or asked as a list or a topic. */
function mayNameSection(reading: Reading): boolean {
  const first = reading.cues[0]?.phrase.asks;
  return reading.modifiers.part || first === undefined || SECTION_ASKS.has(first);
}

/** Whether the title holds most of the words' character pairs. */
function titleHolds(title: string, runs: string[]): boolean {
  const words = bigrams(runs.join(''));
  if (words.length === 0) return false;
  const own = new Set(bigrams(title.replace(/[“”]/g, '')));
  return words.filter((w) => own.has(w)).length / words.length >= 0.5;
}

/** A Query plus what running it needs of the reading: the ranking behind its subject. */
export interface Interpretation {
  query: Query;
  ranked: RankedTask[];
  /** The second side of a comparison of two tasks, ranked on its own words. */
  sides: RankedTask[];
  /**
   * The dated clauses a comparison of dates names side by side ("第三批川渝通办事项落地和电子证照
   * 共享互认相差多少天"), or a numbered task's first and last ("1.4的两个节点相差多少天"); empty otherwise.
   */
  clauses: RankedClause<Deadline>[];
}

/** "最近的截止是什么": where the phrase asks no more than this, the next deadline is what is asked. */
const NEXT_IS_ASKED: ReadonlySet<Asked> = new Set(['when', 'tasks', 'describe', 'overview']);
/** Words that make a question about the whole plan, not the task just discussed. */
const WHOLE_PLAN = /所有|全部|各个|每个|一共|总共|整个|全文|计划里|计划中/;

function agencyFilters(plan: Plan, reading: Reading, fallbackRole: Filter | undefined): Filter[] {
  const role = reading.role ?? (fallbackRole?.kind === 'agency' ? fallbackRole.role : null) ?? 'any';
  // An agency takes the role said right after it ("办公厅牵头、大数据中心没参与"), else the question's.
  // A lone agency said with 'any' takes a narrower role the whole question names beyond the words
  // right after it ("X是哪几项的责任单位", "X负责提供哪些指标的数据"). Asked of any part, an agency
  // whose only part is supplying figures is asked about that part ("成都调查队负责哪些指标").
  const alone = reading.agencies.length === 1;
  const own = (a: Reading['agencies'][number]): Role => {
    const said = a.said ?? role;
    const r = alone && !a.negated && said === 'any' && (role === 'data' || role === 'partner') ? role : said;
    return r === 'any' && onlySuppliesData(plan, a.agency) ? 'data' : r;
  };
  const out: Filter[] = [];
  const named = reading.agencies.filter((a) => !a.negated);
  for (const r of new Set(named.map(own))) {
    const agencies = [...new Set(named.filter((a) => own(a) === r).map((a) => a.agency))];
    out.push({ kind: 'agency', agencies, role: r, negate: false });
  }
  // "除了发改委牵头的": the role said stays with the name left out; "不涉及X" leaves out any role.
  const negated = new Map(reading.agencies.filter((a) => a.negated).map((a) => [a.agency, own(a)]));
  for (const [agency, r] of negated) out.push({ kind: 'agency', agencies: [agency], role: r, negate: true });
  return out;
}

/** "第二多", "排第三": a place in a ranking other than the first. */
const PLACE = /(?:排名?|位列)第([二三四五六七八九]|[2-9])|第([二三四五六七八九]|[2-9])(?:多|少|名|位)/;

/** The filters the question states itself, without follow-up context. */
function ownFilters(
  plan: Plan,
  reading: Reading,
  section: Section | null,
  last: QueryMemory | null,
  presenceIsClaim: boolean,
): Filter[] {
  const filters: Filter[] = [];
  const lastAgency = last?.filters.find((f) => f.kind === 'agency');
  filters.push(...agencyFilters(plan, reading, reading.modifiers.ellipsis ? lastAgency : undefined));
  if (reading.period?.kind === 'span') {
    const { from, to, label } = reading.period.period;
    filters.push({ kind: 'period', from, to, label, negate: negatedAt(reading.text, reading.period.span) });
  }
  if (reading.deadlinePresence && !reading.deadlinePresence.asked && !presenceIsClaim) {
    filters.push({ kind: 'has_deadline', negate: !reading.deadlinePresence.has });
  }
  if (reading.leadPresence && !reading.leadPresence.asked && !presenceIsClaim) {
    filters.push({ kind: 'has_lead', negate: !reading.leadPresence.has });
  }
  if (section)
    filters.push({ kind: 'section', section: section.number, negate: sectionLeftOut(reading, section) });
  if (reading.count) {
    const { measure, min, max } = reading.count;
    filters.push({ kind: 'count', measure, min, max, negate: false });
  }
  return filters;
}

/**
 * Builds the Query: the slots become filters and a subject; the phrase table, by priority and
 * each phrase's requirement, says what is asked; follow-up rules fill what the question leaves
 * out from the previous one.
 */
export function interpret(
  reading: Reading,
  context: ConversationContext,
  plan: Plan,
  ranker: TaskRanker,
): Interpretation {
  const last = context.lastQuery;
  const numberedTask = reading.numbered?.kind === 'task' ? reading.numbered.taskId : null;
  let ranked = ranker.rank(reading.runs);
  let top = numberedTask ? null : confident(ranked);

  // A section by number, or by the words of its title ("监管那一部分", "成渝那块").
  let section: Section | null = null;
  if (reading.numbered?.kind === 'section') {
    section =
      plan.sections.find((s) => s.number === (reading.numbered as { section: number }).section) ?? null;
  } else if (!numberedTask && reading.agencies.length === 0 && mayNameSection(reading)) {
    const listed = reading.modifiers.listing || reading.modifiers.part;
    section =
      bestSection(plan, listed, reading.modifiers.part, reading.runs, ranked) ??
      // "工作目标那部分讲了什么": a title of stopwords alone leaves no topic, but is said in full.
      (reading.runs.length === 0 ? titleSaid(plan, reading.text) : null);
    if (section) {
      ranked = [];
      top = null;
    }
  }

  // "它有截止时间吗": said of the task just discussed, a presence is a claim to check, not a filter.
  // With nothing to point back to, "它" still names a task: the answer asks which.
  const plural = reading.modifiers.plural;
  const aboutLastTask = (reading.modifiers.pronoun || plural) && reading.runs.length === 0;
  const checkAsked = reading.cues.some((c) => c.phrase.asks === 'check');
  // "它是不是X牵头的", "这两项都是9月底前吗": in a yes/no question about the tasks just discussed,
  // an agency, period or presence is the claim to check of each of them, not a filter.
  const claimsAboutLast = aboutLastTask && checkAsked && !numberedTask && context.lastTaskIds.length > 0;
  const filters = ownFilters(plan, reading, section, last, aboutLastTask).filter(
    (f) => !claimsAboutLast || f.kind === 'section',
  );
  // "营商环境那一章（第三部分）": words that only repeat the numbered section's title are not a topic.
  if (section && reading.numbered?.kind === 'section' && top && titleHolds(section.title, reading.runs))
    top = null;
  // "X牵头的任务中有没有设时间节点的": asked of a set of tasks, a presence asks whether any has it.
  if (!numberedTask && !top && !aboutLastTask && filters.length > 0) {
    if (reading.deadlinePresence?.asked) filters.push({ kind: 'has_deadline', negate: false });
    if (reading.leadPresence?.asked) filters.push({ kind: 'has_lead', negate: false });
  }
  // "1.2和1.4一共几个节点": every task named by number is the subject.
  let subject: Query['subject'] = numberedTask
    ? { taskIds: reading.taskIds.length >= 2 ? reading.taskIds : [numberedTask], by: 'number' }
    : top
      ? { taskIds: [top.task.id], by: 'topic' }
      : claimsAboutLast
        ? { taskIds: plural ? context.lastTaskIds : context.lastTaskIds.slice(0, 1), by: 'context' }
        : null;

  // Two tasks named side by side ("川渝通办和掌上办哪个先到期"): each run ranked on its own.
  const sides: RankedTask[] = [];
  if (reading.taskIds.length >= 2) {
    for (const id of reading.taskIds) {
      const t = plan.tasks.find((x) => x.id === id);
      if (t) sides.push({ task: t, score: 1, coverage: 1, matched: 0 });
    }
  } else if (
    reading.runs.length >= 2 &&
    !numberedTask &&
    (reading.modifiers.each ||
      reading.cues.some((c) => c.phrase.asks === 'compare') ||
      (checkAsked && reading.modifiers.both))
  ) {
    for (const run of reading.runs) {
      const best = confident(ranker.rank([run]));
      if (best && !sides.some((s) => s.task.id === best.task.id)) sides.push(best);
    }
    // "川渝通办和掌上办是不是都由X牵头": the claim is checked of each task named.
    if (checkAsked && reading.modifiers.both && sides.length >= 2) {
      subject = { taskIds: sides.map((s) => s.task.id), by: 'topic' };
    }
  }

  // "配合单位有哪些" right after a question about a task, or an answer that was one task ("人社厅牵头
  //的任务有哪些" → 3.2), is about that task, unless it says 所有.
  const aboutLastSubject =
    reading.runs.length === 0 &&
    filters.length === 0 &&
    ((context.lastQuery?.subjectIds.length ?? 0) > 0 || context.lastTaskIds.length === 1) &&
    !WHOLE_PLAN.test(reading.text);
  const hasSet = filters.length > 0 || (reading.value !== null && !subject);
  const clauses = reading.cues.some((c) => DATE_COMPARISONS.has(c.phrase.name))
    ? clauseSides(reading, plan, ranker)
    : [];
  const twoSides =
    reading.agencies.filter((a) => !a.negated).length >= 2 || sides.length >= 2 || clauses.length >= 2;
  const claim =
    (subject !== null || (context.lastTaskIds.length > 0 && reading.runs.length === 0)) &&
    (reading.agencies.length > 0 ||
      reading.claimedAgency !== null ||
      reading.period?.kind === 'span' ||
      reading.value !== null ||
      section !== null ||
      reading.deadlinePresence !== null ||
      reading.leadPresence !== null);
  const holds = (requirement: Requirement | undefined): boolean => {
    switch (requirement) {
      case undefined:
        return true;
      case 'claim':
        return claim || (hasSet && !subject) || reading.deadlinePresence?.asked === true;
      case 'two_sides':
        return twoSides;
      case 'no_subject':
        return (
          subject === null && !(reading.runs.length > 0 && reading.modifiers.pronoun) && !aboutLastSubject
        );
      case 'set':
        return hasSet || reading.runs.length === 0 || reading.modifiers.narrow;
    }
  };
  let phrase: AskPhrase | null = reading.cues.find((c) => holds(c.phrase.requires))?.phrase ?? null;

  let asked: Asked;
  let cue: string;
  if (phrase) {
    asked = phrase.asks;
    cue = phrase.name;
  } else if (reading.period?.kind === 'next') {
    asked = 'dates';
    cue = 'period:next';
  } else if (subject) {
    asked = 'describe';
    cue = 'subject';
  } else if (hasSet) {
    asked = 'tasks';
    cue = 'filters';
  } else {
    asked = 'describe';
    cue = 'none';
  }
  if (reading.period?.kind === 'next' && NEXT_IS_ASKED.has(asked) && !subject) {
    asked = 'dates';
    cue = 'period:next';
    phrase = null;
  }

  const query: Query = {
    asked,
    cue,
    filters,
    subject,
    each: reading.modifiers.each,
    topic: section ? [] : reading.runs,
    scope: reading.scope,
  };
  if (phrase?.counted) query.counted = phrase.counted;
  // "所有配合单位", "牵头单位一共几个": with no agency named, the role said is the one counted.
  if (
    query.counted === 'agencies' &&
    reading.agencies.length === 0 &&
    (asked === 'enumerate' || asked === 'count')
  ) {
    if (reading.roleSaid === 'partner') query.counted = 'partners';
    if (reading.roleSaid === 'lead') query.counted = 'leads';
  }
  if (phrase?.date) query.date = phrase.date;
  if (reading.period?.kind === 'next' && asked === 'dates') query.date = 'next';
  const placed = asked === 'rank' ? PLACE.exec(reading.text) : null;
  if (asked === 'rank') query.order = /最少|第.少/.test(reading.text) ? 'least' : 'most';
  const placeSaid = placed?.[1] ?? placed?.[2];
  if (placeSaid) {
    const n = /^\d$/.test(placeSaid) ? Number(placeSaid) : chineseToNumber(placeSaid);
    if (n >= 2) query.place = n;
  }
  if (asked === 'rank' && reading.top) query.limit = reading.top.count;

  const namesTarget =
    reading.modifiers.ellipsis &&
    !phrase &&
    top !== null &&
    // A task's own title words ("那掌上办呢") name the task, not one of its targets.
    clauseCoverage(top.task.title, reading.runs) < MIN_COVERAGE &&
    (ranker.rankTargets(reading.runs, new Map([[top.task.id, top.score]]))[0]?.coverage ?? 0) >=
      TARGET_COVERAGE;
  followUp(query, reading, context, Boolean(phrase), top !== null, namesTarget);
  return { query, ranked, sides, clauses };
}
