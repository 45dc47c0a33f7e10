import type { ContextReuse, ConversationContext } from './types.ts';

/**
 * The next context: what this turn set (`own`), over the previous context's remembered fields (an
 * own field left undefined, or null, keeps the previous one, as `answer.agency ?? previous…` did).
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
    lastTaskIds: own.lastTaskIds ?? previous.lastTaskIds,
    lastAgency: own.lastAgency ?? previous.lastAgency,
    lastAgencyRole: own.lastAgencyRole ?? previous.lastAgencyRole,
    lastPeriod: own.lastPeriod ?? previous.lastPeriod,
    lastQuery: own.lastQuery ?? previous.lastQuery,
  };
  if (own.lastPlan !== undefined) next.lastPlan = own.lastPlan;
  if (own.lastQuestion !== undefined) next.lastQuestion = own.lastQuestion;
  return next;
}

/** Every field of a context: what reading it as a whole reads. */
const ALL_FIELDS: readonly (keyof ConversationContext)[] = [
  'lastIntent',
  'lastTaskIds',
  'lastAgency',
  'lastAgencyRole',
  'lastPeriod',
  'lastQuery',
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
