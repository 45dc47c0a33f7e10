import type { z } from 'zod';
import { StoreCorruptError } from '../errors.ts';
import { INBOX_ID, SubscriptionSchema, targetFromKey } from './schemas.ts';
import type { SubscriptionRow } from './sqlite-tables.ts';
import type { Subscription } from './types.ts';

// How the embedded store reads its rows back: checked against the shapes this version writes, so a
// row it cannot use is a StoreCorruptError naming it, never a wrong value passed on.

/** A subscription row read back, checked against the shape this version writes. */
export function toSubscription(row: SubscriptionRow): Subscription {
  const result = SubscriptionSchema.safeParse({
    conversationId: row.conversation_id,
    target: targetFromKey(row.target_key),
    createdAt: row.created_at,
  });
  if (!result.success)
    throw new StoreCorruptError(
      `embedded store: subscription ${row.target_key} of ${row.conversation_id} does not fit this version`,
      {
        cause: result.error,
      },
    );
  return result.data;
}

/** A JSON value read back, checked against the shape this version writes. */
export function decode<T>(what: string, raw: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new StoreCorruptError(`embedded store: ${what} is not JSON`, { cause: e });
  }
  const result = schema.safeParse(value);
  if (!result.success)
    throw new StoreCorruptError(`embedded store: ${what} does not fit this version`, {
      cause: result.error,
    });
  return result.data;
}

/** An inbox cursor as (ms, seq); one that is not an id reads from the start, as XRANGE from "-". */
export function inboxCursor(afterId: string | null): [number, number] {
  return afterId !== null && INBOX_ID.test(afterId)
    ? (afterId.split('-').map(Number) as [number, number])
    : [-1, -1];
}
