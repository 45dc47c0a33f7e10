import type { Deadline, Section, Target, Task } from '../plan/model.ts';
import type { Claim } from './answers/check.ts';
import {
  clausesAnswer,
  figureAnswer,
  goalAnswer,
  relativeLimitAnswer,
  topicAnswer,
  undatedAnswer,
  whenAnswer,
  type Draft,
} from './answers/task.ts';
import { MIN_COVERAGE } from './interpret.ts';
import { bestClause, clauseCoverage } from './ranker.ts';
import { RUNNER_UP_SHARE, type Run } from './run.ts';
import { sameUnit, type ValueMention } from './slots/values.ts';

/** A topic answer quotes the best sentence, and more while the quote stays this short. */
const QUOTE_CHARS = 160;
/** A time limit counted from an event: "本意见印发之日起30日内", "3个工作日内". */
const RELATIVE_LIMIT =
  /(?:[\p{Script=Han}]{0,8}之日起)?(?:\d+|[一二三四五六七八九十]{1,3})(?:个)?(?:工作日|日|天|个月|月|年)(?:内|以内|之内)/u;
/** A clause without a date wins over the dated ones only when it fits the question this much better. */
const UNDATED_MARGIN = 0.2;

/**
 * A figure named in the question ("30类", "90个工作日是哪项的"): the plan's target of that value
 * and unit; where several hold it, the one whose clause the other words fit clearly best, else
 * every one ("8%是哪几项的目标"). Null when the question names no figure or the plan holds none of
 * that value and unit.
 */
export function valueLookup(run: Run): Draft | null {
  const { reading } = run;
  // "3个工作日和6个工作日分别是啥": each figure looked up on its own, answers one after the other.
  const distinct = reading.values.filter(
    (v, i) => reading.values.findIndex((w) => w.value === v.value && sameUnit(w.unit, v.unit)) === i,
  );
  if (distinct.length >= 2) {
    const drafts = distinct.flatMap((v) => {
      const one = lookupOne(run, v);
      return one ? [one] : [];
    });
    const [first] = drafts;
    if (!first) return null;
    if (drafts.length === 1) return first;
    return {
      ...first,
      matches: drafts.flatMap((d) => d.matches),
      text: drafts.map((d) => d.text).join('\n'),
      suggestions: first.suggestions,
    };
  }
  return reading.value ? lookupOne(run, reading.value) : null;
}

/** The plan's targets of one figure, the one the rest of the question fits best, or each when tied. */
function lookupOne(run: Run, value: ValueMention): Draft | null {
  const { plan, reading } = run;
  const hits = plan.tasks
    .flatMap((t) => t.targets.map((item) => ({ task: t, item })))
    .filter((c) => c.item.value === value.value && sameUnit(c.item.unit, value.unit))
    .map((c) => ({ ...c, score: 0, coverage: clauseCoverage(c.item.text, reading.runs) }))
    .sort((a, b) => b.coverage - a.coverage);
  const best = hits[0];
  // Nothing else in the question picks one of several tasks holding it ("8%是哪几项的目标"): each.
  const tied = hits.filter((h) => best && h.coverage === best.coverage);
  if (new Set(tied.map((h) => h.task)).size >= 2) return clausesAnswer('figure', tied, value.raw);
  return best ? figureAnswer(best, best.task) : null;
}

/** The task's sentences that fit the question, with close runners-up when it was found by topic. */
export function describe(run: Run, t: Task): Draft {
  const { query, ranked, reading } = run;
  const runnersUp =
    query.subject?.by === 'topic'
      ? ranked
          .slice(1, 3)
          .filter((r) => r.coverage >= MIN_COVERAGE && r.score >= (ranked[0]?.score ?? 0) * RUNNER_UP_SHARE)
      : [];
  return topicAnswer(
    t,
    run.env.ranker.bestSentences(t, reading.runs, QUOTE_CHARS),
    runnersUp.map((r) => r.task),
  );
}

