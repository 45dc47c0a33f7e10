import type { Plan, Task } from '../plan/model.ts';
import { agencyAnswer, deadlineAnswer, sectionAnswer } from './answers/lists.ts';
import { unknownAnswer, whichTaskAnswer } from './answers/meta.ts';
import type { TaskMeasure } from './answers/rank.ts';
import { listAnswer, mentionsAnswer } from './answers/sets.ts';
import type { Draft } from './answers/task.ts';
import { applyFilters } from './filters.ts';
import { holdsPhrase } from './format.ts';
import type { Interpretation } from './interpret.ts';
import type { Filter } from './query.ts';
import type { Run } from './run.ts';

/** The set of tasks the filters pick, rendered by the filters' own kind where there is one. */
export function list(run: Run): Draft {
  const { plan, query, reading, agency, agencyName } = run;
  const tasks = run.filtered();
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
  if (query.each && agency?.kind === 'agency' && agency.agencies.length > 1) return eachAgency(run, agency);
  return listAnswer(plan, tasks, query.filters, agencyName);
}

/** "X和Y分别牵头哪些": one list per agency, the other filters kept. */
export function eachAgency(run: Run, filter: Extract<Filter, { kind: 'agency' }>): Draft {
  const { plan, query } = run;
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
}

/** A question whose subject the plan does not hold: which agency or task is missing, else where its words occur. */
export function noSubject(run: Run): Draft {
  const { plan, query, reading } = run;
  if (reading.unnamedAgency)
    return unknownAnswer(plan, { kind: 'no_agency_tasks', agency: reading.unnamedAgency });
  const missing = reading.agencies.find((a) => !a.inPlan);
  if (missing) return unknownAnswer(plan, { kind: 'no_agency_tasks', agency: missing.agency });
  if (reading.runs.length === 0 && query.cue !== 'none') return whichTaskAnswer(plan);
  // Words the plan writes verbatim ("12345") are the plan's, whatever the ranker made of them.
  const mentioning = mentions(plan, reading.runs);
  if (mentioning.length > 0) return mentionsAnswer(mentioning, reading.runs.join(''));
  return unknownAnswer(plan, { kind: 'off_topic' });
}

/** What a ranking of tasks counts: "牵头单位最多", "配合单位多", "单位最多", else milestones. */
export function taskMeasure(text: string): TaskMeasure {
  if (/牵头单位|牵头部门|牵头的单位/.test(text)) return 'leads';
  if (/配合单位|参与单位|配合部门|配合的单位/.test(text)) return 'partners';
  if (/单位|部门/.test(text)) return 'agencies';
  return 'deadlines';
}

/** Tasks in the ranker's order, best first; those it did not rank keep plan order after them. */
export function byRank(tasks: Task[], ranked: Interpretation['ranked']): Task[] {
  const place = new Map(ranked.map((r, i) => [r.task.id, i]));
  const at = (t: Task) => place.get(t.id) ?? ranked.length;
  return [...tasks].sort((a, b) => at(a) - at(b));
}

/** Tasks whose own text holds the topic words ("哪项提到12345热线"), best ranked first. */
export function mentions(plan: Plan, runs: string[]): Task[] {
  const phrase = runs.join('');
  if (phrase.length < 2) return [];
  return plan.tasks.filter(
    (t) => plainText(t).includes(phrase) || t.sentences.some((x) => holdsPhrase(x, phrase)),
  );
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
export function subjectTerm(task: Task, text: string): string | null {
  return task.terms.filter((t) => text.includes(t)).sort((a, b) => b.length - a.length)[0] ?? null;
}
