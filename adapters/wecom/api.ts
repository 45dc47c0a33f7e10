import { PlatformError } from '../../src/errors.ts';

/** An errcode WeCom answered with; `errcode` and `errmsg` as the API returns them. */
export class WecomApiError extends Error {
  constructor(
    readonly call: string,
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`WeCom ${call}: ${errcode} ${errmsg}`);
    this.name = 'WecomApiError';
  }
}

export interface WecomApiOptions {
  baseUrl: string;
  corpId: string;
  secret: string;
  /** Milliseconds since the epoch; a test moves it to expire the token. */
  now?: () => number;
}

/** access_token invalid (40014) or expired (42001): fetch a new one and call again, once. */
const TOKEN_ERRCODES = new Set([40014, 42001]);
/** A token is renewed this long before WeCom says it expires, so none is used at its last second. */
const TOKEN_MARGIN_MS = 5 * 60_000;
const CALL_TIMEOUT_MS = 10_000;

/**
 * The WeCom server API calls the adapter makes (gettoken, message/send, appchat/send), over fetch.
 * The access_token is cached until shortly before it expires (expires_in, 7200 s), fetched once for
 * any number of concurrent callers, and renewed when a call answers 40014 or 42001 — never fetched
 * per message (gettoken is itself rate limited). Source: 获取access_token
 * (developer.work.weixin.qq.com/document/path/91039), 发送应用消息 (90236).
 */
export class WecomApi {
  private token: { value: string; expiresAt: number } | null = null;
  private fetching: Promise<string> | null = null;

  constructor(private readonly options: WecomApiOptions) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /**
   * A server API URL under WECOM_API_BASE_URL, keeping a path the base has: a forwarding proxy with
   * a fixed outgoing IP (what 企业可信IP asks for) often serves WeCom under one, like /wecom/.
   */
  private url(path: string): URL {
    const base = this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`;
    return new URL(path.replace(/^\//, ''), base);
  }

  async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now()) return this.token.value;
    this.fetching ??= this.fetchToken().finally(() => (this.fetching = null));
    return this.fetching;
  }

  private async fetchToken(): Promise<string> {
    const url = this.url('/cgi-bin/gettoken');
    url.searchParams.set('corpid', this.options.corpId);
    url.searchParams.set('corpsecret', this.options.secret);
    const body = await this.request('gettoken', url, undefined);
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number')
      throw new WecomApiError('gettoken', -1, 'no access_token in the answer');
    const lifetime = Math.max(body.expires_in * 1000 - TOKEN_MARGIN_MS, body.expires_in * 500);
    this.token = { value: body.access_token, expiresAt: this.now() + lifetime };
    return body.access_token;
  }

  /** POSTs `payload` to a server API path with the access_token; renews the token once if needed. */
  async post(path: string, payload: unknown): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const url = this.url(path);
      url.searchParams.set('access_token', token);
      try {
        return await this.request(path, url, payload);
      } catch (e) {
        if (attempt > 0 || !(e instanceof WecomApiError) || !TOKEN_ERRCODES.has(e.errcode)) throw e;
        if (this.token?.value === token) this.token = null; // someone else may have renewed it already
      }
    }
  }

  private async request(
    call: string,
    url: URL,
    payload: unknown,
  ): Promise<Record<string, unknown> & { errcode?: number; errmsg?: string }> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: payload === undefined ? 'GET' : 'POST',
        ...(payload === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      });
    } catch (e) {
      // The URL carries the token or the secret: never let it into an error message.
      throw new PlatformError('wecom', true, `WeCom ${call} unreachable: ${(e as Error).name}`, { cause: e });
    }
    if (!res.ok) {
      throw new PlatformError('wecom', true, `WeCom ${call}: HTTP ${res.status}`);
    }
    const body = (await res.json().catch(() => null)) as
      (Record<string, unknown> & { errcode?: number }) | null;
    if (body === null) throw new PlatformError('wecom', true, `WeCom ${call}: the answer is not JSON`);
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
    if (errcode !== 0) throw new WecomApiError(call, errcode, String(body.errmsg ?? ''));
    return body;
  }
}

/**
 * Permanent: the recipient cannot receive from this app (81013 user, department and tag all
 * invalid or out of the app's visible range; 60111 no such UserID; 86003 no such group chat).
 * Everything else is transient: busy (-1), frequency limits (45009, 45033), our own configuration
 * (60020 the server's IP is not in 企业可信IP; 40001/40013/42001 credentials), which is not the
 * subscriber's doing and must not unsubscribe anyone.
 */
const PERMANENT_ERRCODES = new Set([81013, 60111, 86003, 81011]);

export function toPlatformError(e: unknown): unknown {
  if (e instanceof PlatformError) return e;
  if (e instanceof WecomApiError) {
    const hint = e.errcode === 60020 ? ' (add this server to the app’s 企业可信IP)' : '';
    return new PlatformError('wecom', !PERMANENT_ERRCODES.has(e.errcode), `${e.message}${hint}`, {
      cause: e,
    });
  }
  return e; // a bug of ours, not the platform's: let it travel as it is
}
