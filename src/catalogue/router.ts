import { localDate } from '../core/plan-time.ts';
import {
  emptyContext,
  type Answer,
  type AnswerResult,
  type AskOptions,
  type ConversationContext,
  type Engine,
  type Lookup,
} from '../engine/types.ts';
import { readsOf, withReuse } from '../engine/context-reuse.ts';
import { normalizeQuestion } from '../nlp/normalize.ts';
import type { PlanCatalogue, PlanEntry } from './catalogue.ts';
import { newer } from './catalogue.ts';
import { planChanges, taskChanges } from './changes.ts';
import { PlanIndex } from './index.ts';
import { bareRegion } from './key.ts';
import { readScopeWords, type PlanScopeWords } from './scope-words.ts';

/** At most this many plans answer one question that several fit. */
const MAX_PLANS_PER_ANSWER = 3;
/** Answers that say nothing from the plan. */
const EMPTY = new Set(['unknown', 'help', 'scope']);
/** A follow-up, as the engine marks the cue it read ("+context", "+swap", "+narrow"). */
const FOLLOW_UP = /\+(context|swap|narrow)/;
/**
 * The words that name the chosen plan itself once its year or issuer is out ("2021年的方案有哪些任务",
 * "国务院那个意见里…"): a genre word at the start, after 的 or a demonstrative. Not "征求意见".
 */
const PLAN_ITSELF =
  /(^|的)(?:那个|这个|那份|这份|该)?(?:工作要点|实施方案|行动方案|方案|文件|意见|规划)(?:里面?|中|上)?|(那个|这个|那份|这份)(?:要点)(?:里面?|中|上)?/g;
/** What is left of "那2023年呢" once the plan's words are out: nothing of its own to ask. */
const ONLY_FILLER = /^[\s那么的呢吗呀啊？?，,。]*(怎么样|情况如何|如何|呢)?[\s的呢吗？?。]*$/;

/**
 * The Engine over every loaded plan (issue 10): reads the words that name a plan (year, region,
 * level, title), picks the plans through the index, and lets each plan's own engine answer.
 * Several fitting plans answer side by side, each part named; two years compare; a year or region
 * no loaded plan covers gets an honest answer listing the plans that are loaded.
 */
export class PlanRouter implements Engine {
  private index: { version: number; index: PlanIndex } | null = null;

  constructor(
    private readonly catalogue: PlanCatalogue,
    private readonly timeZone: string,
  ) {}

  answer(question: string, options: AskOptions): AnswerResult {
    const entries = this.catalogue.entries();
    const fallback = this.catalogue.defaultEntry();
    const context = options.context ?? emptyContext();
    // One plan: its engine alone, exactly as before several plans could load. Only here may the
    // answer be reused after another history (AnswerResult.reuse): with several plans, the choice of
    // plan reads the context too (the last plan, the last question).
    if (entries.length === 1) return this.reusable(fallback, question, options);

    const text = normalizeQuestion(question);
    const last = context.lastPlan ? this.catalogue.get(context.lastPlan) : undefined;
    const index = this.planIndex();
    const scope = this.scopeOf(text, options.now);

    if (scope.years.length >= 2) return this.compare(question, text, scope, index, options);
    const named = scope.years.length > 0 || scope.region || scope.level || scope.title;
    if (named) {
      const { plans, missing } = index.select(scope);
      const unknownTitle =
        scope.title &&
        index.title(scope.title.value).length === 0 &&
        !fallback.text.includes(scope.title.value) &&
        !scope.years.length &&
        !scope.region
          ? `“${scope.title.value}”`
          : null;
      if (missing || unknownTitle) return this.notLoaded(question, missing ?? unknownTitle ?? '', context);
      if (plans.length < entries.length) {
        // The words that chose the plan are taken out, so they are not read as the topic.
        const titled = scope.title && index.title(scope.title.value).length > 0 ? scope.title : null;
        let asked = cutSpans(text, usedSpans({ ...scope, title: titled })).replace(PLAN_ITSELF, '$1');
        // "那2023年呢": only a plan named, so the last question is asked of that plan.
        if (ONLY_FILLER.test(asked) && context.lastQuestion) {
          const previous = normalizeQuestion(context.lastQuestion);
          const before = this.scopeOf(previous, options.now);
          asked = cutSpans(previous, usedSpans(before));
        }
        return this.several(question, asked, plans, options, context);
      }
    }
    // No plan named: the last answer's plan for a follow-up, else the default.
    if (last && last !== fallback) {
      const followed = this.ask(last, question, { ...options, context }, false);
      if (FOLLOW_UP.test(followed.answer.query?.cue ?? '')) return followed;
      return this.ask(fallback, question, { ...options, context: emptyContext() }, false);
    }
    return this.ask(fallback, question, { ...options, context }, false);
  }

