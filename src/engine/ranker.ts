import type { Deadline, Plan, Target, Task } from '../plan/model.ts';
import { Bm25Index } from '../nlp/bm25.ts';
import { bigrams, docFeatures, joinEnumerations, queryFeatures } from '../nlp/tokenizer.ts';

export interface RankedTask {
  task: Task;
  score: number;
  /** Share of the question's content bigrams found in the task: low means it is about something else. */
  coverage: number;
  /** How many distinct content bigrams of the question the task contains. */
  matched: number;
}

export interface RankedClause<T> {
  task: Task;
  item: T;
  score: number;
  coverage: number;
}

/** Titles say what a task is about more densely than its text; they count this many times. */
const TITLE_WEIGHT = 3;

const bigramSet = (text: string): Set<string> => new Set(bigrams(joinEnumerations(text)));

function overlap(queryBigrams: Set<string>, docBigrams: Set<string>): number {
  let hit = 0;
  for (const b of queryBigrams) if (docBigrams.has(b)) hit++;
  return hit;
}

function coverage(queryBigrams: Set<string>, docBigrams: Set<string>): number {
  return queryBigrams.size === 0 ? 0 : overlap(queryBigrams, docBigrams) / queryBigrams.size;
}

/**
 * Which documents (tasks, or clauses) hold each bigram, built once per plan: how many of a
 * question's bigrams each document holds is then one pass over the question's postings, not a
 * set look-up per bigram in every document.
 */
class BigramPostings {
  /** Each bigram's number: its documents are docs[starts[id]] up to docs[starts[id + 1]]. */
  private readonly ids = new Map<string, number>();
  private readonly starts: Int32Array;
  private readonly docs: Int32Array;
  private readonly count: number;

  constructor(sets: readonly Set<string>[]) {
    this.count = sets.length;
    const lists: number[][] = [];
    sets.forEach((set, doc) => {
      for (const b of set) {
        let id = this.ids.get(b);
        if (id === undefined) {
          id = lists.length;
          this.ids.set(b, id);
          lists.push([]);
        }
        lists[id]?.push(doc);
      }
    });
    // One flat array for every bigram's documents: a list object per bigram cost more than the sets it replaces.
    this.starts = new Int32Array(lists.length + 1);
    lists.forEach((list, id) => (this.starts[id + 1] = (this.starts[id] ?? 0) + list.length));
    this.docs = Int32Array.from(lists.flat());
  }

  /** For each document (by position), how many of the distinct query bigrams it holds. */
  hits(queryBigrams: Set<string>): Uint16Array {
    const out = new Uint16Array(this.count);
    for (const b of queryBigrams) {
      const id = this.ids.get(b);
      if (id === undefined) continue;
      const end = this.starts[id + 1] ?? 0;
      for (let k = this.starts[id] ?? 0; k < end; k++) {
        const doc = this.docs[k] ?? 0;
        out[doc] = (out[doc] ?? 0) + 1;
      }
    }
    return out;
  }
}

/**
 * Ranks tasks, and the clauses inside them, by a jieba-token BM25 (words plus character bigrams),
 * so wording that differs from the plan's still lands on the right task.
 */
export class TaskRanker {
  private readonly tasks: Task[];
  private readonly index: Bm25Index;
  private readonly taskBigrams: BigramPostings;
  private readonly deadlineClauses: Clauses<Deadline>;
  private readonly targetClauses: Clauses<Target>;

  constructor(plan: Plan) {
    this.tasks = plan.tasks;
    this.index = new Bm25Index(
      plan.tasks.map((t) => [
        ...Array(TITLE_WEIGHT).fill(docFeatures(t.title)).flat(),
        ...docFeatures(t.text),
        // The (一) sub-heading a numbered task sits under names its work too ("规范系统运行基础配置").
        ...(t.group ? docFeatures(t.group) : []),
      ]),
    );
    this.taskBigrams = new BigramPostings(
      plan.tasks.map((t) => bigramSet(`${t.title}。${t.text}${t.group ? `。${t.group}` : ''}`)),
    );
    this.deadlineClauses = clauses(
      plan.tasks.flatMap((task) => task.deadlines.map((item) => ({ task, item, text: item.text }))),
    );
    this.targetClauses = clauses(
      plan.tasks.flatMap((task) =>
        task.targets.map((item) => ({ task, item, text: targetContext(task, item) })),
      ),
    );
  }

  /** Tasks with any match, best first. */
  rank(runs: string[]): RankedTask[] {
    const query = queryFeatures(runs);
    if (query.length === 0) return [];
    const scores = this.index.scores(query);
    const qb = new Set(runs.flatMap((r) => bigrams(r)));
    const hits = this.taskBigrams.hits(qb);
    const ranked: RankedTask[] = [];
    this.tasks.forEach((task, i) => {
      const score = scores[i] ?? 0;
      if (score <= 0) return;
      const matched = hits[i] ?? 0;
      ranked.push({ task, score, matched, coverage: qb.size === 0 ? 0 : matched / qb.size });
    });
    return ranked.sort((a, b) => b.score - a.score);
  }

