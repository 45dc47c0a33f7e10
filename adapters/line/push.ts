import { HTTPFetchError } from '@line/bot-sdk';
import { uuidFromKey } from '../../src/core/name-uuid.ts';
import type { PushTarget } from '../../src/core/types.ts';
import { PlatformError } from '../../src/errors.ts';
import { retryAfterMs, type LineApi } from './api.ts';
import { renderReply } from './render.ts';

/**
 * Reminders reach LINE through this. The scheduler's retry key becomes X-Line-Retry-Key, so a push
 * retried after a timeout is delivered once: LINE answers 409 for a key it already accepted.
 */
export function linePushTarget(api: LineApi): PushTarget {
  return {
    platform: 'line',
    async push(conversationId, reply, { retryKey }) {
      const to = recipientOf(conversationId);
      try {
        await api.push(to, renderReply(reply), retryKeyUuid(retryKey));
      } catch (e) {
        if (e instanceof HTTPFetchError && e.status === 409) return; // accepted before, under this key
        throw toPlatformError(e);
      }
    },
  };
}

function recipientOf(conversationId: string): string {
  const match = /^line:([A-Za-z0-9]+)$/.exec(conversationId);
  if (!match?.[1]) throw new PlatformError('line', false, `not a LINE conversation: ${conversationId}`);
  return match[1];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * LINE wants the retry key as a UUID. One given as a UUID is sent as it is; any other key becomes a
 * name-based UUID (version 5 layout over SHA-1), the same for the same key on every instance and
 * restart.
 */
export function retryKeyUuid(key: string): string {
  return UUID.test(key) ? key.toLowerCase() : uuidFromKey(`line-retry:${key}`);
}

/**
 * 400 (no such user or group, the bot left) and 404 are permanent. 429 and 5xx are transient, with
 * Retry-After when LINE sends one. 401 and 403 say our channel token or plan is wrong, which is not
 * the subscriber's doing: transient, so nobody is unsubscribed for it. Network failures (fetch's
 * "fetch failed") are transient.
 */
export function toPlatformError(e: unknown): unknown {
  if (e instanceof PlatformError) return e;
  if (e instanceof HTTPFetchError) {
    const message = `LINE ${e.status} ${e.statusText}`;
    if (e.status === 429 || e.status >= 500) {
      return new PlatformError('line', true, message, { cause: e, retryAfterMs: retryAfterMs(e.headers) });
    }
    const transient = e.status === 401 || e.status === 403;
    return new PlatformError('line', transient, message, { cause: e });
  }
  if (e instanceof TypeError && e.message === 'fetch failed') {
    return new PlatformError('line', true, `LINE unreachable: ${e.message}`, { cause: e });
  }
  return e; // a bug of ours, not the platform's: let it travel as it is
}
