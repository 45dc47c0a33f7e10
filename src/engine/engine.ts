import type { AliasTable, Plan, Task } from '../plan/model.ts';
import { HomophoneCorrector } from '../nlp/corrector.ts';
import { addWords, bigrams } from '../nlp/tokenizer.ts';
import { AgencyResolver } from './agencies.ts';
import {
  agencyAnswer,
  allDeadlinesPeriod,
  deadlineAnswer,
  nextDeadlineAnswer,
  overviewAnswer,
  sectionAnswer,
} from './answers/lists.ts';
import { helpAnswer, unknownAnswer, whichTaskAnswer } from './answers/meta.ts';
import { figureAnswer, leadAnswer, topicAnswer, whenAnswer, type Draft } from './answers/task.ts';
import { localDate } from './periods.ts';
import { TaskRanker, type RankedTask } from './ranker.ts';
import { read, type Reading } from './understand.ts';
import type { Cues } from './cues.ts';
import {
  emptyContext,
  type AgencyRole,
  type AnswerResult,
  type AskOptions,
  type ConversationContext,
  type Engine,
  type Lookup,
} from './types.ts';
import { bestSection } from './sections.ts';

export interface EngineOptions {
  timeZone?: string;
}

/** Below this share of its content found in the best task, a question is about something else. */
const MIN_COVERAGE = 0.5;
const WORDY_MIN_MATCHED = 5;
const WORDY_MIN_COVERAGE = 0.3;

/** A topic answer quotes the best sentence, and more while the quote stays this short. */
const QUOTE_CHARS = 160;
/** A runner-up task is shown beside the best one when it scores at least this share of it. */
const RUNNER_UP_SHARE = 0.8;

/** Which of an agency's roles a question asks for: "牵头哪些", "只是配合的", or every role. */
function roleAsked(cues: Cues): AgencyRole {
  if (cues.bothRoles) return 'any';
  if (cues.partnerOnly) return 'partner';
  return cues.leadOnly ? 'lead' : 'any';
}

