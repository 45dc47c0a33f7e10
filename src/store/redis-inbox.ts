import type { Redis } from 'ioredis';
import * as z from 'zod';
import type { Clock } from '../core/clock.ts';
import { StoreCorruptError } from '../errors.ts';
import { callRedis, decodeJson } from './redis-errors.ts';
import { APPEND_INBOX } from './redis-scripts.ts';
import { INBOX_ID, InboxMessageSchema } from './schemas.ts';
import { INBOX_MAX_ITEMS, type InboxItem, type InboxMessage } from './types.ts';

// A web chat's inbox on Redis is a stream, so ids increase in append order whatever the instances'
// clocks. Each item carries its own expiry, judged on this instance's clock: Redis expires only
// whole keys, and an inbox must not keep a month-old item alive because a newer one arrived. Clocks
// that disagree by seconds do not matter at a 30-day TTL.

const InboxEntrySchema = z.tuple([
  z.string().regex(INBOX_ID),
  z.tuple([
    z.literal('key'),
    z.string(),
    z.literal('message'),
    z.string(),
    z.literal('exp'),
    z.string().regex(/^\d+$/),
  ]),
]);

/** Appends to the stream at `key` unless an unexpired item has the message's key; returns the item's id. */
export async function appendToInbox(
  client: Redis,
  key: string,
  message: InboxMessage,
  ttlMs: number,
  clock: Clock,
): Promise<string> {
  const parsed = InboxMessageSchema.parse(message);
  const now = clock.now().getTime();
  const id = await callRedis('EVAL', () =>
    client.eval(
      APPEND_INBOX,
      1,
      key,
      parsed.key,
      JSON.stringify(parsed),
      String(now + ttlMs),
      String(now),
      String(ttlMs),
      String(INBOX_MAX_ITEMS),
    ),
  );
  if (typeof id !== 'string' || !INBOX_ID.test(id))
    throw new StoreCorruptError(`redis key ${key}: unexpected stream id`);
  return id;
}

/** The unexpired items of the stream at `key` after `afterId` (all when null), oldest first. */
export async function readInboxAfter(
  client: Redis,
  key: string,
  afterId: string | null,
  clock: Clock,
): Promise<InboxItem[]> {
  const raw = await callRedis('XRANGE', () =>
    client.xrange(key, afterId === null ? '-' : `(${afterId}`, '+', 'COUNT', INBOX_MAX_ITEMS),
  );
  const now = clock.now().getTime();
  return raw.flatMap((entry) => {
    const parsed = InboxEntrySchema.safeParse(entry);
    if (!parsed.success)
      throw new StoreCorruptError(`redis key ${key}: unexpected stream entry`, { cause: parsed.error });
    const [id, [, , , message, , exp]] = parsed.data;
    return Number(exp) > now ? [{ id, message: decodeJson(key, message, InboxMessageSchema) }] : [];
  });
}