/** The clause the question names, when it fits clearly better than any dated clause and has no date. */
export function undatedClause(run: Run, t: Task, datedText: string | null): string | null {
  const { query, reading } = run;
  if (query.subject?.by !== 'topic') return null;
  const clause = bestClause(t, reading.runs);
  const datedCoverage = datedText ? clauseCoverage(datedText, reading.runs) : 0;
  const best = Math.max(datedCoverage, ...t.deadlines.map((d) => clauseCoverage(d.text, reading.runs)));
  if (!clause || clause.coverage < MIN_COVERAGE || clause.coverage < best + UNDATED_MARGIN) return null;
  // "网上办什么时候完成" names the task by its title ("深化政务服务“网上办”"): its own dates answer.
  if (clauseCoverage(t.title, reading.runs) >= clause.coverage) return null;
  // A sentence that holds a dated clause is dated.
  return t.deadlines.some((d) => clause.text.includes(d.text) || d.text.includes(clause.text))
    ? null
    : clause.text;
}

/**
 * A dated goal of a section's opening paragraph ("工作目标：在2021年3月底前，全面规范政务服务事项")
 * that the question's words fit, and fit better than any clause of the task found; null otherwise.
 */
export function goal(run: Run, t: Task | null): Draft | null {
  const { plan, reading, query } = run;
  if (reading.runs.length === 0 || query.subject?.by === 'number' || query.subject?.by === 'context')
    return null;
  let best: { section: Section; goal: Deadline; coverage: number } | null = null;
  for (const section of plan.sections)
    for (const g of section.goals ?? []) {
      const coverage = clauseCoverage(g.text, reading.runs);
      if (!best || coverage > best.coverage) best = { section, goal: g, coverage };
    }
  if (!best || best.coverage < MIN_COVERAGE) return null;
  const own = t ? (bestClause(t, reading.runs)?.coverage ?? 0) : 0;
  return best.coverage > own ? goalAnswer(best.section, best.goal) : null;
}

/** When the task's clause the question names falls due; a clause without a date is said to have none. */
export function when(run: Run, t: Task): Draft {
  const { query, reading } = run;
  const clauses = run.env.ranker.rankDeadlines(reading.runs, run.scores());
  // A term that dated clauses of several tasks hold alike ("清单什么时候完成"): each of them.
  const top = clauses[0];
  if (query.subject?.by === 'topic' && top && top.coverage >= MIN_COVERAGE) {
    const tied = clauses.filter((c) => c.coverage === top.coverage);
    if (new Set(tied.map((c) => c.task)).size >= 2) return clausesAnswer('when', tied, reading.runs.join(''));
  }
  const inTask = clauses.find((c) => c.task.id === t.id && c.coverage > 0);
  const anywhere = query.subject?.by === 'topic' ? clauses[0] : null;
  if (anywhere && anywhere.coverage > (inTask?.coverage ?? 0) && anywhere.coverage >= MIN_COVERAGE) {
    return whenAnswer(anywhere.task, anywhere.item);
  }
  const undated = undatedClause(run, t, inTask?.item.text ?? null);
  if (undated) {
    // Its sentence may set a limit from an event ("印发之日起30日内"): that is its time.
    const sentence = t.sentences.find((s) => s.includes(undated));
    const limit = sentence ? RELATIVE_LIMIT.exec(sentence) : null;
    if (sentence && limit) return relativeLimitAnswer(t, sentence, limit[0]);
    return undatedAnswer(t, undated);
  }
  return whenAnswer(t, inTask?.item ?? null);
}

/** "几个月", "多少万元": the targets in the unit asked, where the plan has any; all of them otherwise. */
export function ofAskedUnit<T extends { item: Target }>(run: Run, targets: T[]): T[] {
  const unit = run.reading.askedUnit?.unit;
  if (!unit) return targets;
  const inUnit = targets.filter((c) => sameUnit(c.item.unit, unit));
  return inUnit.length > 0 ? inUnit : targets;
}

/**
 * What a 'when' question gets beside the task's own dates: a goal the plan dates outside its tasks
 * ("百日攻坚要在什么时候前全面规范政务服务事项"), or, for a length asked in a unit the task's
 * targets use ("见习期限是几个月"), that figure; null where neither applies and no task is named.
 */
export function whenOf(run: Run, t: Task | null): Draft | null {
  const aim = goal(run, t);
  if (aim) return aim;
  const unit = run.reading.askedUnit?.unit;
  if (t && unit && t.targets.some((g) => sameUnit(g.unit, unit))) return figure(run, t);
  return t ? when(run, t) : null;
}