  /** Subscriptions name tasks and agencies of the default plan unless they name a plan (see planFor). */
  lookup(text: string): Lookup {
    return this.catalogue.defaultEntry().engine.lookup(text);
  }

  /**
   * The plan a subscription's words name ("2023 4.1", "成都 全部"), with those words taken out.
   * `plan` is null with `missing` set when they name none that is loaded, and the default plan
   * when they name none at all.
   */
  planFor(words: string, now: Date): { plan: PlanEntry | null; rest: string; missing: string | null } {
    const fallback = this.catalogue.defaultEntry();
    const [first = '', ...others] = words.trim().split(/\s+/);
    const direct = this.catalogue.get(first);
    if (direct) return { plan: direct, rest: others.join(' '), missing: null };
    // "订阅 2023 4.1": a bare year before the target names the plan of that year.
    const text = normalizeQuestion(words.trim().replace(/^((?:19|20)\d{2})(?![\d年])/, '$1年'));
    const scope = this.scopeOf(text, now);
    const spans = [...scope.years.map((y) => y.span), scope.region?.span, scope.level?.span].filter(
      (s): s is { start: number; end: number } => Boolean(s),
    );
    if (spans.length === 0) return { plan: fallback, rest: text, missing: null };
    const rest = cutSpans(text, spans)
      .replace(/^[\s的]+/, '')
      .trim();
    const { plans, missing } = this.planIndex().select({
      ...scope,
      title: null,
      years: scope.years.slice(0, 1),
    });
    if (missing) return { plan: null, rest, missing };
    const chosen = plans.includes(fallback) ? fallback : [...plans].sort(newer)[0];
    return { plan: chosen ?? null, rest, missing: null };
  }

  /** The loaded plans, newest first, the default marked: for honest answers and help. */
  describePlans(): string {
    const entries = [...this.catalogue.entries()].sort(newer);
    const lines = entries
      .slice(0, 10)
      .map((e) => `· ${e.name}：《${e.plan.title}》${this.catalogue.isDefault(e.key) ? '（默认）' : ''}`);
    if (entries.length > 10) lines.push(`· 等共${entries.length}个计划`);
    return lines.join('\n');
  }

  private scopeOf(text: string, now: Date): PlanScopeWords {
    const clockYear = Number(localDate(now, this.timeZone).slice(0, 4));
    const index = this.planIndex();
    return readScopeWords(text, clockYear, (phrase) => index.isOwnPhrase(phrase), index.regions);
  }

  private planIndex(): PlanIndex {
    const { version } = this.catalogue;
    if (this.index?.version !== version)
      this.index = { version, index: new PlanIndex(this.catalogue.entries()) };
    return this.index.index;
  }

  /** One plan's answer, named when it is not the default plan, with the plan key throughout. */
  private ask(
    entry: PlanEntry,
    question: string,
    options: AskOptions,
    scoped: boolean,
    asked = question,
  ): AnswerResult {
    const { reuse: _, ...result } = this.reusable(entry, question, options, scoped, asked);
    return result;
  }

  /** As ask(), keeping the engine's reuse record, with what the plan's choice read and set. */
  private reusable(
    entry: PlanEntry,
    question: string,
    options: AskOptions,
    scoped = false,
    asked = question,
  ): AnswerResult {
    const given = options.context ?? emptyContext();
    const tracked = readsOf(given);
    const moved = this.contextFor(tracked.view, entry);
    // Unmoved, the engine gets the context itself: its own reads are its record's.
    const context = moved === tracked.view ? given : moved;
    const result = entry.engine.answer(asked, { now: options.now, context, scoped });
    const answer = this.named(entry, { ...result.answer, question });
    const own = { lastPlan: entry.key, lastQuestion: question.slice(0, 500) };
    return {
      answer,
      context: { ...result.context, ...own },
      ...(result.reuse && context === given
        ? { reuse: withReuse(result.reuse, [...tracked.reads], own) }
        : {}),
    };
  }

  private named(entry: PlanEntry, answer: Answer): Answer {
    const labelled = !this.catalogue.isDefault(entry.key) && this.catalogue.entries().length > 1;
    // Every task id the text cites is named by its plan ("（2023年要点 4.1 …）"); a reply that cites
    // none says the plan once in front.
    const cited = labelled ? citeWithPlan(answer.text, entry) : answer.text;
    return {
      ...answer,
      plan: entry.key,
      text: labelled && cited === answer.text ? `【${entry.name}】${answer.text}` : cited,
      // A tapped suggestion must come back to this plan: it says the plan's year (and region).
      suggestions: labelled
        ? answer.suggestions.map((s) => ({ ...s, text: `${this.routeWords(entry)}${s.text}` }))
        : answer.suggestions,
    };
  }

