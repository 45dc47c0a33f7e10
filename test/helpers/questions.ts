import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { toContractJson, type ContractAnswer } from '../../src/engine/contract.ts';
import { emptyContext, type ConversationContext, type Engine } from '../../src/engine/types.ts';

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

/** One question of a set, answered: the contract JSON, and the context its conversation goes on with. */
export interface Answered {
  case: QuestionCase;
  out: ContractAnswer;
  context: ConversationContext;
}

/**
 * Answers a set in order, sharing follow-up context within each chat, as the CLI does; a case
 * without `now` is asked at `defaultNow`.
 */
export function answerInOrder(
  engine: Pick<Engine, 'answer'>,
  cases: QuestionCase[],
  defaultNow: Date,
): Answered[] {
  const chats = new Map<string, ConversationContext>();
  return cases.map((c) => {
    const context = c.chat ? (chats.get(c.chat) ?? emptyContext()) : emptyContext();
    const { answer, context: next } = engine.answer(c.q, {
      now: c.now ? new Date(c.now) : defaultNow,
      context,
    });
    if (c.chat) chats.set(c.chat, next);
    return { case: c, out: toContractJson(answer), context: next };
  });
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
