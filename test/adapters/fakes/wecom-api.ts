import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import { WecomCrypto } from '../../../adapters/wecom/crypto.ts';
import type { RateWindow } from '../../../adapters/pacer.ts';
import { WECOM_MEMBER_LIMITS } from '../../../adapters/wecom/send.ts';
import { FakeServer, readJson, type FakeResponse } from './fake-server.ts';

export interface WecomCall {
  /** "/cgi-bin/message/send", "/cgi-bin/appchat/send", "/cgi-bin/gettoken", with ":failed" or ":dropped". */
  path: string;
  body: WecomSent;
}

/** The parts of a message/send or appchat/send body the fake checks and tests read. */
export interface WecomSent {
  touser?: string;
  chatid?: string;
  agentid?: number;
  msgtype?: string;
  text?: { content: string };
  markdown?: { content: string };
  template_card?: {
    card_type: string;
    task_id: string;
    main_title?: { title: string };
    button_list?: { text: string; key: string; style?: number }[];
  };
  enable_duplicate_check?: number;
}

export interface WecomFailure {
  errcode: number;
  errmsg: string;
}

export interface HttpAnswer {
  status: number;
  body: string;
}

const TEXT_LIMIT_BYTES = 2048;

/**
 * WeCom's server API and its callback sender on loopback, strict where WeCom is:
 * - gettoken checks the CorpID and Secret and hands out tokens that expire (expireTokens() ends them
 *   mid-run: the next call answers 42001; an unknown token 40014);
 * - message/send checks the agentid, the recipient (81013 for one outside the app), text and
 *   markdown up to 2048 bytes, template_card with at most 6 buttons and a task_id used once;
 * - per member, past 30 a minute or 1000 an hour a message is dropped SILENTLY: the answer is ok,
 *   the message is recorded as ":dropped" and never shown;
 * - callbacks are really encrypted and signed, and a callback not answered within 5 s is sent again,
 *   3 times at most, as WeCom does.
 */
export class FakeWecomApi extends FakeServer<WecomCall, WecomFailure> {
  readonly corpId = 'ww5fake0corp0id1d';
  readonly agentId = 1000002;
  readonly secret = 'fake-wecom-secret_for-tests';
  readonly callbackToken = 'fakeWecomCallbackToken';
  readonly encodingAesKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  readonly crypto = new WecomCrypto(this.callbackToken, this.encodingAesKey);
  /** Seconds a token lives (WeCom: 7200). */
  tokenTtlSeconds = 7200;
  /** Served only under this path, as behind a forwarding proxy ("/wecom"). */
  pathPrefix = '';
  private readonly tokens = new Map<string, { expired: boolean }>();
  private readonly unknownUsers = new Set<string>();
  private readonly taskIds = new Set<string>();
  private readonly sentAt = new Map<string, number[]>();

  constructor(private readonly limits: RateWindow[] = WECOM_MEMBER_LIMITS) {
    super();
  }

  /** Every token handed out so far stops working, as at the end of its 7200 s. */
  expireTokens(): void {
    for (const token of this.tokens.values()) token.expired = true;
  }

  /** message/send to this user answers 81013, as for someone outside the app's visible range. */
  forgetUser(userId: string): void {
    this.unknownUsers.add(userId);
  }

  tokenFetches(): number {
    return this.calls.filter((c) => c.path === '/cgi-bin/gettoken').length;
  }

  /** Messages that reached a chat: accepted, not failed, not dropped. */
  delivered(): WecomCall[] {
    return this.calls.filter((c) => c.path === '/cgi-bin/message/send' || c.path === '/cgi-bin/appchat/send');
  }

  dropped(): WecomCall[] {
    return this.calls.filter((c) => c.path.endsWith(':dropped'));
  }

  protected async handle(req: IncomingMessage): Promise<FakeResponse> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (this.pathPrefix) {
      if (!url.pathname.startsWith(`${this.pathPrefix}/`))
        return { status: 404, body: { errcode: 404, errmsg: 'not found' } };
      url.pathname = url.pathname.slice(this.pathPrefix.length);
    }
    const ok = (body: Record<string, unknown> = {}) => ({
      status: 200,
      body: { errcode: 0, errmsg: 'ok', ...body },
    });
    const error = (errcode: number, errmsg: string) => ({ status: 200, body: { errcode, errmsg } });

    if (url.pathname === '/cgi-bin/gettoken') {
      if (url.searchParams.get('corpid') !== this.corpId) return error(40013, 'invalid corpid');
      if (url.searchParams.get('corpsecret') !== this.secret) return error(40001, 'invalid credential');
      const token = randomBytes(24).toString('base64url');
      this.tokens.set(token, { expired: false });
      this.record({ path: url.pathname, body: {} });
      return ok({ access_token: token, expires_in: this.tokenTtlSeconds });
    }
    if (url.pathname !== '/cgi-bin/message/send' && url.pathname !== '/cgi-bin/appchat/send')
      return { status: 404, body: { errcode: 404, errmsg: 'not found' } };

