import { checkAnswer, checkEach } from './answers/check.ts';
import { datesAnswer } from './answers/dates.ts';
import { allDeadlinesPeriod, deadlineAnswer, overviewAnswer } from './answers/lists.ts';
import { enumerateAnswer } from './answers/enumerate.ts';
import { rankAgencies, rankMonths, rankSections, rankTasks, sectionsWhere } from './answers/rank.ts';
import { countAnswer, existsAnswer, listAnswer, mentionsAnswer, taskAgencyCount } from './answers/sets.ts';
import { leadAnswer, partnersAnswer, sectionOfAnswer, undatedAnswer, type Draft } from './answers/task.ts';
import { applyFilters } from './filters.ts';
import { clauseCoverage } from './ranker.ts';
import { cite, match, responsibility } from './format.ts';
import { MIN_COVERAGE, type Interpretation } from './interpret.ts';
import type { Filter, Query } from './query.ts';
import { isSetFilter, startRun, type Executor } from './run.ts';
import { byRank, eachAgency, list, mentions, noSubject, subjectTerm, taskMeasure } from './run-sets.ts';
import { claimOf, describe, figure, figureAnywhere, undatedClause, valueLookup, whenOf } from './run-task.ts';
import { outOfReach } from './out-of-reach.ts';
import { compare } from './run-compare.ts';
import { onlyPartners } from './slots/roles.ts';
import type { Reading } from './understand.ts';

export { RUNNER_UP_SHARE, type Executor } from './run.ts';

/** Asks answered task by task when a question names several ("1.3和3.4分别谁牵头"). */
const PER_TASK: ReadonlySet<Query['asked']> = new Set(['leads', 'partners', 'when', 'figure', 'describe']);

