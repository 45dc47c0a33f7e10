import { STATUS_CODES } from 'node:http';
import { HTTPFetchError, type messagingApi } from '@line/bot-sdk';
import type { Pool } from 'undici';

/** The reply endpoint (LINE Messaging API reference, "Send reply message"). */
const REPLY_PATH = '/v2/bot/message/reply';

export interface ReplyClient {
  /**
   * POST /v2/bot/message/reply with `request` as its JSON body; resolves once LINE answered 2xx.
   * Rejects with the SDK's own errors, as `MessagingApiClient.replyMessage` would: `HTTPFetchError`
   * (status, headers, body) for any other status, and `TypeError('fetch failed')` with the transport
   * error as `cause` when LINE was not reached, so one classification (push.ts) serves both clients.
   */
  reply(request: messagingApi.ReplyMessageRequest): Promise<void>;
  /** Closes the pooled connections once the requests in flight are answered. */
  close(): Promise<void>;
}

/**
 * The reply, the one Messaging API call made per answered webhook event, sent with undici's
 * `Pool.request` over keep-alive connections to `baseURL`'s origin (the SDK resolves its absolute
 * paths against the same origin). Why not the SDK's client: it sends through the global `fetch`,
 * whose WHATWG request, response, header and stream objects cost its sender 5–8 times the CPU of
 * this (`npm run bench`, reply-client: 438–618 µs a reply against 46–74 µs), and the reply was
 * most of the LINE path's cost. The body is the SDK's `ReplyMessageRequest` type; push and bot info stay on the SDK.
 *
 * `timeoutMs` bounds the wait for LINE's headers and body (undici's `headersTimeout`/`bodyTimeout`).
 * undici is loaded at the first reply, not at start: evaluating it was ~5% of a server's start.
 */
export function replyClient(options: {
  channelAccessToken: string;
  baseURL: string;
  userAgent: string;
  timeoutMs: number;
}): ReplyClient {
  const origin = new URL(options.baseURL).origin;
  let pool: Pool | null = null;
  let loading: Promise<Pool> | null = null;
  const load = async () => (await import('./reply-pool.ts')).replyPool(origin, options.timeoutMs);
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${options.channelAccessToken}`,
    'user-agent': options.userAgent,
  };
  return {
    async reply(request) {
      pool ??= await (loading ??= load());
      let response;
      try {
        response = await pool.request({
          method: 'POST',
          path: REPLY_PATH,
          headers,
          body: JSON.stringify(request),
        });
      } catch (e) {
        throw new TypeError('fetch failed', { cause: e });
      }
      const { statusCode } = response;
      if (statusCode >= 200 && statusCode < 300) {
        // LINE's answer (the sent messages' ids) is not used; reading it frees the connection.
        await response.body.dump();
        return;
      }
      const body = await response.body.text();
      throw new HTTPFetchError(`${statusCode} - ${STATUS_CODES[statusCode] ?? ''}`, {
        status: statusCode,
        statusText: STATUS_CODES[statusCode] ?? '',
        headers: toHeaders(response.headers),
        body,
      });
    },
    async close() {
      if (loading !== null) await (await loading).close();
    },
  };
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}
