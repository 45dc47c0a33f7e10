import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { PlatformError } from '../../src/errors.ts';
import { retryAfterMs, within } from '../timing.ts';
import { replyClient } from './reply-client.ts';

export { retryAfterMs };

/** The SDK's fetch has no timeout; a reply token lives a minute, so waiting longer is pointless. */
const CALL_TIMEOUT_MS = 30_000;
const REPLY_RETRIES = 2;
/** Used when LINE gives no Retry-After. */
const DEFAULT_REPLY_RETRY_DELAY_MS = 500;
const MAX_REPLY_RETRY_DELAY_MS = 5_000;

/** Sent with every reply, as the SDK sends its own name with its calls. */
const USER_AGENT = 'workplan-bot (@line/bot-sdk types; undici)';

/** The three Messaging API calls the adapter makes, each bounded in time. */
export interface LineApi {
  reply(replyToken: string, messages: messagingApi.Message[]): Promise<void>;
  push(to: string, messages: messagingApi.Message[], retryKey: string): Promise<void>;
  botUserId(): Promise<string>;
  /** Closes the reply's pooled connections (after the adapter's deliveries have drained). */
  close(): Promise<void>;
}

/**
 * Push and bot info go through the SDK's `MessagingApiClient`; the reply, made once per answered
 * event, through reply-client.ts (why there).
 */
export function lineApi(options: { channelAccessToken: string; baseURL: string }): LineApi {
  const client = new messagingApi.MessagingApiClient(options);
  // Past CALL_TIMEOUT_MS, so within() below decides, and undici then frees the connection.
  const replies = replyClient({ ...options, userAgent: USER_AGENT, timeoutMs: CALL_TIMEOUT_MS + 1_000 });
  // One timeout error factory per call kind, made once: every reply passes one to within().
  const timedOut = (call: string) => () => new PlatformError('line', true, `LINE ${call} timed out`);
  const replyTimedOut = timedOut('reply');
  const pushTimedOut = timedOut('push');
  const botInfoTimedOut = timedOut('bot info');
  return {
    async reply(replyToken, messages) {
      // A reply token lives a minute and LINE does not redeliver an answered webhook, so a throttled
      // or failing reply is retried here, briefly; a push is retried by the scheduler instead.
      for (let attempt = 0; ; attempt++) {
        try {
          await within(replies.reply({ replyToken, messages }), CALL_TIMEOUT_MS, replyTimedOut);
          return;
        } catch (e) {
          const wait = replyRetryDelayMs(e);
          if (wait === null || attempt >= REPLY_RETRIES) throw e;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    },
    async push(to, messages, retryKey) {
      await within(client.pushMessage({ to, messages }, retryKey), CALL_TIMEOUT_MS, pushTimedOut);
    },
    async botUserId() {
      return (await within(client.getBotInfo(), CALL_TIMEOUT_MS, botInfoTimedOut)).userId;
    },
    close: () => replies.close(),
  };
}

/** How long to wait before retrying a reply, or null when retrying cannot help. */
export function replyRetryDelayMs(e: unknown): number | null {
  const transient =
    (e instanceof HTTPFetchError && (e.status === 429 || e.status >= 500)) ||
    (e instanceof TypeError && e.message === 'fetch failed');
  if (!transient) return null;
  const asked = e instanceof HTTPFetchError ? retryAfterMs(e.headers) : null;
  return asked === null ? DEFAULT_REPLY_RETRY_DELAY_MS : Math.min(asked, MAX_REPLY_RETRY_DELAY_MS);
}
