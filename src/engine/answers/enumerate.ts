import type { Plan, Task } from '../../plan/model.ts';
import { describeFilters } from '../filters.ts';
import { match, names, suggest } from '../format.ts';
import type { Counted, Filter } from '../query.ts';
import type { Draft } from './task.ts';

/** A plan where at least this share of the tasks hold a figure lists targets, not work. */
const INDICATOR_SHARE = 0.8;

/**
 * Every agency of the tasks given, by role: `leads` with the tasks each leads, `partners` with the
 * tasks each partners (`onlyPartners`: those leading none of them), `agencies` every one with both
 * counts; `targets` every quantified target. The plan-wide party is noted, never counted.
 */
export function enumerateAnswer(
  plan: Plan,
  counted: Counted,
  tasks: Task[],
  filters: Filter[],
  onlyPartners = false,
): Draft {
  const where = filters.length > 0 ? `${describeFilters(plan, filters)}的工作中，` : '';
  if (counted === 'targets') {
    // In a plan whose tasks are themselves targets (a 目标任务 list, nearly every task a figure),
    // "X牵头哪些指标" asks for its tasks, a figure written without a unit ("103左右") included.
    const indicators =
      plan.tasks.filter((t) => t.targets.length > 0).length >= INDICATOR_SHARE * plan.tasks.length;
    const withTargets = indicators ? tasks : tasks.filter((t) => t.targets.length > 0);
    const lines = withTargets.flatMap((t) =>
      t.targets.length > 0
        ? t.targets.map((g) => `· ${g.raw}：${g.text}（${t.id}）`)
        : [`· ${t.title}（${t.id}）`],
    );
    return {
      intent: 'enumerate',
      agency: null,
      matches: withTargets.map((t) => match(t, { targets: t.targets })),
      text: [`${where}量化指标共${lines.length}个：`, ...lines].join('\n'),
      suggestions: withTargets.slice(0, 3).map((t) => suggest(`介绍${t.id}`, `介绍${t.id}`)),
    };
  }
  const byAgency = new Map<string, { led: string[]; partnered: string[] }>();
  const entry = (a: string) => {
    let e = byAgency.get(a);
    if (!e) byAgency.set(a, (e = { led: [], partnered: [] }));
    return e;
  };
  for (const t of tasks) {
    if (counted !== 'partners' || onlyPartners) for (const a of t.leads) entry(a).led.push(t.id);
    if (counted !== 'leads') for (const a of t.partners) entry(a).partnered.push(t.id);
  }
  let list = [...byAgency].sort(
    (a, b) => b[1].led.length - a[1].led.length || b[1].partnered.length - a[1].partnered.length,
  );
  if (counted === 'partners') {
    list = list
      .filter(([, c]) => c.partnered.length > 0 && !(onlyPartners && c.led.length > 0))
      .sort((a, b) => b[1].partnered.length - a[1].partnered.length);
  }
  const label =
    counted === 'leads'
      ? '牵头单位'
      : counted === 'partners'
        ? onlyPartners
          ? '只配合、不牵头的单位'
          : '配合单位'
        : '涉及的单位';
  const describe = ([a, c]: [string, { led: string[]; partnered: string[] }]) =>
    counted === 'leads'
      ? `${a}（${c.led.length}项：${c.led.join('、')}）`
      : counted === 'partners'
        ? `${a}（配合${c.partnered.length}项：${c.partnered.join('、')}）`
        : `${a}（牵头${c.led.length}项，参与${c.partnered.length}项）`;
  const wide =
    counted !== 'leads' && plan.planWideResponsible.length > 0
      ? `\n另：${names(plan.planWideResponsible)}按计划负责全部工作。`
      : '';
  return {
    intent: 'enumerate',
    agency: null,
    // Drawn from a set the filters picked ("第4部分的牵头单位"), the set's tasks are what it is about.
    matches: filters.length > 0 ? tasks.map((t) => match(t)) : [],
    text: `${where}${label}共${list.length}个：${list.map(describe).join('、')}。${wide}`,
    suggestions: list.slice(0, 2).map(([a]) => suggest(`${a}负责哪些工作`, `${a}负责哪些工作`)),
  };
}
