import type { Plan, Task } from '../plan/model.ts';
import { checkAnswer, type Claim } from './answers/check.ts';
import { compareAgencies, compareTasks } from './answers/compare.ts';
import { datesAnswer } from './answers/dates.ts';
import {
  agencyAnswer,
  allDeadlinesPeriod,
  deadlineAnswer,
  overviewAnswer,
  sectionAnswer,
} from './answers/lists.ts';
import { helpAnswer, scopeAnswer, unknownAnswer, whichTaskAnswer } from './answers/meta.ts';
import {
  countAnswer,
  enumerateAnswer,
  existsAnswer,
  listAnswer,
  mentionsAnswer,
  rankAgencies,
  rankMonths,
  rankSections,
  rankTasks,
  sectionsWhere,
  taskAgencyCount,
  type TaskMeasure,
} from './answers/sets.ts';
import {
  figureAnswer,
  leadAnswer,
  partnersAnswer,
  sectionOfAnswer,
  topicAnswer,
  undatedAnswer,
  whenAnswer,
  type Draft,
} from './answers/task.ts';
import { applyFilters } from './filters.ts';
import { cite, match, phraseTest, quoteFreeSentences, responsibility } from './format.ts';
import { MIN_COVERAGE, type Interpretation } from './interpret.ts';
import type { Filter, Query } from './query.ts';
import { bestClause, clauseCoverage, type TaskRanker } from './ranker.ts';
import { planScope, scopeMismatch } from './slots/scope.ts';
import { sameUnit } from './slots/values.ts';
import type { Reading } from './understand.ts';

/** A topic answer quotes the best sentence, and more while the quote stays this short. */
const QUOTE_CHARS = 160;
/** A runner-up task is shown beside the best one when it scores at least this share of it. */
export const RUNNER_UP_SHARE = 0.8;
/** A clause without a date wins over the dated ones only when it fits the question this much better. */
const UNDATED_MARGIN = 0.2;

/** Below this share of its words found in any task, a topic is not the plan's. */
const OFF_TOPIC_COVERAGE = 0.2;
/** Words that make a dated question one about work to be done. */
const ABOUT_WORK = /到期|截止|节点|完成|做|干|搞|弄|落实|推进|任务|工作|事|安排|交|办|deadline|计划|要点/;

export interface Executor {
  plan: Plan;
  ranker: TaskRanker;
  planText: string;
  /** The plan's tasks by id. */
  byId: ReadonlyMap<string, Task>;
  /** Today in the plan's time zone, "YYYY-MM-DD". */
  today: string;
  /** The plan was chosen for the question's scope (AskOptions.scoped): no mismatch to report. */
  scoped?: boolean;
}

/** Filters that pick a set of tasks on their own (not the "among" of a follow-up). */
const isSetFilter = (f: Filter): boolean => f.kind !== 'among';

/** Asks answered task by task when a question names several ("1.3和3.4分别谁牵头"). */
const PER_TASK: ReadonlySet<Query['asked']> = new Set(['leads', 'partners', 'when', 'figure', 'describe']);

/** The same question asked of each side on its own, the answers one after the other. */
function eachTask(env: Executor, interpretation: Interpretation, reading: Reading): Draft {
  const { query, sides } = interpretation;
  const parts = sides.map((side) =>
    execute(
      env,
      {
        ...interpretation,
        query: { ...query, subject: { taskIds: [side.task.id], by: 'number' } },
        sides: [],
      },
      { ...reading, taskIds: [side.task.id] },
    ),
  );
  const first = parts[0] as Draft;
  return {
    intent: first.intent,
    agency: null,
    matches: parts.flatMap((p) => p.matches),
    text: parts.map((p) => p.text).join('\n'),
    suggestions: parts.flatMap((p) => p.suggestions).slice(0, 4),
  };
}