/** The same question asked of each side on its own, the answers one after the other. */
function eachTask(env: Executor, interpretation: Interpretation, reading: Reading, ids: string[]): Draft {
  const { query } = interpretation;
  const parts = ids.map((id) =>
    execute(
      env,
      {
        ...interpretation,
        query: { ...query, subject: { taskIds: [id], by: 'number' } },
        sides: [],
      },
      { ...reading, taskIds: [id] },
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
  const { plan } = env;
  const { query, ranked } = interpretation;
  const refused = outOfReach(env, interpretation, reading);
  if (refused) return refused;

  // "1.3和3.4分别谁牵头", "1.2和5.1什么时候到期": a question about a task, asked of each task named;
  // "它们的牵头单位分别是谁": of each task just discussed.
  const sides = interpretation.sides;
  const named = sides.length >= 2 && (query.each || reading.taskIds.length >= 2);
  const previous = query.subject?.by === 'context' && query.subject.taskIds.length >= 2;
  if ((named || previous) && PER_TASK.has(query.asked) && !query.filters.some(isSetFilter)) {
    const ids = named ? sides.map((s) => s.task.id) : (query.subject?.taskIds ?? []);
    return eachTask(env, interpretation, reading, ids);
  }
  const run = startRun(env, interpretation, reading);
  // "出口退税压缩到5个工作日吗" states a value to check; "90个工作日是哪项的" looks one up.
  const claimsValue = query.asked === 'check';
  const { subject, agency, agencyName, hasSet } = run;
  const task = subject[0] ?? null;
  const filtered = run.filtered;

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
      return noSubject(run);
    }

    case 'when': {
      const dated = whenOf(run, task);
      if (dated) return dated;
      if (hasSet) return list(run);
      if (reading.runs.length === 0 && !reading.modifiers.pronoun && !reading.modifiers.ellipsis) {
        return deadlineAnswer(plan, allDeadlinesPeriod(plan));
      }
      return noSubject(run);
    }

    case 'figure': {
      if (task && !reading.value) return figure(run, task);
      const byValue = valueLookup(run);
      if (byValue) return byValue;
      if (task) return figure(run, task);
      const anywhere = figureAnywhere(run);
      if (anywhere) return anywhere;
      if (hasSet) return countAnswer(plan, 'tasks', filtered(), query.filters, agencyName);
      return noSubject(run);
    }

    case 'check': {
      // "1.2和3.4是不是都由X牵头", "这两项都是9月底前吗": the claim checked of every task named.
      if (subject.length >= 2) {
        const claims = subject.flatMap((t) => {
          const claim = claimOf(run, t);
          return claim ? [{ task: t, claim }] : [];
        });
        if (claims.length === subject.length) return checkEach(plan, claims);
      }
      if (task) {
        const claim = claimOf(run, task);
        // A clause the question names that has no date: it has no deadline, and is due in no period
        // ("川渝健康码互通互认是9月底前完成吗": 不是, that clause sets no date). Words of the task's own
        // title ("一件事一次办是不是年底前完成") name the task, which is due when its deadlines are.
        const namesTask = clauseCoverage(task.title, reading.runs) >= MIN_COVERAGE;
        if (claim?.kind === 'has_deadline' || (claim?.kind === 'period' && !namesTask)) {
          const undated = undatedClause(
            run,
            task,
            claim.kind === 'period' ? (claim.clause?.text ?? null) : null,
          );
          if (undated) {
            const answer = undatedAnswer(task, undated);
            const first = claim.kind === 'period' ? '不是' : claim.lacks ? '是' : '没有';
            return { ...answer, intent: 'check', text: `${first}。${answer.text}` };
          }
        }
        if (claim) return checkAnswer(plan, task, claim);
        return describe(run, task);
      }
      if (hasSet) return existsAnswer(plan, filtered(), query.filters, agencyName);
      return noSubject(run);
    }

    case 'describe':
    case 'tasks':
    case 'overview': {
      if (task && query.cue === 'section_of') {
        const section = plan.sections.find((x) => x.number === task.sectionNumber);
        return sectionOfAnswer(task, section?.numeral ?? String(task.sectionNumber));
      }
      if (hasSet && !task) {
        if (reading.value && query.filters.length === 0) return valueLookup(run) ?? list(run);
        return list(run);
      }
      if (reading.value && !claimsValue) {
        const byValue = valueLookup(run);
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
      if (task) return describe(run, task);
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
      return noSubject(run);
    }

    case 'count': {
      // "X和Y分别牵头几项": each agency's own count.
      if (query.each && agency?.kind === 'agency' && agency.agencies.length > 1) {
        return { ...eachAgency(run, agency), intent: 'count' };
      }
      const agencyCount =
        query.counted === 'agencies' || query.counted === 'leads' || query.counted === 'partners';
      if (agencyCount && task && !hasSet) {
        return taskAgencyCount(subject, reading.roleSaid ?? 'any');
      }
      const tasks = task && !hasSet ? subject : filtered();
      const counted = query.counted ?? 'tasks';
      // A single agency, period or section has its own list, which already says how many.
      if (counted === 'tasks' && query.filters.length === 1 && !query.filters[0]?.negate) {
        const own = list(run);
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
      if (query.counted === 'sections')
        return rankSections(plan, order, /节点|截止|到期/.test(reading.text) ? 'deadlines' : 'tasks');
      if (query.cue === 'rank_months') return rankMonths(plan, filtered(), order);
      if (query.counted === 'deadlines') return rankTasks(filtered(), taskMeasure(reading.text), order);
      // Left-out agencies are left out of the ranking, not their tasks.
      const excluded = query.filters.flatMap((f) => (f.kind === 'agency' && f.negate ? f.agencies : []));
      const tasks = applyFilters(
        plan,
        query.filters.filter((f) => !(f.kind === 'agency' && f.negate)),
      );
      const by = /节点|截止|到期/.test(reading.text) ? 'deadlines' : 'tasks';
      return rankAgencies(
        plan,
        tasks,
        reading.roleSaid ?? 'any',
        order,
        by,
        excluded,
        query.limit,
        query.place,
      );
    }

    case 'compare':
      return compare(run);

    case 'dates': {
      const tasks = subject.length > 0 ? subject : filtered();
      const scopeLabel = task ? `${task.id} ${task.title}` : hasSet ? '符合条件的工作' : '本计划';
      const period = query.filters.find((f) => f.kind === 'period' && !f.negate);
      const within = period?.kind === 'period' ? { from: period.from, to: period.to } : null;
      // "证照目录逾期多少天了": the clause the topic names, when it names one of the subject's.
      const named =
        query.date === 'overdue' && subject.length > 0
          ? env.ranker.rankDeadlines(reading.runs, run.scores()).find((c) => subject.includes(c.task))?.item
          : undefined;
      return datesAnswer(plan, tasks, query.date ?? 'next', env.today, scopeLabel, within, named);
    }

    case 'enumerate': {
      if (query.counted === 'deadlines') {
        if (!hasSet) return deadlineAnswer(plan, allDeadlinesPeriod(plan));
        // Every milestone of the tasks the filters pick.
        if (!query.filters.some((f) => f.kind === 'period'))
          query.filters.push({ kind: 'has_deadline', negate: false });
        return list(run);
      }
      return enumerateAnswer(
        plan,
        query.counted ?? 'agencies',
        filtered(),
        query.filters,
        onlyPartners(reading.text),
      );
    }
  }
  return noSubject(run);
}

export type { Query };
