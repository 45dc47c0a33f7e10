import type { Plan, Task } from '../plan/model.ts';
import type { Filter, Role } from './query.ts';
import type { Countable } from './slots/counts.ts';
import { sameUnit } from './slots/values.ts';

/**
 * Whether a task has the agency in the role. A plan-wide agency (各市(州)人民政府: "以下工作均需…负责")
 * is responsible for every task of the plan, those without a note (保障措施) included, never as lead.
 */
export function holdsRole(plan: Plan, task: Task, agency: string, role: Role): boolean {
  if (role === 'data')
    return (task.roles ?? []).some((r) => r.kind === 'data' && r.agencies.includes(agency));
  if (plan.planWideResponsible.includes(agency)) return role !== 'lead';
  if (role === 'lead') return task.leads.includes(agency);
  if (role === 'partner') return task.partners.includes(agency);
  return task.leads.includes(agency) || task.partners.includes(agency);
}

/** Whether the agency's only part in the plan is supplying figures (数据提供单位). */
export function onlySuppliesData(plan: Plan, agency: string): boolean {
  return (
    plan.tasks.some((t) => holdsRole(plan, t, agency, 'data')) &&
    !plan.tasks.some((t) => holdsRole(plan, t, agency, 'any'))
  );
}

/** How many of the measure a task holds. */
export function countOf(task: Task, measure: Countable): number {
  switch (measure) {
    case 'leads':
      return task.leads.length;
    case 'partners':
      return task.partners.length;
    case 'agencies':
      return task.leads.length + task.partners.length;
    case 'deadlines':
      return task.deadlines.length;
    case 'targets':
      return task.targets.length;
  }
}

const COUNTED_NAME: Record<Countable, string> = {
  leads: '牵头单位',
  partners: '配合单位',
  agencies: '单位',
  deadlines: '时间节点',
  targets: '量化指标',
};

/** Whether a task passes one filter. `topicIds` are the tasks a topic filter's words rank confidently. */
export function passes(plan: Plan, task: Task, filter: Filter, topicIds: ReadonlySet<string>): boolean {
  // "除了年底前的，其他节点": a milestone outside the period, not a task without one inside it.
  if (filter.kind === 'period' && filter.negate) {
    return task.deadlines.some((d) => d.date < filter.from || d.date > filter.to);
  }
  const yes = ((): boolean => {
    switch (filter.kind) {
      case 'agency':
        return filter.agencies.every((a) => holdsRole(plan, task, a, filter.role));
      case 'period':
        return task.deadlines.some((d) => d.date >= filter.from && d.date <= filter.to);
      case 'has_deadline':
        return task.deadlines.length > 0;
      case 'has_lead':
        return task.leads.length > 0;
      case 'section':
        return task.sectionNumber === filter.section;
      case 'topic':
        return topicIds.has(task.id);
      case 'value':
        return task.targets.some((t) => t.value === filter.value && sameUnit(t.unit, filter.unit));
      case 'count': {
        const n = countOf(task, filter.measure);
        return n >= filter.min && (filter.max === null || n <= filter.max);
      }
      case 'among':
        return filter.taskIds.includes(task.id);
    }
  })();
  return filter.negate ? !yes : yes;
}

/** The plan's tasks that pass every filter, in plan order. */
export function applyFilters(
  plan: Plan,
  filters: Filter[],
  topicIds: ReadonlySet<string> = new Set(),
): Task[] {
  return plan.tasks.filter((t) => filters.every((f) => passes(plan, t, f, topicIds)));
}

const ROLE_WORD = { lead: '牵头', partner: '参与（不牵头）', any: '涉及', data: '提供数据' } as const;

/** A filter in the words of a reply: "省大数据中心牵头", "9月底前有节点", "不涉及商务厅". */
export function describeFilter(plan: Plan, filter: Filter): string {
  switch (filter.kind) {
    case 'agency': {
      const names = filter.agencies.join('和');
      const both = filter.agencies.length > 1 ? '都' : '';
      if (!filter.negate) return `${names}${both}${ROLE_WORD[filter.role]}`;
      return filter.role === 'lead' ? `非${names}牵头` : `不涉及${names}`;
    }
    case 'period':
      return `${filter.negate ? '不在' : ''}${filter.label}有节点`;
    case 'has_deadline':
      return filter.negate ? '未设时间节点' : '有时间节点';
    case 'has_lead':
      return filter.negate ? '未设牵头单位' : '有牵头单位';
    case 'section': {
      const s = plan.sections.find((x) => x.number === filter.section);
      return `${filter.negate ? '不在' : ''}第${s?.numeral ?? filter.section}部分“${s?.title ?? ''}”`;
    }
    case 'topic':
      return `${filter.negate ? '不涉及' : '涉及'}“${filter.words.join('')}”`;
    case 'value':
      return `${filter.negate ? '不含' : '含'}${filter.value}${filter.unit}的指标`;
    case 'count': {
      const range =
        filter.max === null
          ? `${filter.min}个及以上`
          : filter.min === filter.max
            ? `${filter.min}个`
            : filter.min === 0
              ? `${filter.max}个及以下`
              : `${filter.min}至${filter.max}个`;
      if (filter.max === 0) return `${filter.negate ? '' : '没有'}${COUNTED_NAME[filter.measure]}`;
      return `${filter.negate ? '不是' : ''}有${range}${COUNTED_NAME[filter.measure]}`;
    }
    case 'among':
      return '上一条回答中的工作里';
  }
}

export const describeFilters = (plan: Plan, filters: Filter[]): string =>
  filters.map((f) => describeFilter(plan, f)).join('、');