/** Runs a Query over the plan model and renders the answer. */
export function execute(env: Executor, interpretation: Interpretation, reading: Reading): Draft {
  const { plan, ranker } = env;
  const { query, ranked } = interpretation;
  if (reading.text.replace(/[\s?!。，,.]/g, '') === '') return unknownAnswer(plan, { kind: 'empty' });
  if (query.asked === 'help') return helpAnswer(plan, reading.modifiers.thanks);

  const outside = env.scoped ? null : scopeMismatch(query.scope, plan, env.planText);
  if (outside) return scopeAnswer(plan, outside, planScope(plan).province);
  if (reading.period?.kind === 'invalid')
    return unknownAnswer(plan, { kind: 'no_such_month', label: reading.period.label });
  if (reading.numbered?.kind === 'missing' && reading.runs.length === 0 && !query.subject) {
    return unknownAnswer(plan, { kind: 'no_such_number', label: reading.numbered.label });
  }

  // "明天会下雨吗", "明天成都天气怎么样": a date or a city alone does not make a question about
  // the plan's work.
  const everywhere = (f: Filter) =>
    f.kind === 'agency' && f.agencies.every((a) => plan.planWideResponsible.includes(a));
  const onlyPeriod =
    query.filters.length > 0 && query.filters.every((f) => f.kind === 'period' || everywhere(f));
  if (
    onlyPeriod &&
    !query.subject &&
    query.asked !== 'dates' &&
    reading.runs.length > 0 &&
    (ranked[0]?.coverage ?? 0) < OFF_TOPIC_COVERAGE &&
    !ABOUT_WORK.test(reading.text)
  ) {
    return unknownAnswer(plan, { kind: 'off_topic' });
  }

  // "1.3和3.4分别谁牵头", "1.2和5.1什么时候到期": a question about a task, asked of each task named.
  const sides = interpretation.sides;
  if (
    sides.length >= 2 &&
    PER_TASK.has(query.asked) &&
    (query.each || reading.taskIds.length >= 2) &&
    !query.filters.some(isSetFilter)
  ) {
    return eachTask(env, interpretation, reading);
  }

  const { byId } = env;
  // "出口退税压缩到5个工作日吗" states a value to check; "90个工作日是哪项的" looks one up.
  const claimsValue = query.asked === 'check';
  const subject = (query.subject?.taskIds ?? []).flatMap((id) => byId.get(id) ?? []);
  const task = subject[0] ?? null;
  const agency = query.filters.find((f) => f.kind === 'agency' && !f.negate);
  const agencyName =
    agency?.kind === 'agency' && agency.agencies.length === 1 ? (agency.agencies[0] ?? null) : null;
  const hasSet = query.filters.some(isSetFilter);
  const filtered = (): Task[] => applyFilters(plan, query.filters);
  const scores = (): Map<string, number> => new Map(ranked.map((r) => [r.task.id, r.score]));

  /** The set of tasks the filters pick, rendered by the filters' own kind where there is one. */
  const list = (): Draft => {
    const tasks = filtered();
    const [only] = query.filters;
    if (query.filters.length === 1 && only && !only.negate) {
      if (only.kind === 'agency' && only.agencies.length === 1 && !query.each) {
        const name = only.agencies[0] as string;
        if (!plan.agencies.includes(name) && !plan.planWideResponsible.includes(name)) {
          return unknownAnswer(plan, { kind: 'no_agency_tasks', agency: name });
        }
        const said = reading.agencies.find((a) => a.agency === name)?.surface;
        return agencyAnswer(plan, name, only.role, said);
      }
      if (only.kind === 'period')
        return deadlineAnswer(plan, { from: only.from, to: only.to, label: only.label });
      if (only.kind === 'section') {
        const section = plan.sections.find((s) => s.number === only.section);
        if (section) return sectionAnswer(plan, section);
      }
    }
    if (query.each && agency?.kind === 'agency' && agency.agencies.length > 1) return eachAgency(agency);
    return listAnswer(plan, tasks, query.filters, agencyName);
  };

  /** "X和Y分别牵头哪些": one list per agency, the other filters kept. */
  const eachAgency = (filter: Extract<Filter, { kind: 'agency' }>): Draft => {
    const parts = filter.agencies.map((a) =>
      listAnswer(
        plan,
        applyFilters(
          plan,
          query.filters.map((f) => (f === filter ? { ...filter, agencies: [a] } : f)),
        ),
        query.filters.map((f) => (f === filter ? { ...filter, agencies: [a] } : f)),
        a,
      ),
    );
    return {
      intent: 'list',
      agency: null,
      matches: parts
        .flatMap((p) => p.matches)
        .filter((m, i, all) => all.findIndex((x) => x.task.id === m.task.id) === i),
      text: parts.map((p) => p.text).join('\n'),
      suggestions: parts.flatMap((p) => p.suggestions).slice(0, 4),
    };
  };

  /**
   * A figure named in the question ("30类", "90个工作日是哪项的"): the plan's target of that value
   * and unit; where several hold it, the one whose clause fits the other words best.
   */
  const valueLookup = (): Draft | null => {
    const value = reading.value;
    if (!value) return null;
    const hits = plan.tasks
      .flatMap((t) => t.targets.map((item) => ({ task: t, item })))
      .filter((c) => c.item.value === value.value && sameUnit(c.item.unit, value.unit))
      .map((c) => ({ ...c, score: 0, coverage: clauseCoverage(c.item.text, reading.runs) }))
      .sort((a, b) => b.coverage - a.coverage);
    const best = hits[0];
    return best ? figureAnswer(best, best.task) : null;
  };

  const describe = (t: Task): Draft => {
    const runnersUp =
      query.subject?.by === 'topic'
        ? ranked
            .slice(1, 3)
            .filter((r) => r.coverage >= MIN_COVERAGE && r.score >= (ranked[0]?.score ?? 0) * RUNNER_UP_SHARE)
        : [];
    return topicAnswer(
      t,
      ranker.bestSentences(t, reading.runs, QUOTE_CHARS),
      runnersUp.map((r) => r.task),
    );
  };

  /** The clause the question names, when it fits clearly better than any dated clause and has no date. */
  const undatedClause = (t: Task, datedText: string | null): string | null => {
    if (query.subject?.by !== 'topic') return null;
    const clause = bestClause(t, reading.runs);
    const datedCoverage = datedText ? clauseCoverage(datedText, reading.runs) : 0;
    const best = Math.max(datedCoverage, ...t.deadlines.map((d) => clauseCoverage(d.text, reading.runs)));
    if (!clause || clause.coverage < MIN_COVERAGE || clause.coverage < best + UNDATED_MARGIN) return null;
    // A sentence that holds a dated clause is dated.
    return t.deadlines.some((d) => clause.text.includes(d.text) || d.text.includes(clause.text))
      ? null
      : clause.text;
  };

  const when = (t: Task): Draft => {
    const clauses = ranker.rankDeadlines(reading.runs, scores());
    const inTask = clauses.find((c) => c.task.id === t.id && c.coverage > 0);
    const anywhere = query.subject?.by === 'topic' ? clauses[0] : null;
    if (anywhere && anywhere.coverage > (inTask?.coverage ?? 0) && anywhere.coverage >= MIN_COVERAGE) {
      return whenAnswer(anywhere.task, anywhere.item);
    }
    const undated = undatedClause(t, inTask?.item.text ?? null);
    if (undated) return undatedAnswer(t, undated);
    return whenAnswer(t, inTask?.item ?? null);
  };

  const figure = (t: Task): Draft => {
    const targets = ranker.rankTargets(reading.runs, scores());
    const best = targets.find((c) => c.task.id === t.id) ?? null;
    const elsewhere = query.subject?.by === 'number' ? undefined : targets[0];
    const anyBest = elsewhere && elsewhere.coverage >= MIN_COVERAGE ? elsewhere : null;
    if (!best && !anyBest && reading.modifiers.duration && t.deadlines.length > 0) return whenAnswer(t, null);
    return anyBest && anyBest.coverage > (best?.coverage ?? 0)
      ? figureAnswer(anyBest, anyBest.task)
      : figureAnswer(best, t);
  };

  /** What a yes/no question states about its task. */
  const claimOf = (t: Task): Claim | null => {
    const named = reading.agencies.filter((a) => !a.negated).map((a) => a.agency);
    if (named.length > 0) return { kind: 'agency', agencies: named, role: reading.role ?? 'lead' };
    if (reading.claimedAgency)
      return { kind: 'agency', agencies: [reading.claimedAgency], role: reading.roleSaid ?? 'lead' };
    if (reading.value) {
      const targets = ranker.rankTargets(reading.runs, scores()).filter((c) => c.task.id === t.id);
      const target =
        targets.find((c) => sameUnit(c.item.unit, reading.value?.unit ?? ''))?.item ??
        t.targets.find((g) => sameUnit(g.unit, reading.value?.unit ?? '')) ??
        null;
      return { kind: 'value', value: reading.value.value, unit: reading.value.unit, target };
    }
    if (reading.period?.kind === 'span') {
      const clauses = ranker.rankDeadlines(reading.runs, scores()).filter((c) => c.task.id === t.id);
      const { from, to, label } = reading.period.period;
      return { kind: 'period', from, to, label, clause: clauses[0]?.item ?? t.deadlines[0] ?? null };
    }
    const section = query.filters.find((f) => f.kind === 'section');
    if (section?.kind === 'section') return { kind: 'section', section: section.section };
    if (reading.deadlinePresence) return { kind: 'has_deadline' };
    if (reading.leadPresence) return { kind: 'has_lead' };
    return null;
  };

  const noSubject = (): Draft => {
    if (reading.unnamedAgency)
      return unknownAnswer(plan, { kind: 'no_agency_tasks', agency: reading.unnamedAgency });
    const missing = reading.agencies.find((a) => !a.inPlan);
    if (missing) return unknownAnswer(plan, { kind: 'no_agency_tasks', agency: missing.agency });
    if (reading.runs.length === 0 && query.cue !== 'none') return whichTaskAnswer(plan);
    // Words the plan writes verbatim ("12345") are the plan's, whatever the ranker made of them.
    const mentioning = mentions(plan, reading.runs);
    if (mentioning.length > 0) return mentionsAnswer(mentioning, reading.runs.join(''));
    return unknownAnswer(plan, { kind: 'off_topic' });
  };

  switch (query.asked) {
    case 'leads':
    case 'partners': {
      if (task && query.asked === 'partners') return partnersAnswer(task);
      if (task) {
        const answer = leadAnswer(task, subjectTerm(task, reading.text));
        // A partial term found in several tasks ("电子证照") gets them all, never one confident guess.
        // A term quoted in the task's own title ("持续提升“一网通办”能力") is that task's.
        const ownTerm = task.title.includes(`“${reading.runs.join('')}”`);
        const others =
          query.subject?.by === 'topic' && !ownTerm
            ? mentions(plan, reading.runs).filter((t) => t !== task)
            : [];
        if (others.length === 0) return answer;
        return {
          ...answer,
          matches: [...answer.matches, ...others.map((t) => match(t, { deadlines: t.deadlines }))],
          text: `${answer.text}\n“${reading.runs.join('')}”还见于：${others
            .map((t) => `${cite(t)}（${responsibility(t)}）`)
            .join('；')}。`,
        };
      }
      // "双城经济圈那块谁牵头": who answers for each task of the set.
      if (hasSet) return listAnswer(plan, filtered(), query.filters, agencyName, true);
      return noSubject();
    }

    case 'when':
      if (task) return when(task);
      if (hasSet) return list();
      if (reading.runs.length === 0 && !reading.modifiers.pronoun && !reading.modifiers.ellipsis) {
        return deadlineAnswer(plan, allDeadlinesPeriod(plan));
      }
      return noSubject();

    case 'figure': {
      if (task && !reading.value) return figure(task);
      const byValue = valueLookup();
      if (byValue) return byValue;
      if (task) return figure(task);
      if (reading.runs.length > 0) {
        const targets = ranker.rankTargets(reading.runs, scores());
        const best = targets[0];
        if (best && best.coverage >= MIN_COVERAGE) return figureAnswer(best, best.task);
      }
      if (hasSet) return countAnswer(plan, 'tasks', filtered(), query.filters, agencyName);
      return noSubject();
    }

    case 'check': {
      if (task) {
        const claim = claimOf(task);
        if (claim?.kind === 'has_deadline') {
          const undated = undatedClause(task, null);
          if (undated) {
            const answer = undatedAnswer(task, undated);
            return { ...answer, intent: 'check', text: `没有。${answer.text}` };
          }
        }
        if (claim) return checkAnswer(plan, task, claim);
        return describe(task);
      }
      if (hasSet) return existsAnswer(plan, filtered(), query.filters, agencyName);
      return noSubject();
    }

    case 'describe':
    case 'tasks':
    case 'overview': {
      if (task && query.cue === 'section_of') {
        const section = plan.sections.find((x) => x.number === task.sectionNumber);
        return sectionOfAnswer(task, section?.numeral ?? String(task.sectionNumber));
      }
      if (hasSet && !task) {
        if (reading.value && query.filters.length === 0) return valueLookup() ?? list();
        return list();
      }
      if (reading.value && !claimsValue) {
        const byValue = valueLookup();
        if (byValue) return byValue;
      }
      // "哪项提到12345热线", or a bare term ("12345", "单一窗口"): where several tasks hold it, each.
      if (
        task &&
        !hasSet &&
        query.subject?.by === 'topic' &&
        (query.cue === 'which_task' || query.cue === 'subject')
      ) {
        const mentioning = byRank(mentions(plan, reading.runs), ranked);
        if (mentioning.length > 1) return mentionsAnswer(mentioning, reading.runs.join(''));
      }
      if (task && hasSet) {
        // A topic within filters ("大数据中心牵头的电子证照工作"): the topic's tasks among them.
        const topicIds = new Set(ranked.filter((r) => r.coverage >= MIN_COVERAGE).map((r) => r.task.id));
        const filters: Filter[] = [...query.filters, { kind: 'topic', words: reading.runs, negate: false }];
        return listAnswer(plan, applyFilters(plan, filters, topicIds), filters, agencyName);
      }
      if (task) return describe(task);
      if (query.cue === 'plan_issuer' && !plan.meta.issuer) {
        // "谁发的文" where the text names no issuer: said so, never guessed from the title's region.
        const overview = overviewAnswer(plan);
        return { ...overview, text: `计划文本没有写明印发单位。${overview.text}` };
      }
      if (query.cue === 'plan_number') {
        // "文号是多少": the number first; where the text has none, said so, never made up.
        const overview = overviewAnswer(plan);
        const number = plan.meta.documentNumber;
        const first = number ? `文号：${number}。` : '计划文本没有写明文号。';
        return { ...overview, text: `${first}${overview.text}` };
      }
      if (query.asked === 'overview' || (reading.runs.length === 0 && query.asked === 'tasks')) {
        // "全部任务给我列一下": the tasks themselves, under their sections.
        return overviewAnswer(plan, {
          tasksAsked: query.asked === 'tasks',
          withTasks: reading.modifiers.listOfWork && !reading.modifiers.outline,
        });
      }
      if (reading.runs.length === 0 && reading.modifiers.listOfWork && query.cue === 'none')
        return overviewAnswer(plan);
      return noSubject();
    }

    case 'count': {
      // "X和Y分别牵头几项": each agency's own count.
      if (query.each && agency?.kind === 'agency' && agency.agencies.length > 1) {
        return { ...eachAgency(agency), intent: 'count' };
      }
      if (query.counted === 'agencies' && task && !hasSet) {
        return taskAgencyCount(subject, reading.roleSaid ?? 'any');
      }
      const tasks = task && !hasSet ? subject : filtered();
      const counted = query.counted ?? 'tasks';
      // A single agency, period or section has its own list, which already says how many.
      if (counted === 'tasks' && query.filters.length === 1 && !query.filters[0]?.negate) {
        const own = list();
        if (own.intent !== 'list') return own.intent === 'unknown' ? own : { ...own, intent: 'count' };
      }
      const of = task && !hasSet ? `${subject.map((t) => t.id).join('、')}的` : undefined;
      return countAnswer(plan, counted, tasks, query.filters, agencyName, of);
    }

    case 'rank': {
      const order = query.order ?? 'most';
      if (query.cue === 'which_section') {
        return sectionsWhere(plan, filtered(), query.filters, /都|全部|全都/.test(reading.text));
      }
      if (query.counted === 'sections') return rankSections(plan, order);
      if (query.cue === 'rank_months') return rankMonths(plan, filtered(), order);
      if (query.counted === 'deadlines') return rankTasks(filtered(), taskMeasure(reading.text), order);
      // Left-out agencies are left out of the ranking, not their tasks.
      const excluded = query.filters.flatMap((f) => (f.kind === 'agency' && f.negate ? f.agencies : []));
      const tasks = applyFilters(
        plan,
        query.filters.filter((f) => !(f.kind === 'agency' && f.negate)),
      );
      const by = /节点|截止|到期/.test(reading.text) ? 'deadlines' : 'tasks';
      return rankAgencies(plan, tasks, reading.roleSaid ?? 'any', order, by, excluded, query.limit);
    }

    case 'compare': {
      const agencies = reading.agencies.filter((a) => !a.negated).map((a) => a.agency);
      if (agencies.length >= 2) return compareAgencies(plan, agencies.slice(0, 2), reading.roleSaid ?? 'any');
      const sides = interpretation.sides.map((s) => s.task).slice(0, 2);
      if (query.cue === 'compare_when') return compareTasks(sides, 'when');
      if (query.cue === 'compare_later') return compareTasks(sides, 'later');
      if (query.cue === 'compare_days') return compareTasks(sides, 'days');
      if (query.cue === 'compare_more') return compareTasks(sides, taskMeasure(reading.text));
      return compareTasks(sides, 'leads');
    }

    case 'dates': {
      const tasks = subject.length > 0 ? subject : filtered();
      const scopeLabel = task ? `${task.id} ${task.title}` : hasSet ? '符合条件的工作' : '本计划';
      const period = query.filters.find((f) => f.kind === 'period' && !f.negate);
      const within = period?.kind === 'period' ? { from: period.from, to: period.to } : null;
      return datesAnswer(plan, tasks, query.date ?? 'next', env.today, scopeLabel, within);
    }

    case 'enumerate': {
      if (query.counted === 'deadlines') {
        if (!hasSet) return deadlineAnswer(plan, allDeadlinesPeriod(plan));
        // Every milestone of the tasks the filters pick.
        if (!query.filters.some((f) => f.kind === 'period'))
          query.filters.push({ kind: 'has_deadline', negate: false });
        return list();
      }
      return enumerateAnswer(plan, query.counted ?? 'agencies', filtered(), query.filters);
    }
  }
  return noSubject();
}