    const token = this.tokens.get(url.searchParams.get('access_token') ?? '');
    if (!token) return error(40014, 'invalid access_token');
    if (token.expired) return error(42001, 'access_token expired');
    const body = await readJson<WecomSent>(req);
    const failure = this.takeFailure(url.pathname);
    if (failure) {
      this.record({ path: `${url.pathname}:failed`, body });
      return error(failure.errcode, failure.errmsg);
    }
    const invalid = this.check(url.pathname, body);
    if (invalid) {
      this.record({ path: `${url.pathname}:failed`, body });
      return error(invalid.errcode, invalid.errmsg);
    }
    const recipient = body.touser ?? `chat:${body.chatid}`;
    if (!this.withinLimits(recipient)) {
      this.record({ path: `${url.pathname}:dropped`, body });
      return ok({ invaliduser: '', msgid: randomBytes(8).toString('hex') }); // silently
    }
    this.record({ path: url.pathname, body });
    return ok({ invaliduser: '', msgid: randomBytes(8).toString('hex') });
  }

  private check(path: string, body: WecomSent): WecomFailure | null {
    if (path === '/cgi-bin/message/send') {
      if (body.agentid !== this.agentId) return { errcode: 40056, errmsg: 'invalid agentid' };
      if (!body.touser || this.unknownUsers.has(body.touser))
        return { errcode: 81013, errmsg: 'user & party & tag all invalid' };
    } else if (!body.chatid) return { errcode: 86003, errmsg: 'chat not exists' };
    switch (body.msgtype) {
      case 'text':
      case 'markdown': {
        const content = body.msgtype === 'text' ? body.text?.content : body.markdown?.content;
        if (!content) return { errcode: 41016, errmsg: 'content is empty' };
        if (Buffer.byteLength(content, 'utf8') > TEXT_LIMIT_BYTES)
          return { errcode: 45002, errmsg: 'content size out of limit' };
        return null;
      }
      case 'template_card': {
        if (path !== '/cgi-bin/message/send') return { errcode: 40008, errmsg: 'invalid message type' };
        const card = body.template_card;
        if (card?.card_type !== 'button_interaction') return { errcode: 40008, errmsg: 'invalid card type' };
        if (!/^[\w@-]{1,128}$/.test(card.task_id) || this.taskIds.has(card.task_id))
          return { errcode: 40058, errmsg: 'task_id invalid or used' };
        const buttons = card.button_list ?? [];
        if (buttons.length === 0 || buttons.length > 6) return { errcode: 40058, errmsg: 'button_list size' };
        if (buttons.some((b) => Buffer.byteLength(b.key, 'utf8') > 1024))
          return { errcode: 40058, errmsg: 'button key too long' };
        this.taskIds.add(card.task_id);
        return null;
      }
      default:
        return { errcode: 40008, errmsg: 'invalid message type' };
    }
  }

  private withinLimits(recipient: string): boolean {
    const now = Date.now();
    const longest = Math.max(...this.limits.map((l) => l.windowMs));
    const times = (this.sentAt.get(recipient) ?? []).filter((t) => t > now - longest);
    const over = this.limits.some((l) => times.filter((t) => t > now - l.windowMs).length >= l.max);
    if (!over) times.push(now);
    this.sentAt.set(recipient, times);
    return !over;
  }

  // --- the callback side: what WeCom sends to the application's URL ---

  /** A callback request for `plainXml`, encrypted for `corpId` and signed with `token`. */
  callbackRequest(
    server: string,
    plainXml: string,
    options: { corpId?: string; token?: string; timestamp?: number } = {},
  ): { url: string; body: string } {
    const crypto = options.token ? new WecomCrypto(options.token, this.encodingAesKey) : this.crypto;
    const encrypted = crypto.encrypt(plainXml, options.corpId ?? this.corpId);
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = String(Math.floor(Math.random() * 1e9));
    const signature = crypto.signature(timestamp, nonce, encrypted);
    const query = new URLSearchParams({ msg_signature: signature, timestamp, nonce });
    return {
      url: `${server}?${query}`,
      body: `<xml><ToUserName><![CDATA[${this.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[${this.agentId}]]></AgentID></xml>`,
    };
  }

  /**
   * Sends a callback as WeCom does: if no answer comes within `waitMs` (5 s), the same request goes
   * again, 3 times at most. Resolves with every answer received, in order.
   */
  async sendCallback(target: { url: string; body: string }, waitMs = 5_000): Promise<HttpAnswer[]> {
    const answers: Promise<HttpAnswer | null>[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const answer = postXml(target.url, target.body);
      answers.push(answer.catch(() => null));
      const inTime = await Promise.race([
        answer.then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), waitMs).unref()),
      ]);
      if (inTime) break;
    }
    return (await Promise.all(answers)).filter((a): a is HttpAnswer => a !== null);
  }

  /** A text message as WeCom's callback XML (接收消息 文本消息); ChatId for a group chat. */
  textXml(from: string, content: string, msgId: string, chatId?: string): string {
    return (
      `<xml><ToUserName><![CDATA[${this.corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
      `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
      `<Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>${this.agentId}</AgentID>` +
      (chatId ? `<ChatId><![CDATA[${chatId}]]></ChatId>` : '') +
      `</xml>`
    );
  }

  /** An event as WeCom's callback XML (接收事件), e.g. template_card_event with its EventKey. */
  eventXml(from: string, event: string, fields: Record<string, string> = {}, createTime?: number): string {
    const extra = Object.entries(fields)
      .map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
      .join('');
    return (
      `<xml><ToUserName><![CDATA[${this.corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
      `<CreateTime>${createTime ?? Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
      `<Event><![CDATA[${event}]]></Event>${extra}<AgentID>${this.agentId}</AgentID></xml>`
    );
  }
}

/** The text a user sees for a sent message: markdown's bold marks are not shown. */
export function shownText(sent: WecomSent): string | null {
  if (sent.msgtype === 'text') return sent.text?.content ?? '';
  if (sent.msgtype === 'markdown') return (sent.markdown?.content ?? '').replace(/\*\*/g, '');
  return null;
}

function postXml(url: string, body: string): Promise<HttpAnswer> {
  const payload = Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'text/xml', 'content-length': payload.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
