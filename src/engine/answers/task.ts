import type { Deadline, Target, Task } from '../../plan/model.ts';
import type { RankedClause } from '../ranker.ts';
import { cite, dated, match, responsibility, taskSuggestions } from '../format.ts';
import type { Answer } from '../types.ts';

export type Draft = Omit<Answer, 'question' | 'highlights'>;

/** "“川渝通办”（4.1 协同推进一体化政务服务）牵头：…；节点：…" */
export function leadAnswer(task: Task, subject: string | null): Draft {
  const about = subject ? `“${subject}”（${cite(task)}）` : `${cite(task)}：`;
  const milestones =
    task.deadlines.length > 0
      ? `；节点：${task.deadlines.map((d) => `${d.text}（${d.date}）`).join('；')}`
      : '';
  return {
    intent: 'lead',
    agency: null,
    matches: [match(task, { deadlines: task.deadlines })],
    text: `${about}${responsibility(task)}${milestones}。`,
    suggestions: taskSuggestions(task, 'lead'),
  };
}

/** The deadline of the clause asked about, or plainly that the task sets none. */
export function whenAnswer(task: Task, clause: Deadline | null): Draft {
  if (!clause) {
    const text =
      task.deadlines.length > 0
        ? `${cite(task)}的时间节点：${task.deadlines.map((d) => `${dated(d)}${d.text}`).join('；')}。`
        : `${cite(task)}未设具体时间节点，按年度推进（${responsibility(task)}）。`;
    return {
      intent: 'when',
      agency: null,
      matches: [match(task, { deadlines: task.deadlines })],
      text,
      suggestions: taskSuggestions(task, 'when'),
    };
  }
  const others = task.deadlines.filter((d) => d !== clause);
  const also = others.length > 0 ? `另：${others.map((d) => `${dated(d)}${d.text}`).join('；')}。` : '';
  return {
    intent: 'when',
    agency: null,
    matches: [match(task, { deadlines: [clause, ...others] })],
    text: `${dated(clause)}：${clause.text}（${cite(task)}）。${also}`,
    suggestions: taskSuggestions(task, 'when'),
  };
}

export function figureAnswer(best: RankedClause<Target> | null, task: Task): Draft {
  if (!best) {
    return {
      intent: 'figure',
      agency: null,
      matches: [match(task)],
      text: `${cite(task)}未设量化指标。${task.sentences[0] ?? ''}`,
      suggestions: taskSuggestions(task, 'figure'),
    };
  }
  const { item } = best;
  const siblings = task.targets.filter((t) => t !== item);
  const also = siblings.length > 0 ? `同项其他指标：${siblings.map((t) => t.raw).join('、')}。` : '';
  return {
    intent: 'figure',
    agency: null,
    matches: [match(task, { targets: [item, ...siblings], deadlines: task.deadlines })],
    text: `${item.raw}：${item.text}（${cite(task)}）。${also}`,
    suggestions: taskSuggestions(task, 'figure'),
  };
}

export function topicAnswer(task: Task, sentences: string[], runnersUp: Task[]): Draft {
  const milestones = task.deadlines.length > 0 ? `节点：${task.deadlines.map(dated).join('、')}。` : '';
  const see = runnersUp.length > 0 ? `\n相关：${runnersUp.map(cite).join('；')}` : '';
  return {
    intent: 'topic',
    agency: null,
    matches: [
      match(task, { sentences, deadlines: task.deadlines, targets: task.targets }),
      ...runnersUp.map((t) => match(t)),
    ],
    text: `${sentences.join('')}\n——${cite(task)}｜${responsibility(task)}。${milestones}${see}`,
    suggestions: taskSuggestions(task, 'topic'),
  };
}