/** What a ranking of tasks counts: "牵头单位最多", "配合单位多", "单位最多", else milestones. */
function taskMeasure(text: string): TaskMeasure {
  if (/牵头单位|牵头部门|牵头的单位/.test(text)) return 'leads';
  if (/配合单位|参与单位|配合部门|配合的单位/.test(text)) return 'partners';
  if (/单位|部门/.test(text)) return 'agencies';
  return 'deadlines';
}

/** Tasks in the ranker's order, best first; those it did not rank keep plan order after them. */
function byRank(tasks: Task[], ranked: Interpretation['ranked']): Task[] {
  const place = new Map(ranked.map((r, i) => [r.task.id, i]));
  const at = (t: Task) => place.get(t.id) ?? ranked.length;
  return [...tasks].sort((a, b) => at(a) - at(b));
}

/** Tasks whose own text holds the topic words ("哪项提到12345热线"), best ranked first. */
function mentions(plan: Plan, runs: string[]): Task[] {
  const phrase = runs.join('');
  if (phrase.length < 2) return [];
  const holds = phraseTest(phrase);
  return plan.tasks.filter((t) => plainText(t).includes(phrase) || quoteFreeSentences(t).some(holds));
}

const plainTexts = new WeakMap<Task, string>();
/** A task's title and text without quote marks, as questions write its terms. */
function plainText(task: Task): string {
  let text = plainTexts.get(task);
  if (text === undefined) {
    text = `${task.title}${task.text}`.replace(/[“”]/g, '');
    plainTexts.set(task, text);
  }
  return text;
}

/** The quoted term of the task that the question names, to lead the reply with. */
function subjectTerm(task: Task, text: string): string | null {
  return task.terms.filter((t) => text.includes(t)).sort((a, b) => b.length - a.length)[0] ?? null;
}

export type { Query };