  /** Words that route a question to this plan: its year, with its region when that year has several plans. */
  private routeWords(entry: PlanEntry): string {
    const year = `${entry.plan.year}年`;
    const sameYear = this.planIndex().year(entry.plan.year);
    if (sameYear.length <= 1 || !entry.region) return year;
    return `${bareRegion(entry.region)}${year}`;
  }

  /**
   * The conversation's memory moved to another plan: its task ids become the other plan's tasks
   * of the same title (or are forgotten), so "那2023年呢" asks about the same work.
   */
  private contextFor(context: ConversationContext, entry: PlanEntry): ConversationContext {
    const from = context.lastPlan ? this.catalogue.get(context.lastPlan) : this.catalogue.defaultEntry();
    if (!from || from === entry || context.lastTaskIds.length === 0) return context;
    const map = (ids: string[]) =>
      ids.flatMap((id) => {
        const task = from.plan.tasks.find((t) => t.id === id);
        const found = task ? entry.engine.lookup(task.title) : null;
        return found?.kind === 'task' ? [found.taskId] : [];
      });
    return {
      ...context,
      lastTaskIds: map(context.lastTaskIds),
      lastQuery: context.lastQuery
        ? { ...context.lastQuery, subjectIds: map(context.lastQuery.subjectIds) }
        : null,
    };
  }

  /** Several plans fit: each answers; identical answers are said once, differing ones each named. */
  private several(
    question: string,
    asked: string,
    plans: PlanEntry[],
    options: AskOptions,
    context: ConversationContext,
  ) {
    const fallback = this.catalogue.defaultEntry();
    const chosen = [...plans]
      .sort((a, b) => Number(b === fallback) - Number(a === fallback) || newer(a, b))
      .slice(0, MAX_PLANS_PER_ANSWER);
    if (chosen.length === 1)
      return this.ask(chosen[0] as PlanEntry, question, { ...options, context }, true, asked);
    const results = chosen.map((e) => ({
      entry: e,
      result: this.ask(e, question, { ...options, context }, true, asked),
    }));
    const real = results.filter((r) => !EMPTY.has(r.result.answer.intent));
    if (real.length <= 1) return (real[0] ?? results[0])!.result;
    const bodies = real.map((r) =>
      r.result.answer.text.replace(/^【[^】]*】/, '').replaceAll(`${r.entry.name} `, ''),
    );
    if (bodies.every((b) => b === bodies[0])) return real[0]!.result;
    const parts = real.map((r) => `【${r.entry.name}】${r.result.answer.text.replace(/^【[^】]*】/, '')}`);
    const first = real[0]!.result;
    return {
      answer: {
        ...first.answer,
        matches: real.flatMap((r) => r.result.answer.matches),
        text: `${real.length}个计划都有相关内容：\n${parts.join('\n\n')}`,
      },
      context: first.context,
    };
  }

