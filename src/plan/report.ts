import type { Plan, Task } from './model.ts';
import { planCounts, planSummary, yearSourceText } from './summary.ts';

/**
 * The operator's plan check (`npm run plan -- check FILE`) as text: what was read (title, year and
 * its source, levels, sections, each task's roles in the plan's own words, dated deadlines,
 * targets) and every finding with its line. `planCheckJson` is the same as data.
 */

function taskLines(task: Task): string[] {
  const lines = [`  ${task.id}  [${task.ref ?? task.id}] ${task.title}`];
  const roles = task.roles ?? [];
  if (roles.length > 0) {
    lines.push(`      ${roles.map((r) => `${r.word}：${r.agencies.join('、')}`).join('；')}`);
    lines.push(
      `      → leads: ${task.leads.join('、') || '—'}; responsible: ${task.responsible?.join('、') || '—'}; ` +
        `partners: ${task.partners.join('、') || '—'}`,
    );
  } else lines.push('      (no responsibility note)');
  for (const d of task.deadlines) {
    const start = d.start ? ` from ${d.start}` : '';
    lines.push(`      deadline ${d.date} ${d.label} (${d.kind ?? 'by'}${start}): ${d.text}`);
  }
  for (const u of task.undated ?? []) lines.push(`      undated ${u.label} (${u.kind}): ${u.text}`);
  if (task.targets.length > 0) lines.push(`      targets: ${task.targets.map((t) => t.raw).join('、')}`);
  return lines;
}

export function planCheckText(plan: Plan, file: string): string {
  const { meta } = plan;
  const c = planCounts(plan);
  const out = [
    `${file}: ${planSummary(plan)}`,
    `title: ${plan.title}`,
    `year: ${plan.year}${meta.endYear > plan.year ? `–${meta.endYear}` : ''} (from ${yearSourceText(plan)})`,
    `issuer: ${meta.issuer ?? '—'}; region: ${meta.region ?? '—'}; document number: ${meta.documentNumber ?? '—'}; issued: ${meta.issueDate ?? '—'}`,
    `levels: ${meta.levels.join(' > ')}; tasks at ${meta.taskLevel}`,
    `plan-wide responsible: ${plan.planWideResponsible.join('、') || '—'}`,
    '',
  ];
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  if (plan.sections.length === 0) plan.tasks.forEach((t) => out.push(...taskLines(t)));
  for (const s of plan.sections) {
    out.push(
      `${s.numeral}、${s.title} (${s.taskIds.length} tasks)${s.intro ? ' — opens with a paragraph of its own' : ''}`,
    );
    for (const g of s.goals ?? []) out.push(`  goal ${g.date} ${g.label}: ${g.text}`);
    for (const id of s.taskIds) out.push(...taskLines(byId.get(id) as Task));
  }
  out.push('', `findings: ${c.findings}`);
  for (const f of plan.findings) out.push(`  line ${f.line} ${f.kind}: ${f.message} — ${f.text}`);
  return out.join('\n');
}

export function planCheckJson(plan: Plan, file: string): object {
  return { file, usable: true, summary: planSummary(plan), counts: planCounts(plan), plan };
}
