import type { Deadline, Plan, Target, Task } from '../../plan/model.ts';
import { holdsRole } from '../filters.ts';
import {
  cite,
  datedClause,
  dated,
  match,
  names,
  responsibility,
  taskSuggestions,
  undatedNote,
} from '../format.ts';
import type { Role } from '../query.ts';
import { withoutCounter } from '../slots/values.ts';
import type { Draft } from './task.ts';

/** What a yes/no question states about a task, to be checked against the plan. */
export type Claim =
  /** `only`: no other agency holds the role ("是不是只由X牵头"). */
  | { kind: 'agency'; agencies: string[]; role: Role; only?: boolean }
  | { kind: 'period'; from: string; to: string; label: string; clause: Deadline | null }
  | { kind: 'value'; value: number; unit: string; target: Target | null }
  | { kind: 'section'; section: number }
  /** `lacks`: the question states the task has none ("是不是没有牵头单位"), so 是 means it has none. */
  | { kind: 'has_deadline'; lacks?: boolean }
  | { kind: 'has_lead'; lacks?: boolean };

const ROLE_WORD: Record<Role, string> = { lead: '牵头', partner: '配合', any: '参与', data: '提供数据' };

function verdict(
  yes: boolean,
  task: Task,
  text: string,
  extra: Partial<Draft['matches'][number]> = {},
): Draft {
  return {
    intent: 'check',
    agency: null,
    matches: [match(task, { deadlines: task.deadlines, ...extra })],
    text: `${yes ? '是' : '不是'}${text}`,
    suggestions: taskSuggestions(task, 'lead'),
  };
}

/**
 * "是。…" or "不是。…", then the fact with its citation: "不是。3.4 由商务厅牵头。",
 * "不是，是9月底前（2022-09-30）。". Presence questions answer "有。" or "没有。".
 */
export function checkAnswer(plan: Plan, task: Task, claim: Claim): Draft {
  return judge(plan, task, claim).draft;
}

/** A presence stated as lacking ("5.2是不是没有牵头单位"): 是 when the task has none, 不是 when it has. */
function lacking(judged: { yes: boolean; draft: Draft }): { yes: boolean; draft: Draft } {
  const yes = !judged.yes;
  const fact = judged.draft.text.replace(/^(有|没有)。/, '');
  return { yes, draft: { ...judged.draft, text: `${yes ? '是' : '不是'}。${fact}` } };
}

/** Whether the claim holds of the task, and the answer that says so. */
function judge(plan: Plan, task: Task, claim: Claim): { yes: boolean; draft: Draft } {
  if ((claim.kind === 'has_deadline' || claim.kind === 'has_lead') && claim.lacks) {
    return lacking(judge(plan, task, { kind: claim.kind }));
  }
  switch (claim.kind) {
    case 'agency': {
      const held = claim.agencies.every((a) => holdsRole(plan, task, a, claim.role));
      const holders = [...task.leads, ...(claim.role === 'lead' ? [] : task.partners)];
      const others = holders.filter(
        (a) => !claim.agencies.includes(a) && holdsRole(plan, task, a, claim.role),
      );
      const yes = held && !(claim.only && others.length > 0);
      const who = task.leads.length > 0 ? `由${names(task.leads)}牵头` : responsibility(task);
      const partners =
        task.leads.length > 0 && task.partners.length > 0 ? `，${names(task.partners)}配合` : '';
      return {
        yes,
        draft: verdict(
          yes,
          task,
          `。${cite(task)}${task.leads.length > 0 ? who + partners : `：${who}`}。${yes ? '' : held ? `（不只${names(claim.agencies)}，还有${names(others)}${ROLE_WORD[claim.role]}）` : `（${names(claim.agencies)}${claim.agencies.every((a) => holdsRole(plan, task, a, 'any')) ? `参与但不${ROLE_WORD[claim.role]}` : `不${ROLE_WORD[claim.role]}`}）`}`,
        ),
      };
    }
    case 'period': {
      const clause = claim.clause;
      if (!clause)
        return { yes: false, draft: verdict(false, task, `。${cite(task)}${undatedNote(task)}。`) };
      const yes = clause.date >= claim.from && clause.date <= claim.to;
      return {
        yes,
        draft: verdict(
          yes,
          task,
          yes
            ? `。${datedClause(clause)}（${cite(task)}）。`
            : `，是${dated(clause)}：${clause.text}（${cite(task)}）。`,
          {
            deadlines: [clause],
          },
        ),
      };
    }
    case 'value': {
      const changed = changedFigure(task, claim.value, claim.unit);
      if (changed) return changed;
      const target = claim.target;
      if (!target)
        return (
          statedFigure(task, claim.unit, claim.value) ?? {
            yes: false,
            draft: verdict(false, task, `。${cite(task)}没有这个量化指标。`),
          }
        );
      const yes = target.value === claim.value;
      return {
        yes,
        draft: verdict(
          yes,
          task,
          yes
            ? `。${target.text}（${cite(task)}）。`
            : `，是${target.raw}：${target.text}（${cite(task)}）。`,
          {
            targets: [target],
          },
        ),
      };
    }
    case 'section': {
      const own = plan.sections.find((s) => s.number === task.sectionNumber);
      const yes = task.sectionNumber === claim.section;
      return {
        yes,
        draft: verdict(
          yes,
          task,
          `${yes ? '。' : '，'}${cite(task)}属于第${own?.numeral ?? task.sectionNumber}部分“${own?.title ?? task.section}”。`,
        ),
      };
    }
    case 'has_deadline': {
      const has = task.deadlines.length > 0;
      return {
        yes: has,
        draft: {
          ...verdict(has, task, ''),
          text: has
            ? `有。${cite(task)}的时间节点：${task.deadlines.map(datedClause).join('；')}。`
            : `没有。${cite(task)}${undatedNote(task)}（${responsibility(task)}）。`,
        },
      };
    }
    case 'has_lead': {
      const has = task.leads.length > 0;
      return {
        yes: has,
        draft: {
          ...verdict(has, task, ''),
          text: has
            ? `有。${cite(task)}${responsibility(task)}。`
            : `没有。${cite(task)}${responsibility(task)}。`,
        },
      };
    }
  }
}

