import type { z } from 'zod';
import { AppError, StoreCorruptError, StoreUnavailableError } from '../errors.ts';
import { metrics } from '../metrics.ts';

// How the Redis store turns what goes wrong into the store's two errors: StoreUnavailableError when
// Redis cannot be reached or refuses a command (counted, for alerts), StoreCorruptError when a key
// holds something this version did not write.

/**
 * Runs one Redis round trip; a failure becomes StoreUnavailableError naming the command, with its
 * outcome: 'failed' when the command certainly did not run (never sent: ioredis's offline queue is
 * off; or Redis answered with an error), 'unknown' otherwise. A command that timed out, or whose
 * connection closed before the answer, may still run: a frozen Redis that wakes up reads it from
 * the socket. The caller must then not say "not done".
 */
export async function callRedis<T>(command: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof AppError) throw e;
    metrics.inc('workplan_store_errors_total', { store: 'redis' });
    const reason = e instanceof Error ? e.message : 'unknown failure';
    throw new StoreUnavailableError(`redis ${command} failed: ${reason}`, {
      cause: e,
      outcome: outcomeOf(e),
    });
  }
}

/** ioredis's message for a command refused before it was written (enableOfflineQueue: false). */
const NEVER_SENT = /enableOfflineQueue options is false/;

function outcomeOf(e: unknown): 'failed' | 'unknown' {
  if (!(e instanceof Error)) return 'unknown';
  // An error reply (ReplyError) means Redis refused the command, which then did nothing.
  if (e.name === 'ReplyError' || NEVER_SENT.test(e.message)) return 'failed';
  return 'unknown';
}

/** A MULTI or pipeline answers per command; one failed command fails the operation. */
export function execResult(results: [Error | null, unknown][] | null, index: number): unknown {
  const entry = results?.[index];
  if (!entry) throw new StoreUnavailableError('redis transaction was aborted');
  const [error, value] = entry;
  if (error) {
    metrics.inc('workplan_store_errors_total', { store: 'redis' });
    throw new StoreUnavailableError(`redis command failed: ${error.message}`, { cause: error });
  }
  return value;
}

/** A JSON value read from `key`, checked against the shape this version writes. */
export function decodeJson<T>(key: string, raw: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new StoreCorruptError(`redis key ${key}: not JSON`, { cause: e });
  }
  const result = schema.safeParse(value);
  if (!result.success)
    throw new StoreCorruptError(`redis key ${key}: unexpected value`, { cause: result.error });
  return result.data;
}
