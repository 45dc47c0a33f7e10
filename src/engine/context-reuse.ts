import type { ContextReuse, ConversationContext } from './types.ts';

/** The fields a turn carries over from the previous context when it sets none of its own. */
const CARRIED = ['lastTaskIds', 'lastAgency', 'lastAgencyRole', 'lastPeriod', 'lastQuery'] as const;

/**
 * The next context: what this turn set (`own`), over the previous context's remembered fields.
 * `lastIntent` is always the turn's own; `lastPlan` and `lastQuestion` are only ever the turn's own
 * (the plan router sets them), never carried. The engine makes every next context this way, so the
 * answer cache can make the same one for another previous context (see ContextReuse).
 */
export function carryContext(
  previous: ConversationContext,
  own: Readonly<Partial<ConversationContext>>,
): ConversationContext {
  const next: ConversationContext = {
    lastIntent: own.lastIntent ?? null,
    lastTaskIds: previous.lastTaskIds,
    lastAgency: previous.lastAgency,
    lastAgencyRole: previous.lastAgencyRole,
    lastPeriod: previous.lastPeriod,
    lastQuery: previous.lastQuery,
  };
  for (const field of CARRIED) {
    const value = own[field];
    if (value !== undefined) (next as unknown as Record<string, unknown>)[field] = value;
  }
  if (own.lastPlan !== undefined) next.lastPlan = own.lastPlan;
  if (own.lastQuestion !== undefined) next.lastQuestion = own.lastQuestion;
  return next;
}

const ALL_FIELDS: readonly (keyof ConversationContext)[] = [
  'lastIntent',
  ...CARRIED,
  'lastPlan',
  'lastQuestion',
];

/**
 * A view of `context` that records which of its fields are read. Whatever reads the view as a
 * whole (spreads it, lists its keys) is taken to read every field. Nested values are read through
 * their field, so the field's value stands for them.
 */
export function readsOf(context: ConversationContext): {
  view: ConversationContext;
  reads: Set<keyof ConversationContext>;
} {
  const reads = new Set<keyof ConversationContext>();
  const all = () => ALL_FIELDS.forEach((f) => reads.add(f));
  const view = new Proxy(context, {
    get(target, key, receiver) {
      if (typeof key === 'string') reads.add(key as keyof ConversationContext);
      return Reflect.get(target, key, receiver) as unknown;
    },
    has(target, key) {
      if (typeof key === 'string') reads.add(key as keyof ConversationContext);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      all();
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, key) {
      all();
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
  return { view, reads };
}

/** A reuse record, with `extra` reads and own fields added (the plan router's). */
export function withReuse(
  reuse: ContextReuse,
  reads: readonly (keyof ConversationContext)[],
  own: Readonly<Partial<ConversationContext>>,
): ContextReuse {
  return { reads: [...new Set([...reuse.reads, ...reads])], own: { ...reuse.own, ...own } };
}
