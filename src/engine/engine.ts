import type { AliasTable, Plan } from '../plan/model.ts';
import { HomophoneCorrector } from '../nlp/corrector.ts';
import { PinyinTerms } from '../nlp/pinyin-terms.ts';
import { addWords, bigrams } from '../nlp/tokenizer.ts';
import { AgencyResolver } from './agencies.ts';
import type { Draft } from './answers/task.ts';
import { execute, RUNNER_UP_SHARE } from './execute.ts';
import { interpret, MIN_COVERAGE } from './interpret.ts';
import { carryContext, readsOf } from './context-reuse.ts';
import { localDate } from './periods.ts';
import { TaskRanker } from './ranker.ts';
import { read, type Reader, type Reading } from './understand.ts';
import {
  emptyContext,
  type AnswerResult,
  type AskOptions,
  type ConversationContext,
  type Engine,
  type Lookup,
} from './types.ts';

export interface EngineOptions {
  timeZone?: string;
}

/**
 * The answer engine: read a question into slots (understand.ts), build a Query from them and the
 * conversation (interpret.ts), run it over the plan model and render the answer (execute.ts).
 */
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
  const vocabulary = [...terms, ...agencies.vocabulary()];
  const corrector = new HomophoneCorrector(vocabulary, planText);
  const ranker = new TaskRanker(plan);
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const reader: Reader = {
    plan,
    corrector,
    pinyin: new PinyinTerms(vocabulary),
    agencies,
    timeZone,
    planText: planText.replace(/[“”]/g, ''),
  };

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
    answer(question: string, { now, context, scoped }: AskOptions): AnswerResult {
      const previous = context ?? emptyContext();
      const reading = read(reader, question, now);
      // Which remembered fields the reading of this question used: the answer depends on them alone.
      const tracked = readsOf(previous);
      const interpretation = interpret(reading, tracked.view, plan, ranker);
      const { query } = interpretation;
      const draft = execute(
        { plan, ranker, byId, planText: reader.planText, today: localDate(now, timeZone).iso, scoped },
        interpretation,
        reading,
      );
      const answer = { question, ...draft, highlights: highlights(reading, draft), query };
      const answered = answer.intent !== 'unknown' && answer.intent !== 'help' && answer.intent !== 'scope';
      const agencyFilter = query.filters.find((f) => f.kind === 'agency' && !f.negate);
      // What this turn remembers; a field left undefined keeps the previous turn's (carryContext).
      const own: Partial<ConversationContext> = {
        lastIntent: answer.intent,
        lastTaskIds: answer.matches.length > 0 ? answer.matches.map((m) => m.task.id) : undefined,
        lastAgency: answer.agency ?? undefined,
        lastAgencyRole: agencyFilter?.kind === 'agency' ? agencyFilter.role : undefined,
        lastPeriod: reading.period?.kind === 'span' ? reading.period.period : undefined,
        lastQuery: answered
          ? {
              asked: query.asked,
              ...(query.counted ? { counted: query.counted } : {}),
              ...(query.date ? { date: query.date } : {}),
              filters: query.filters.filter((f) => f.kind !== 'among'),
              subjectIds: query.subject?.taskIds ?? [],
            }
          : undefined,
      };
      return {
        answer,
        context: carryContext(previous, own),
        reuse: { reads: [...tracked.reads], own },
      };
    },

    /**
     * A subscription target read the way a question is: the same slots and Query. A task named by
     * number or ranked confidently, else an agency the question names (a city of the plan's
     * province is its 各市(州)人民政府), else tasks that fit about equally, offered as a choice.
     */
    lookup(text: string): Lookup {
      const reading = read(reader, text, new Date());
      const { query, ranked } = interpret(reading, emptyContext(), plan, ranker);
      const subject = query.subject?.taskIds ?? [];
      if (query.subject?.by === 'number' && subject[0]) return { kind: 'task', taskId: subject[0] };
      const named = query.filters.find((f) => f.kind === 'agency' && !f.negate);
      const agency = named?.kind === 'agency' && named.agencies.length === 1 ? named.agencies[0] : undefined;
      const known = agency !== undefined && agencies.inPlan(agency);
      if (known && reading.runs.length === 0) return { kind: 'agency', agency };
      const fit = ranked.filter((r) => r.coverage >= MIN_COVERAGE);
      const [first] = fit;
      if (!first) return known ? { kind: 'agency', agency } : { kind: 'none' };
      const close = fit.filter((r) => r.score >= first.score * RUNNER_UP_SHARE);
      if (close.length > 1) return { kind: 'ambiguous', taskIds: close.map((r) => r.task.id) };
      return { kind: 'task', taskId: first.task.id };
    },
  };
}
