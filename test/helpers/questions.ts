import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ContractAnswer } from '../../src/engine/contract.ts';

/** The acceptance-question format of ../shared/examples/questions.jsonl. */
const CaseSchema = z.object({
  n: z.number(),
  q: z.string(),
  chat: z.string().optional(),
  now: z.string().optional(),
  expect: z.object({
    top: z.array(z.string()).optional(),
    tasks: z.array(z.string()).optional(),
    leads: z.array(z.string()).optional(),
    text_has: z.array(z.string()).optional(),
    text_lacks: z.array(z.string()).optional(),
    dates: z.array(z.string()).optional(),
    /** The key of the plan answered from (several-plan sets; the shared scorer ignores it). */
    plan: z.string().optional(),
  }),
});
export type QuestionCase = z.infer<typeof CaseSchema>;

export function loadCases(file: string): QuestionCase[] {
  return readFileSync(new URL(`../fixtures/${file}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => CaseSchema.parse(JSON.parse(l)));
}

/** The CLI's --json input for a question set, as the shared scorer writes it: one line each. */
export function askInput(cases: QuestionCase[]): string {
  const line = (c: QuestionCase) =>
    JSON.stringify({ question: c.q, ...(c.chat ? { chat: c.chat } : {}), ...(c.now ? { now: c.now } : {}) });
  return cases.map(line).join('\n') + '\n';
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join('|') === [...b].sort().join('|');
const squash = (s: string) => s.replace(/\s+/g, '');

/** The same checks as the shared scorer: what is wrong with an answer, empty when it passes. */
export function problems(c: QuestionCase, out: ContractAnswer): string[] {
  const e = c.expect;
  const ids = out.tasks.map((t) => t.id);
  const why: string[] = [];
  if (e.top && !e.top.includes(ids[0] ?? '')) why.push(`top ${ids[0] ?? 'none'} not in [${e.top}]`);
  if (e.tasks && !sameSet([...new Set(ids)], e.tasks)) why.push(`tasks [${ids}] != [${e.tasks}]`);
  if (e.leads && !sameSet(out.tasks[0]?.leads ?? [], e.leads))
    why.push(`leads [${out.tasks[0]?.leads}] != [${e.leads}]`);
  for (const s of e.text_has ?? []) if (!squash(out.text).includes(squash(s))) why.push(`text lacks ${s}`);
  for (const s of e.text_lacks ?? []) if (squash(out.text).includes(squash(s))) why.push(`text has ${s}`);
  const dates = out.tasks.flatMap((t) => t.deadlines.map((d) => d.date));
  for (const d of e.dates ?? []) if (!dates.includes(d)) why.push(`no deadline dated ${d}`);
  if (e.plan && out.plan !== e.plan) why.push(`plan ${out.plan ?? 'none'} != ${e.plan}`);
  if (e.plan && out.tasks.some((t) => t.plan !== e.plan)) why.push(`a task not of plan ${e.plan}`);
  if (!out.text.trim()) why.push('empty text');
  return why;
}