  /** Deadline clauses, by how well the clause itself matches, then by how well its task does. */
  rankDeadlines(runs: string[], taskScores: Map<string, number>): RankedClause<Deadline>[] {
    return rankClauses(this.deadlineClauses, runs, taskScores);
  }

  rankTargets(runs: string[], taskScores: Map<string, number>): RankedClause<Target>[] {
    return rankClauses(this.targetClauses, runs, taskScores);
  }

  /**
   * The task's sentences that share most with the question, in plan order: the best one always,
   * more while the quote stays short enough for a phone screen.
   */
  bestSentences(task: Task, runs: string[], maxChars: number): string[] {
    const qb = new Set(runs.flatMap((r) => bigrams(r)));
    const scored = task.sentences.map((s, i) => ({ s, i, c: coverage(qb, clauseBigrams(s)) * qb.size }));
    const hits = scored.filter((x) => x.c > 0).sort((a, b) => b.c - a.c || a.i - b.i);
    const ranked = hits.length > 0 ? hits : scored;
    const chosen = ranked.slice(0, 1);
    let length = chosen[0]?.s.length ?? 0;
    for (const next of ranked.slice(1)) {
      if (length + next.s.length > maxChars) break;
      chosen.push(next);
      length += next.s.length;
    }
    return chosen.sort((a, b) => a.i - b.i).map((x) => x.s);
  }
}

/**
 * The words around a target that say what it counts: "升级20项样板“一件事”" for 20项,
 * "和80项重点“一件事”…" for 80项. Chinese puts the counted noun after the number.
 */
function targetContext(task: Task, target: Target): string {
  const siblings = task.targets.filter((t) => t.text === target.text);
  const at = target.text.indexOf(target.raw);
  const next = siblings
    .map((t) => target.text.indexOf(t.raw))
    .filter((i) => i > at)
    .sort((a, b) => a - b)[0];
  const previousEnd = siblings
    .map((t) => target.text.indexOf(t.raw) + t.raw.length)
    .filter((e) => e <= at)
    .sort((a, b) => b - a)[0];
  return target.text.slice(previousEnd ?? 0, next ?? target.text.length);
}

/** A plan's clauses of one kind (deadlines, targets), with the postings of their bigrams. */
interface Clauses<T> {
  list: { task: Task; item: T }[];
  bigrams: BigramPostings;
}

function clauses<T>(list: { task: Task; item: T; text: string }[]): Clauses<T> {
  return {
    list: list.map(({ task, item }) => ({ task, item })),
    bigrams: new BigramPostings(list.map((c) => bigramSet(c.text))),
  };
}

function rankClauses<T>(
  clauses: Clauses<T>,
  runs: string[],
  taskScores: Map<string, number>,
): RankedClause<T>[] {
  const qb = new Set(runs.flatMap((r) => bigrams(r)));
  const hits = clauses.bigrams.hits(qb);
  const best = Math.max(1e-9, ...taskScores.values());
  return clauses.list
    .map((c, i) => {
      const cov = qb.size === 0 ? 0 : (hits[i] ?? 0) / qb.size;
      const taskShare = (taskScores.get(c.task.id) ?? 0) / best;
      return { task: c.task, item: c.item, coverage: cov, score: cov * 2 + taskShare };
    })
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score);
}

const unitsOf = new WeakMap<Task, { text: string; bigrams: Set<string> }[]>();
const bigramsOf = new Map<string, Set<string>>();

/** A clause's bigrams, kept: the plan's clauses are few and asked about again and again. */
function clauseBigrams(text: string): Set<string> {
  let set = bigramsOf.get(text);
  if (!set) {
    set = bigramSet(text);
    bigramsOf.set(text, set);
  }
  return set;
}

/**
 * The clause ("，；。"-separated) or whole sentence of a task's text that shares most with the
 * question, and how much: a question may name a clause, or words spread over one sentence.
 */
export function bestClause(task: Task, runs: string[]): { text: string; coverage: number } | null {
  let units = unitsOf.get(task);
  if (!units) {
    units = [...task.text.split(/[，；。]/), ...task.sentences]
      .map((u) => u.trim())
      .filter(Boolean)
      .map((text) => ({ text, bigrams: clauseBigrams(text) }));
    unitsOf.set(task, units);
  }
  const qb = new Set(runs.flatMap((r) => bigrams(r)));
  let best: { text: string; coverage: number } | null = null;
  for (const unit of units) {
    const c = coverage(qb, unit.bigrams);
    if (!best || c > best.coverage) best = { text: unit.text, coverage: c };
  }
  return best;
}

/** Coverage of the question's words by one clause. */
export function clauseCoverage(text: string, runs: string[]): number {
  return coverage(new Set(runs.flatMap((r) => bigrams(r))), clauseBigrams(text));
}