  /** "川渝通办2022年和2023年谁牵头，有变化吗" side by side; "今年和去年的要点有什么不同" plan to plan. */
  private compare(
    question: string,
    text: string,
    scope: PlanScopeWords,
    index: PlanIndex,
    options: AskOptions,
  ) {
    const fallback = this.catalogue.defaultEntry();
    const picked: PlanEntry[] = [];
    for (const year of scope.years) {
      const { plans, missing } = index.select({ ...scope, years: [year] });
      if (missing) return this.notLoaded(question, missing, options.context ?? emptyContext());
      // The plan of the same region as the others (or the default's) is the one to compare with.
      const region = picked[0]?.region ?? fallback.region;
      const best = [...plans].sort(
        (a, b) => Number(b.region === region) - Number(a.region === region) || newer(a, b),
      )[0];
      if (best && !picked.includes(best)) picked.push(best);
    }
    const ordered = picked.sort((a, b) => a.plan.year - b.plan.year);
    const asked = cutYears(cutSpans(text, usedSpans({ ...scope, years: [] }), ' '), scope).replace(
      /\s+/g,
      '',
    );
    if (ordered.length < 2)
      return this.several(question, asked, ordered, options, options.context ?? emptyContext());
    const results = ordered.map((entry) => ({
      entry,
      answer: entry.engine.answer(asked, { now: options.now, context: emptyContext(), scoped: true }).answer,
    }));
    const namesWork = results.some(
      (r) => r.answer.query?.subject || (r.answer.query?.filters.length ?? 0) > 0,
    );
    const [a, b] = results as [(typeof results)[0], (typeof results)[0]];
    const lastEntry = ordered[ordered.length - 1] as PlanEntry;
    let body: string;
    if (scope.change && !namesWork) {
      body = planChanges(a.entry, b.entry);
    } else {
      const sides = results.map((r) => `【${r.entry.name}】${r.answer.text}`);
      const ta = a.answer.matches[0]?.task;
      const tb = b.answer.matches[0]?.task;
      let change = '';
      if (ta && tb) {
        const changes = taskChanges(ta, tb);
        change =
          changes.length > 0
            ? `\n变化（${a.entry.name} ${ta.id} → ${b.entry.name} ${tb.id}）：${changes.join('；')}`
            : `\n变化：${a.entry.name} ${ta.id}与${b.entry.name} ${tb.id}的牵头单位、时间节点和指标相同。`;
      } else if (ta || tb) {
        change = `\n只有${(ta ? a : b).entry.name}有这项工作。`;
      }
      body = `${sides.join('\n\n')}${change}`;
    }
    const answer: Answer = {
      question,
      intent: 'compare',
      agency: a.answer.agency ?? b.answer.agency,
      matches: results.flatMap((r) => r.answer.matches),
      text: body,
      suggestions: b.answer.suggestions.map((s) => ({ ...s, text: `${this.routeWords(b.entry)}${s.text}` })),
      highlights: [...new Set(results.flatMap((r) => r.answer.highlights))],
      query: b.answer.query ?? null,
      plan: lastEntry.key,
    };
    return {
      answer,
      context: { ...emptyContext(), lastIntent: 'compare' as const, lastPlan: lastEntry.key },
    };
  }

  /** A year, region or title no loaded plan covers: say so, list what is loaded, answer nothing. */
  private notLoaded(question: string, asked: string, context: ConversationContext): AnswerResult {
    const answer: Answer = {
      question,
      intent: 'scope',
      agency: null,
      matches: [],
      text: `没有载入${asked}的计划，无法回答关于${asked}的问题（不会用别的计划代答）。现在载入的计划：\n${this.describePlans()}`,
      suggestions: [],
      highlights: [],
      query: null,
    };
    return { answer, context };
  }
}

const taskIds = new WeakMap<PlanEntry, ReadonlySet<string>>();
/** A task id where a reply cites it: at a line's start, after an opening bracket or a list mark, before a space or a closing mark. */
const CITED_ID = /(^|[（(·、，；：\s])(\d+(?:\.\d+){0,2})(?=[\s）)、，；：]|$)/gm;

/** The reply with each of the plan's task ids it cites preceded by the plan's name: "（2023年要点 4.1 …）". */
export function citeWithPlan(text: string, entry: PlanEntry): string {
  let ids = taskIds.get(entry);
  if (!ids) taskIds.set(entry, (ids = new Set(entry.plan.tasks.map((t) => t.id))));
  const known = ids;
  return text.replace(CITED_ID, (all, before: string, id: string) =>
    known.has(id) ? `${before}${entry.name} ${id}` : all,
  );
}

/** The text without the given spans (or with each character of them replaced by `fill`, keeping offsets). */
function cutSpans(text: string, spans: { start: number; end: number }[], fill = ''): string {
  return [...text].map((c, i) => (spans.some((s) => i >= s.start && i < s.end) ? fill : c)).join('');
}

/** The spans of the scope words that choose a plan: years said as years (not "2023年6月"), region, level, title. */
function usedSpans(scope: PlanScopeWords): { start: number; end: number }[] {
  return [
    ...scope.years.filter((y) => !y.dated).map((y) => y.span),
    ...[scope.region, scope.level, scope.title].flatMap((s) => (s ? [s.span] : [])),
  ];
}

/** The question without its years and the words joining them ("2022年和2023年"), for each plan to answer. */
function cutYears(text: string, scope: PlanScopeWords): string {
  const spans = scope.years.filter((y) => !y.dated).map((y) => ({ ...y.span }));
  spans.sort((x, y) => x.start - y.start);
  for (let i = 0; i + 1 < spans.length; i++) {
    const [x, y] = [spans[i]!, spans[i + 1]!];
    if (/^\s*(和|与|跟|同|、|及|比|对比|相比|vs)?\s*$/.test(text.slice(x.end, y.start))) x.end = y.start;
  }
  return cutSpans(text, spans).replace(/^[\s的，,]+/, '');
}