/**
 * One claim checked of several tasks ("1.2和3.4是不是都由X牵头", "这两项都是9月底前吗"): 是 only
 * when it holds of every one, then each task's own answer. Presence claims say 都有 / 都没有 /
 * 不是都有. `claims` pairs each task with what the question states of it.
 */
export function checkEach(plan: Plan, claims: { task: Task; claim: Claim }[]): Draft {
  const judged = claims.map(({ task, claim }) => ({ task, claim, ...judge(plan, task, claim) }));
  const held = judged.filter((j) => j.yes).map((j) => j.task.id);
  const missed = judged.filter((j) => !j.yes).map((j) => j.task.id);
  const presence = judged.every(
    (j) => (j.claim.kind === 'has_deadline' || j.claim.kind === 'has_lead') && !j.claim.lacks,
  );
  const [yes, no] = presence ? ['有', '没有'] : ['是', '不是'];
  const first =
    missed.length === 0
      ? `${presence ? '都有' : '是'}，${judged.length}项都${yes}。`
      : held.length === 0
        ? `${presence ? '都没有' : '不是'}，${judged.length}项都${no}。`
        : `${presence ? '不是都有' : '不是'}：${held.join('、')}${yes}，${missed.join('、')}${no}。`;
  return {
    intent: 'check',
    agency: null,
    matches: judged.flatMap((j) => j.draft.matches),
    text: [first, ...judged.map((j) => `· ${j.draft.text}`)].join('\n'),
    suggestions: judged.flatMap((j) => j.draft.suggestions).slice(0, 4),
  };
}

/** "由…3年以上放宽至参保1年以上": a figure the plan changes from one value to another. */
const CHANGE =
  /由([^。；]*?)(放宽|调整|提高|降低|缩短|压缩|延长|扩大|增加|减少|下调|上调|改)(至|到|为)([^，。；]+)/;

/**
 * A yes/no about a figure the plan changes ("是参保3年以上才能申领吗"): the old figure is 不是,
 * the new one 是, each with the sentence. Null when no sentence of the task changes that figure.
 */
function changedFigure(task: Task, value: number, unit: string): { yes: boolean; draft: Draft } | null {
  const figure = new RegExp(
    `(?<![\\d.])${String(value).replace('.', '\\.')}\\s*(个)?${withoutCounter(unit)}`,
  );
  for (const sentence of task.text.split(/(?<=[。；])/)) {
    const m = CHANGE.exec(sentence);
    if (!m) continue;
    const [, before = '', verb = '', , after = ''] = m;
    const old = figure.test(before);
    const now = figure.test(after);
    if (old === now) continue;
    const fact = `${sentence.trim()}（${cite(task)}）`;
    return { yes: now, draft: verdict(now, task, now ? `。${fact}` : `，已${verb}至${after}：${fact}`) };
  }
  return null;
}

/**
 * A figure of that unit the task's text states without making it a target ("签订1年以上劳动合同"):
 * 是 when a sentence states the value claimed, else 不是 with the first figure of that unit.
 */
function statedFigure(task: Task, unit: string, value: number): { yes: boolean; draft: Draft } | null {
  const any = new RegExp(`(?<![\\d.])(\\d+(?:\\.\\d+)?)\\s*(个)?${withoutCounter(unit)}(以上|以下|以内)?`);
  const stated = task.text.split(/(?<=[。；])/).flatMap((sentence) => {
    const m = any.exec(sentence);
    return m ? [{ sentence: sentence.trim(), value: Number(m[1]), raw: m[0] }] : [];
  });
  const same = stated.find((s) => s.value === value);
  const first = stated[0];
  if (same) return { yes: true, draft: verdict(true, task, `。${same.sentence}（${cite(task)}）`) };
  if (first)
    return {
      yes: false,
      draft: verdict(false, task, `，是${first.raw}：${first.sentence}（${cite(task)}）`),
    };
  return null;
}