export function createEngine(plan: Plan, aliases: AliasTable, options: EngineOptions = {}): Engine {
  const timeZone = options.timeZone ?? 'Asia/Shanghai';
  const agencies = new AgencyResolver(plan, aliases);
  const terms = [...new Set(plan.tasks.flatMap((t) => t.terms))];
  addWords([...terms, ...agencies.vocabulary()]);
  const planText = [
    plan.title,
    ...plan.sections.map((s) => s.title),
    ...plan.tasks.map((t) => `${t.title}。${t.text}`),
  ].join('\n');
  const corrector = new HomophoneCorrector([...terms, ...agencies.vocabulary()], planText);
  const ranker = new TaskRanker(plan);
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const reader = { plan, corrector, agencies, timeZone };

  /**
   * The best task, if the plan covers the question: half its topic found in one task, or, in a
   * wordy question ("我们处里在梳理…这个是哪家牵头的"), several specific phrases of one task.
   */
  const confident = (ranked: RankedTask[]): RankedTask | null => {
    const top = ranked[0];
    if (!top) return null;
    const wordyButSpecific = top.matched >= WORDY_MIN_MATCHED && top.coverage >= WORDY_MIN_COVERAGE;
    return top.coverage >= MIN_COVERAGE || wordyButSpecific ? top : null;
  };

  const contextTask = (context: ConversationContext): Task | null =>
    byId.get(context.lastTaskIds[0] ?? '') ?? null;

  /** The quoted term of the task that the question names, to lead the reply with. */
  const subjectOf = (task: Task, reading: Reading): string | null =>
    task.terms.filter((t) => reading.text.includes(t)).sort((a, b) => b.length - a.length)[0] ?? null;

  function decide(reading: Reading, context: ConversationContext, now: Date): Draft {
    const { cues } = reading;
    if (reading.text.replace(/[\s?!。，,.]/g, '') === '') return unknownAnswer(plan, { kind: 'empty' });
    if (cues.help) return helpAnswer(plan, cues.thanks);

    if (reading.numbered?.kind === 'section') {
      const section = plan.sections.find(
        (s) => s.number === (reading.numbered as { section: number }).section,
      );
      if (section) return sectionAnswer(plan, section);
    }

    // "四(九)", "第九部分": a number the plan does not have, asked about on its own.
    if (reading.numbered?.kind === 'missing' && reading.runs.length === 0) {
      return unknownAnswer(plan, { kind: 'no_such_number', label: reading.numbered.label });
    }

    const ranked = ranker.rank(reading.runs);
    const top = confident(ranked);
    const followsUp = reading.runs.length === 0 || cues.pronoun || (cues.ellipsis && !top);

    // Which task the question is about: a number, the best match, or the one just discussed.
    let task: Task | null = null;
    if (reading.numbered?.kind === 'task') task = byId.get(reading.numbered.taskId) ?? null;
    else if (top) task = top.task;
    else if (followsUp) task = contextTask(context);

    if (reading.period && (cues.deadline || reading.runs.length === 0 || !top) && !(cues.when && task)) {
      if (reading.period.kind === 'next') return nextDeadlineAnswer(plan, localDate(now, timeZone).iso);
      return deadlineAnswer(plan, reading.period.period);
    }

    const agency = reading.agencies[0];
    const asksAboutTask = cues.lead || cues.when || (cues.figure && !(agency && cues.countsTasks));
    if (!agency && reading.unnamedAgency && cues.agencyScope && !top) {
      return unknownAnswer(plan, { kind: 'no_agency_tasks', agency: reading.unnamedAgency });
    }
    if (agency && ((cues.agencyScope && !(top && asksAboutTask)) || (!top && !asksAboutTask))) {
      if (!agency.inPlan) return unknownAnswer(plan, { kind: 'no_agency_tasks', agency: agency.agency });
      const role = cues.agencyScope ? roleAsked(cues) : (context.lastAgencyRole ?? 'any');
      return agencyAnswer(plan, agency.agency, role);
    }

    if (cues.lead && task) return leadAnswer(task, subjectOf(task, reading));
    if (cues.figure && task) {
      const targets = ranker.rankTargets(reading.runs, new Map(ranked.map((r) => [r.task.id, r.score])));
      const best = targets.find((c) => c.task.id === task.id) ?? null;
      // A target elsewhere that fits the words better wins, unless the task was named by number.
      const elsewhere = reading.numbered ? undefined : targets[0];
      const anyBest = elsewhere && elsewhere.coverage >= MIN_COVERAGE ? elsewhere : null;
      if (!best && !anyBest && cues.duration && task.deadlines.length > 0) return whenAnswer(task, null);
      return anyBest && anyBest.coverage > (best?.coverage ?? 0)
        ? figureAnswer(anyBest, anyBest.task)
        : figureAnswer(best, task);
    }
    if (cues.when && task) {
      const scores = new Map(ranked.map((r) => [r.task.id, r.score]));
      const clauses = ranker.rankDeadlines(reading.runs, scores);
      const inTask = clauses.find((c) => c.task.id === task.id && c.coverage > 0);
      const anywhere = reading.numbered || followsUp ? null : clauses[0];
      if (anywhere && anywhere.coverage > (inTask?.coverage ?? 0) && anywhere.coverage >= MIN_COVERAGE) {
        return whenAnswer(anywhere.task, anywhere.item);
      }
      return whenAnswer(task, inTask?.item ?? null);
    }
    if (cues.when && reading.runs.length === 0 && !cues.pronoun && !cues.ellipsis) {
      return deadlineAnswer(plan, allDeadlinesPeriod(plan));
    }

    const section = bestSection(plan, cues, reading.runs, ranked);
    if (section) return sectionAnswer(plan, section);
    if (cues.overview && !top && !reading.numbered) return overviewAnswer(plan);

    if (task) {
      const runnersUp = reading.numbered
        ? []
        : ranked
            .slice(1, 3)
            .filter(
              (r) => r.coverage >= MIN_COVERAGE && r.score >= (ranked[0]?.score ?? 0) * RUNNER_UP_SHARE,
            );
      return topicAnswer(
        task,
        ranker.bestSentences(task, reading.runs, QUOTE_CHARS),
        runnersUp.map((r) => r.task),
      );
    }
    if ((cues.lead || cues.when || cues.figure) && followsUp) return whichTaskAnswer(plan);
    // "有哪些任务", "任务清单": a list asked for with no subject is the whole plan.
    if (cues.overview || (reading.runs.length === 0 && cues.listOfWork)) return overviewAnswer(plan);
    return unknownAnswer(plan, { kind: 'off_topic' });
  }

  function highlights(reading: Reading, draft: Draft): string[] {
    const text = draft.matches
      .map((m) => `${m.task.title}${m.sentences.join('')}${m.deadlines.map((d) => d.text).join('')}`)
      .join('');
    const words = reading.runs.flatMap((r) =>
      text.includes(r) ? [r] : bigrams(r).filter((b) => text.includes(b)),
    );
    return [...new Set([...words, ...reading.agencies.map((a) => a.agency)])];
  }

  return {
    answer(question: string, { now, context }: AskOptions): AnswerResult {
      const previous = context ?? emptyContext();
      const reading = read(reader, question, now);
      const draft = decide(reading, previous, now);
      const answer = { question, ...draft, highlights: highlights(reading, draft) };
      const next: ConversationContext = {
        lastIntent: answer.intent,
        lastTaskIds: answer.matches.length > 0 ? answer.matches.map((m) => m.task.id) : previous.lastTaskIds,
        lastAgency: answer.agency ?? previous.lastAgency,
        lastAgencyRole:
          answer.intent === 'agency' && reading.cues.agencyScope
            ? roleAsked(reading.cues)
            : previous.lastAgencyRole,
        lastPeriod: reading.period?.kind === 'span' ? reading.period.period : previous.lastPeriod,
      };
      return { answer, context: next };
    },

    lookup(text: string): Lookup {
      const reading = read(reader, text, new Date());
      if (reading.numbered?.kind === 'task') return { kind: 'task', taskId: reading.numbered.taskId };
      const agency = reading.agencies[0];
      if (agency?.inPlan && reading.runs.length === 0) return { kind: 'agency', agency: agency.agency };
      const ranked = ranker.rank(reading.runs).filter((r) => r.coverage >= MIN_COVERAGE);
      const [first, second] = ranked;
      if (!first) return agency?.inPlan ? { kind: 'agency', agency: agency.agency } : { kind: 'none' };
      if (second && second.score >= first.score * RUNNER_UP_SHARE) {
        return {
          kind: 'ambiguous',
          taskIds: ranked.filter((r) => r.score >= first.score * RUNNER_UP_SHARE).map((r) => r.task.id),
        };
      }
      return { kind: 'task', taskId: first.task.id };
    },
  };
}
