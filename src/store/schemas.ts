import * as z from 'zod';
import { INTENTS, type ConversationContext } from '../engine/types.ts';
import { QueryMemorySchema } from '../engine/memory.ts';
import type { InboxMessage, Subscription, SubscriberStatus, SubscriptionTarget } from './types.ts';

/** Everything a store reads back (from disk or Redis) is validated against these before use. */
/** A plan key ("sichuan-2022-fangguanfu"); absent in targets stored before several plans could load. */
const PlanKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/)
  .optional();

export const SubscriptionTargetSchema: z.ZodType<SubscriptionTarget> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('task'), taskId: z.string().min(1), plan: PlanKey }),
  z.object({ kind: z.literal('agency'), agency: z.string().min(1), plan: PlanKey }),
  z.object({ kind: z.literal('all'), plan: PlanKey }),
]);

export const SubscriptionSchema: z.ZodType<Subscription> = z.object({
  conversationId: z.string().min(1),
  target: SubscriptionTargetSchema,
  createdAt: z.iso.datetime({ offset: true }),
});

export const SubscriberStatusSchema: z.ZodType<SubscriberStatus> = z.object({
  conversationId: z.string().min(1),
  disabled: z.boolean(),
  reason: z.string().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});

const ChoiceSchema = z.object({ label: z.string(), text: z.string() });
const CitationSchema = z.object({ taskId: z.string(), title: z.string(), plan: z.string().optional() });

export const InboxMessageSchema: z.ZodType<InboxMessage> = z.object({
  key: z.string().min(1),
  text: z.string(),
  choices: z.array(ChoiceSchema),
  citations: z.array(CitationSchema),
  createdAt: z.iso.datetime({ offset: true }),
});

/** Redis's stream id format, which the embedded store copies so both order ids the same way. */
export const INBOX_ID = /^\d{1,15}-\d{1,15}$/;

/** Orders two inbox ids ("<ms>-<seq>"): negative when `a` came first. */
export function compareInboxIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}

/**
 * Contexts outlive a deploy (30 minutes in the store), so a field the engine adds later defaults
 * instead of failing, and a field it drops is ignored.
 */
export const ConversationContextSchema: z.ZodType<ConversationContext> = z.object({
  lastIntent: z.enum(INTENTS).nullable().default(null),
  lastTaskIds: z.array(z.string()).default([]),
  lastAgency: z.string().nullable().default(null),
  lastAgencyRole: z.enum(['lead', 'partner', 'any', 'data']).nullable().default(null),
  lastPeriod: z.object({ from: z.string(), to: z.string() }).nullable().default(null),
  lastQuery: QueryMemorySchema.nullable().default(null),
  lastPlan: z.string().nullable().optional(),
  lastQuestion: z.string().max(500).nullable().optional(),
});

/** Contexts already validated and encoded, by object (see {@link contextJson}). */
const encodedContexts = new WeakMap<ConversationContext, string>();

/**
 * A context as a store keeps it: validated against {@link ConversationContextSchema}, then JSON.
 * Throws the schema's ZodError for an invalid one. Memoised by object: contexts are values, never
 * mutated once made (engine/types.ts), and a repeated question's next context is the one object
 * the answer cache keeps, so a conversation turn validates and encodes it once, not once a turn.
 */
export function contextJson(context: ConversationContext): string {
  let json = encodedContexts.get(context);
  if (json === undefined) {
    json = JSON.stringify(ConversationContextSchema.parse(context));
    encodedContexts.set(context, json);
  }
  return json;
}

/** One string per distinct target, so "the same subscription" is a key comparison. */
export function targetKey(target: SubscriptionTarget): string {
  // A target in a named plan is "<plan>/task:4.1"; one without stays "task:4.1", as stored before.
  if (target.plan) return `${target.plan}/${targetKey({ ...target, plan: undefined })}`;
  switch (target.kind) {
    case 'task':
      return `task:${target.taskId}`;
    case 'agency':
      return `agency:${target.agency}`;
    case 'all':
      return 'all';
  }
}

/** The target a targetKey() was made from; null for a string targetKey() never makes. */
export function targetFromKey(key: string): SubscriptionTarget | null {
  // "<plan>/task:4.1": a target in a named plan (issue 10); plan keys hold no "/" or ":".
  const planned = /^([a-z0-9][a-z0-9-]*)\/(.+)$/.exec(key);
  if (planned) {
    const inner = targetFromKey(planned[2] as string);
    return inner && !inner.plan ? { ...inner, plan: planned[1] as string } : null;
  }
  if (key === 'all') return { kind: 'all' };
  const colon = key.indexOf(':');
  const [kind, value] = [key.slice(0, colon), key.slice(colon + 1)];
  if (colon < 0 || !value) return null;
  if (kind === 'task') return { kind: 'task', taskId: value };
  if (kind === 'agency') return { kind: 'agency', agency: value };
  return null;
}