/** The plan's target the question's words name best, in the unit asked; null below the coverage floor. */
export function figureAnywhere(run: Run): Draft | null {
  if (run.reading.runs.length === 0) return null;
  const best = ofAskedUnit(run, run.env.ranker.rankTargets(run.reading.runs, run.scores()))[0];
  return best && best.coverage >= MIN_COVERAGE ? figureAnswer(best, best.task) : null;
}

/** The task's quantified target the question names, or a better-fitting one elsewhere. */
export function figure(run: Run, t: Task): Draft {
  const { query, reading } = run;
  const targets = ofAskedUnit(run, run.env.ranker.rankTargets(reading.runs, run.scores()));
  // No words to pick one ("3.2的指标是多少"): the task's first target (in the unit asked, if one
  // was), its others listed beside it.
  const unit = reading.askedUnit?.unit;
  const first = t.targets.find((g) => !unit || sameUnit(g.unit, unit)) ?? t.targets[0];
  const own = first && reading.runs.length === 0 ? { task: t, item: first, score: 0, coverage: 0 } : null;
  const best = targets.find((c) => c.task.id === t.id) ?? own;
  const elsewhere = query.subject?.by === 'number' ? undefined : targets[0];
  const anyBest = elsewhere && elsewhere.coverage >= MIN_COVERAGE ? elsewhere : null;
  if (!best && !anyBest && reading.modifiers.duration && t.deadlines.length > 0) return whenAnswer(t, null);
  return anyBest && anyBest.coverage > (best?.coverage ?? 0)
    ? figureAnswer(anyBest, anyBest.task)
    : figureAnswer(best, t);
}

/** "只由", "仅有", "单独由" right before an agency: it alone, not among others. */
const ONLY_BEFORE = /(只|仅|单独|独自|光)(由|是|有|让)?$/;
/** "X单独牵头", "X一家牵头", "X自己牵头吗". */
const ONLY_AFTER = /^(单独|独自|一家|自己|独家)/;

/** What a yes/no question states about its task; null when it states nothing checkable. */
export function claimOf(run: Run, t: Task): Claim | null {
  const { query, reading } = run;
  const kept = reading.agencies.filter((a) => !a.negated);
  const named = kept.map((a) => a.agency);
  // "是不是只由X牵头", "仅X参与吗": no other agency may hold the role.
  const only = kept.some(
    (a) =>
      ONLY_BEFORE.test(reading.text.slice(Math.max(0, a.start - 4), a.start)) ||
      ONLY_AFTER.test(reading.text.slice(a.start + a.surface.length)),
  );
  if (named.length > 0)
    return { kind: 'agency', agencies: named, role: reading.role ?? 'lead', ...(only ? { only } : {}) };
  if (reading.claimedAgency)
    return { kind: 'agency', agencies: [reading.claimedAgency], role: reading.roleSaid ?? 'lead' };
  if (reading.value) {
    const targets = run.env.ranker.rankTargets(reading.runs, run.scores()).filter((c) => c.task.id === t.id);
    const target =
      targets.find((c) => sameUnit(c.item.unit, reading.value?.unit ?? ''))?.item ??
      t.targets.find((g) => sameUnit(g.unit, reading.value?.unit ?? '')) ??
      null;
    return { kind: 'value', value: reading.value.value, unit: reading.value.unit, target };
  }
  if (reading.period?.kind === 'span') {
    const clauses = run.env.ranker
      .rankDeadlines(reading.runs, run.scores())
      .filter((c) => c.task.id === t.id);
    const { from, to, label } = reading.period.period;
    // No clause named: the task's deadline in the period if it has one ("这两项都是9月底前吗").
    const inPeriod = t.deadlines.find((d) => d.date >= from && d.date <= to);
    return {
      kind: 'period',
      from,
      to,
      label,
      clause: clauses[0]?.item ?? inPeriod ?? t.deadlines[0] ?? null,
    };
  }
  const section = query.filters.find((f) => f.kind === 'section');
  if (section?.kind === 'section') return { kind: 'section', section: section.section };
  // "是不是没有牵头单位" states a lack: 是 means the task has none.
  const lacks = (p: { has: boolean; asked: boolean }) => !p.asked && !p.has;
  if (reading.deadlinePresence) return { kind: 'has_deadline', lacks: lacks(reading.deadlinePresence) };
  if (reading.leadPresence) return { kind: 'has_lead', lacks: lacks(reading.leadPresence) };
  return null;
}
