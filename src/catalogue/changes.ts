import type { Task } from '../plan/model.ts';
import type { PlanEntry } from './catalogue.ts';
import { pairs } from './scope-words.ts';

/**
 * What changed between two plans, or between one task in two plans: leads, deadlines and targets
 * as the plans word them (dates differ every year, so deadlines compare by their label).
 */

const list = (names: string[]): string => (names.length > 0 ? names.join('、') : '无');

function setChange(label: string, before: string[], after: string[]): string | null {
  const added = after.filter((x) => !before.includes(x));
  const dropped = before.filter((x) => !after.includes(x));
  if (added.length === 0 && dropped.length === 0) return null;
  const parts = [
    added.length > 0 ? `新增${added.join('、')}` : '',
    dropped.length > 0 ? `不再列${dropped.join('、')}` : '',
  ].filter(Boolean);
  return `${label}：${list(before)} → ${list(after)}（${parts.join('，')}）`;
}

/** The differences of one task between an earlier and a later plan; empty when none. */
export function taskChanges(before: Task, after: Task): string[] {
  return [
    setChange('牵头单位', before.leads, after.leads),
    setChange(
      '时间节点',
      before.deadlines.map((d) => d.label),
      after.deadlines.map((d) => d.label),
    ),
    setChange(
      '指标',
      before.targets.map((t) => t.raw),
      after.targets.map((t) => t.raw),
    ),
  ].filter((c): c is string => c !== null);
}

/** Jaccard similarity of two titles by character pairs. */
function similar(a: string, b: string): number {
  const pa = pairs(a);
  const pb = pairs(b);
  let shared = 0;
  for (const p of pa) if (pb.has(p)) shared++;
  return shared / Math.max(1, pa.size + pb.size - shared);
}

/** The later plan's task for an earlier one: the engine's lookup by title, else the closest title. */
function counterpart(task: Task, other: PlanEntry): Task | null {
  const found = other.engine.lookup(task.title);
  if (found.kind === 'task') return other.plan.tasks.find((t) => t.id === found.taskId) ?? null;
  let best: Task | null = null;
  let score = 0;
  for (const t of other.plan.tasks) {
    const s = similar(task.title, t.title);
    if (s > score) [best, score] = [t, s];
  }
  return score >= 0.4 ? best : null;
}

const MAX_LISTED = 8;
const cut = (items: string[]): string =>
  items.length > MAX_LISTED
    ? `${items.slice(0, MAX_LISTED).join('；')}；等${items.length}项`
    : items.join('；');

/**
 * "今年和去年的要点有什么不同": sections and tasks added and dropped, and the tasks whose leads,
 * deadlines or targets changed, from `before` to `after`.
 */
export function planChanges(before: PlanEntry, after: PlanEntry): string {
  const lines: string[] = [
    `${after.name}（${after.plan.tasks.length}项任务）与${before.name}（${before.plan.tasks.length}项任务）相比：`,
  ];
  const sectionMatch = (s: { title: string }, others: { title: string }[]) =>
    others.some((o) => o.title === s.title || similar(o.title, s.title) >= 0.5);
  const addedSections = after.plan.sections.filter((s) => !sectionMatch(s, before.plan.sections));
  const droppedSections = before.plan.sections.filter((s) => !sectionMatch(s, after.plan.sections));
  if (addedSections.length > 0)
    lines.push(`新增部分：${cut(addedSections.map((s) => `${s.numeral}、${s.title}`))}`);
  if (droppedSections.length > 0)
    lines.push(`不再有的部分：${cut(droppedSections.map((s) => `${s.numeral}、${s.title}`))}`);

  const pairsFound = after.plan.tasks.map((t) => ({ task: t, before: counterpart(t, before) }));
  const kept = new Set(pairsFound.flatMap((p) => (p.before ? [p.before.id] : [])));
  const added = pairsFound.filter((p) => !p.before).map((p) => `${p.task.id} ${p.task.title}`);
  const dropped = before.plan.tasks.filter((t) => !kept.has(t.id)).map((t) => `${t.id} ${t.title}`);
  const changed = pairsFound.flatMap((p) => {
    const changes = p.before ? taskChanges(p.before, p.task) : [];
    return p.before && changes.length > 0
      ? [`${p.task.id} ${p.task.title}（${before.name} ${p.before.id}）：${changes.join('；')}`]
      : [];
  });
  if (added.length > 0) lines.push(`新增任务：${cut(added)}`);
  if (dropped.length > 0) lines.push(`不再有的任务：${cut(dropped)}`);
  if (changed.length > 0)
    lines.push(
      `有变化的任务：\n${changed
        .slice(0, MAX_LISTED)
        .map((c) => `· ${c}`)
        .join('\n')}`,
    );
  if (lines.length === 1) lines.push('部分和任务相同，牵头单位、时间节点和指标没有变化。');
  return lines.join('\n');
}
