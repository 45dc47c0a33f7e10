import type { Plan } from './model.ts';

/** What the plan check and the start-up log say about a loaded plan. */

const YEAR_SOURCE: Record<Plan['meta']['yearSource'], string> = {
  title: 'title',
  'document-number': 'document number',
  'issue-date': 'issue date',
  given: 'PLAN_YEAR/--year',
  text: 'the years its text names',
};

export function yearSourceText(plan: Plan): string {
  const { meta } = plan;
  const detail =
    meta.yearSource === 'document-number'
      ? ` ${meta.documentNumber}`
      : meta.yearSource === 'issue-date'
        ? ` ${meta.issueDate}`
        : '';
  return `${YEAR_SOURCE[meta.yearSource]}${detail}`;
}

export interface PlanCounts {
  sections: number;
  tasks: number;
  leads: number;
  deadlines: number;
  targets: number;
  findings: number;
}

export function planCounts(plan: Plan): PlanCounts {
  return {
    sections: plan.sections.length,
    tasks: plan.tasks.length,
    leads: plan.tasks.filter((t) => t.leads.length > 0).length,
    deadlines: plan.tasks.reduce((n, t) => n + t.deadlines.length, 0),
    targets: plan.tasks.reduce((n, t) => n + t.targets.length, 0),
    findings: plan.findings.length,
  };
}

/** One line: "《…》 2022 (from title), 6 sections, 23 tasks (15 with a lead), 11 deadlines, 13 targets, 0 findings". */
export function planSummary(plan: Plan): string {
  const c = planCounts(plan);
  const years = plan.meta.endYear > plan.year ? `${plan.year}–${plan.meta.endYear}` : `${plan.year}`;
  return (
    `《${plan.title}》 ${years} (from ${yearSourceText(plan)}), ${c.sections} sections, ` +
    `${c.tasks} tasks (${c.leads} with a lead), ${c.deadlines} deadlines, ${c.targets} targets, ${c.findings} findings`
  );
}
