import type { Milestone } from '../plan/milestones.ts';
import type { Deadline, Task } from '../plan/model.ts';
import type { Suggestion, TaskMatch } from './types.ts';

/** "4.1 协同推进一体化政务服务": how a reply cites a task. */
export const cite = (task: Task): string => `${task.id} ${task.title}`;

export const names = (list: string[]): string => list.join('、');

export const dated = (d: Deadline): string => `${d.label}（${d.date}）`;

/**
 * A deadline and its clause without saying the label twice: "9月底前（2022-09-30）实现第三批…"
 * where the clause starts with its label, else "年底前（2022-12-31）：…落地实施".
 */
export function datedClause(d: Deadline): string {
  return d.text.startsWith(d.label) ? `${dated(d)}${d.text.slice(d.label.length)}` : `${dated(d)}：${d.text}`;
}

export function match(task: Task, parts: Partial<Omit<TaskMatch, 'task'>> = {}): TaskMatch {
  return { task, sentences: [], deadlines: [], targets: [], ...parts };
}

/** Milestones as one match per task, each holding that task's milestones in the order found. */
export function groupByTask(found: Milestone[]): TaskMatch[] {
  const byTask = new Map<string, TaskMatch>();
  for (const m of found) {
    const entry = byTask.get(m.task.id) ?? match(m.task);
    entry.deadlines.push(m.deadline);
    byTask.set(m.task.id, entry);
  }
  return [...byTask.values()];
}

/** Who answers for a task, in one phrase, without inventing a lead where the plan sets none. */
export function responsibility(task: Task): string {
  return `${doers(task)}${dataRoles(task)}`;
}

/** A plan's roles beside doing the task, in its own words: "；数据提供单位：市统计局". */
function dataRoles(task: Task): string {
  return (task.roles ?? [])
    .filter((r) => r.kind === 'data' && r.agencies.length > 0)
    .map((r) => `；${r.word}：${names(r.agencies)}`)
    .join('');
}

/** The plan's own label for those that do not lead ("责任单位：…"), or null where it labels none. */
export function partnerLabel(task: Task): string | null {
  const labelled = (task.roles ?? []).find(
    (r) => (r.kind === 'responsible' || r.kind === 'partner') && /单位$/.test(r.word),
  );
  return labelled?.word ?? null;
}

function doers(task: Task): string {
  if (task.leads.length > 0) {
    const partners =
      task.partners.length > 0 ? `；${partnerLabel(task) ?? '配合'}：${names(task.partners)}` : '';
    return `牵头：${names(task.leads)}${partners}`;
  }
  if (task.partners.length > 0) return `未设牵头单位；按职责分工负责：${names(task.partners)}`;
  if (task.note) return '未设牵头单位，由省直有关部门(单位)按职责分工负责';
  return '计划未指定牵头或责任单位';
}

/** How often the task's text says it recurs ("每季度通报一次工作进展"), at most two phrases. */
const FREQUENCY = /(?<![人户家])每(?:年|半年|季度|季|月|周|旬)[^，。；]{1,16}/g;

/**
 * A task without a dated deadline, said plainly: "未设具体时间节点", with the plan's own words for
 * how often it recurs where it has them. No schedule is made up ("按年度推进" is the plan's to say).
 */
export function undatedNote(task: Task): string {
  const said = [...new Set([...task.text.matchAll(FREQUENCY)].map((m) => m[0]))].slice(0, 2);
  return said.length > 0 ? `未设具体时间节点（计划写明：${said.join('；')}）` : '未设具体时间节点';
}

export const suggest = (label: string, text: string): Suggestion => ({ label, text });

/** The next steps a task answer offers: those not already answered. */
export function taskSuggestions(task: Task, answered: 'lead' | 'when' | 'topic' | 'figure'): Suggestion[] {
  const out: Suggestion[] = [];
  if (answered !== 'lead') out.push(suggest('牵头单位', `${task.id}谁牵头`));
  if (answered !== 'when' && task.deadlines.length > 0)
    out.push(suggest('时间节点', `${task.id}什么时候截止`));
  if (answered !== 'topic') out.push(suggest('更多', `介绍${task.id}`));
  if (answered !== 'figure' && task.targets.length > 0)
    out.push(suggest('量化指标', `${task.id}有哪些量化指标`));
  return out;
}

/**
 * Whether a quote-free sentence (see quoteFreeSentences) holds a question's phrase: verbatim, or,
 * where the phrase mixes a figure and words ("12345热线"), each part in order, since the plan writes
 * the number with its full name between ("12345政务服务便民热线"). The phrase is split once, as it
 * is looked for in every task.
 */
export function phraseTest(phrase: string): (plain: string) => boolean {
  const parts = phrase.match(/\d+|\D+/g) ?? [];
  return (plain) => {
    if (plain.includes(phrase)) return true;
    if (parts.length < 2) return false;
    let at = 0;
    for (const part of parts) {
      const found = plain.indexOf(part, at);
      if (found < 0) return false;
      at = found + part.length;
    }
    return true;
  };
}

const unquoted = (text: string): string => text.replace(/[“”]/g, '');

const quoteFree = new WeakMap<Task, readonly string[]>();
/** A task's sentences without quote marks, made once per task: the plan does not change under a question. */
export function quoteFreeSentences(task: Task): readonly string[] {
  let plain = quoteFree.get(task);
  if (plain === undefined) {
    plain = task.sentences.map(unquoted);
    quoteFree.set(task, plain);
  }
  return plain;
}
