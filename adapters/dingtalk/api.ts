import { PlatformError } from '../../src/errors.ts';
import { retryAfterMs } from '../timing.ts';
import { proactiveMessage, sessionWebhookBody, type DingtalkMessage } from './render.ts';

export interface DingtalkApiOptions {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** https://api.dingtalk.com, or a fake on loopback in tests. */
  baseUrl: string;
  /** Real time in epoch ms (token expiry); not the plan's clock. */
  now?: () => number;
}

const CALL_TIMEOUT_MS = 15_000;
/** A token is renewed this long before DingTalk says it expires (expireIn is 7200 s). */
const TOKEN_MARGIN_MS = 5 * 60_000;

/**
 * The DingTalk OpenAPI calls the adapter makes (api.dingtalk.com v1.0, header
 * x-acs-dingtalk-access-token), and the session webhook a message carries:
 * - POST /v1.0/oauth2/accessToken {appKey, appSecret} → {accessToken, expireIn (s)}: cached, one
 *   fetch at a time, renewed before expiry and once more when a call answers 401
 *   (InvalidAuthentication: the token expired or was revoked early); never one per message.
 * - POST /v1.0/robot/oToMessages/batchSend {robotCode, userIds, msgKey, msgParam}
 *   → {processQueryKey, invalidStaffIdList, flowControlledStaffIdList}.
 * - POST /v1.0/robot/groupMessages/send {robotCode, openConversationId, msgKey, msgParam}.
 * - POST <sessionWebhook> {msgtype, …} → {errcode, errmsg}; needs no token, expires.
 * Every failure is a PlatformError: transient (retry later) or permanent (this recipient is gone).
 */
export class DingtalkApi {
  private token: { value: string; expiresAt: number } | null = null;
  private fetching: Promise<string> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: DingtalkApiOptions) {
    this.now = options.now ?? Date.now;
  }

  async sendToUser(staffId: string, message: DingtalkMessage): Promise<void> {
    const result = (await this.call('/v1.0/robot/oToMessages/batchSend', {
      robotCode: this.options.robotCode,
      userIds: [staffId],
      ...proactiveMessage(message),
    })) as { invalidStaffIdList?: string[]; flowControlledStaffIdList?: string[] };
    // batchSend answers 200 even when it sent nothing: the lists say to whom, and why.
    if (result.invalidStaffIdList?.includes(staffId)) {
      throw new PlatformError(
        'dingtalk',
        false,
        'DingTalk batchSend: not a valid staff id (left, or not in scope)',
      );
    }
    if (result.flowControlledStaffIdList?.includes(staffId)) {
      throw new PlatformError('dingtalk', true, 'DingTalk batchSend: flow-controlled', {
        retryAfterMs: FLOW_CONTROL_PAUSE_MS,
      });
    }
  }

  async sendToGroup(openConversationId: string, message: DingtalkMessage): Promise<void> {
    await this.call('/v1.0/robot/groupMessages/send', {
      robotCode: this.options.robotCode,
      openConversationId,
      ...proactiveMessage(message),
    });
  }

  /** Answers through a message's session webhook. A refusal (expired, say) is a permanent error. */
  async replyBySession(webhook: string, message: DingtalkMessage): Promise<void> {
    const res = await request(webhook, {}, sessionWebhookBody(message), 'session webhook');
    const body = (await readJson(res)) as { errcode?: number; errmsg?: string };
    if (!res.ok) throw httpError(res, body, 'session webhook');
    if (body.errcode !== undefined && body.errcode !== 0) {
      throw new PlatformError(
        'dingtalk',
        false,
        `DingTalk session webhook refused: ${body.errcode} ${body.errmsg ?? ''}`,
      );
    }
  }

  /** The cached access token, fetched when missing, near expiry, or `force`d after a 401. */
  async accessToken(force = false): Promise<string> {
    if (!force && this.token && this.now() < this.token.expiresAt) return this.token.value;
    this.fetching ??= this.fetchToken().finally(() => (this.fetching = null));
    return this.fetching;
  }

  private async fetchToken(): Promise<string> {
    const { clientId, clientSecret } = this.options;
    const res = await request(
      this.url('/v1.0/oauth2/accessToken'),
      {},
      { appKey: clientId, appSecret: clientSecret },
      'accessToken',
    );
    const body = (await readJson(res)) as { accessToken?: string; expireIn?: number };
    // A refused AppKey/AppSecret is ours to fix, not the subscriber's: transient, nobody is disabled.
    if (!res.ok || !body.accessToken) throw httpError(res, body, 'accessToken', true);
    const lifeMs = (body.expireIn ?? 7200) * 1000;
    this.token = {
      value: body.accessToken,
      expiresAt: this.now() + Math.max(lifeMs - TOKEN_MARGIN_MS, lifeMs / 2),
    };
    return body.accessToken;
  }

  private async call(path: string, payload: unknown): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken(attempt > 0);
      const res = await request(this.url(path), { 'x-acs-dingtalk-access-token': token }, payload, path);
      const body = await readJson(res);
      if (res.ok) return body;
      if (res.status === 401 && attempt === 0) {
        this.token = null; // expired or revoked before its time: fetch a new one and try once more
        continue;
      }
      throw httpError(res, body, path);
    }
  }

  private url(path: string): string {
    return `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
  }
}

/** How long a flow-controlled recipient is left alone when DingTalk gives no figure. */
const FLOW_CONTROL_PAUSE_MS = 60_000;

async function request(
  url: string,
  headers: Record<string, string>,
  payload: unknown,
  what: string,
): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
  } catch (e) {
    // Network failure or timeout: nothing was accepted, try later.
    throw new PlatformError('dingtalk', true, `DingTalk ${what} unreachable: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return {}; // a gateway's HTML error page: the status says enough
  }
}

/** DingTalk's error codes that mean "too fast", in the v1.0 `code` field. */
const THROTTLED = /throttl|qpslimit|toofast|too\.fast|flowcontrol|ratelimit/i;

/**
 * 429, 5xx and DingTalk's throttling codes are transient (with Retry-After when given); so are
 * 401 and 403, which say our credentials or the app's permissions are wrong, not that the
 * subscriber left. Other 4xx (no such group, the robot was removed) are permanent.
 */
export function httpError(res: Response, body: unknown, what: string, forceTransient = false): PlatformError {
  const { code = '', message = '' } = (body ?? {}) as { code?: string; message?: string };
  const text = `DingTalk ${what} ${res.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
  const throttled = res.status === 429 || THROTTLED.test(String(code));
  const transient =
    forceTransient || throttled || res.status >= 500 || res.status === 401 || res.status === 403;
  return new PlatformError('dingtalk', transient, text, {
    retryAfterMs: throttled
      ? (retryAfterMs(res.headers) ?? FLOW_CONTROL_PAUSE_MS)
      : retryAfterMs(res.headers),
  });
}
