import * as z from 'zod';
import {
  INBOX_ID,
  InboxMessageSchema,
  SubscriberStatusSchema,
  SubscriptionSchema,
  SubscriptionTargetSchema,
} from './schemas.ts';

/**
 * The records of store.jsonl, the journal the embedded store kept before it moved to SQLite: one
 * per line, the first line always the header. Read only by journal-import.ts, to migrate.
 */
export const FORMAT_VERSION = 1;

export const RecordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('header'), version: z.literal(FORMAT_VERSION) }),
  // Checked when read, like Redis does: a context shape from another version of the engine must
  // not stop start-up, only that context (see getContext).
  z.object({ t: z.literal('context'), id: z.string(), context: z.unknown(), expiresAt: z.number() }),
  z.object({ t: z.literal('seen'), key: z.string(), expiresAt: z.number() }),
  z.object({
    t: z.literal('delivery'),
    key: z.string(),
    state: z.enum(['leased', 'done']),
    expiresAt: z.number(),
  }),
  z.object({ t: z.literal('abandon'), key: z.string() }),
  z.object({ t: z.literal('subscribe'), subscription: SubscriptionSchema }),
  z.object({
    t: z.literal('unsubscribe'),
    conversationId: z.string(),
    target: SubscriptionTargetSchema.nullable(),
  }),
  z.object({ t: z.literal('status'), status: SubscriberStatusSchema }),
  z.object({ t: z.literal('claim'), key: z.string(), expiresAt: z.number() }),
  z.object({ t: z.literal('release'), key: z.string() }),
  z.object({ t: z.literal('sent'), key: z.string() }),
  // A reminder set's marks in one line: a torn last line is cut off whole, so all or none.
  z.object({ t: z.literal('sentAll'), keys: z.array(z.string()) }),
  z.object({
    t: z.literal('inbox'),
    conversationId: z.string(),
    id: z.string().regex(INBOX_ID),
    message: InboxMessageSchema,
    expiresAt: z.number(),
  }),
]);
export type JournalRecord = z.infer<typeof RecordSchema>;
