import type { Adapter } from '../../adapters/adapter.ts';
import { createWecomAdapter } from '../../adapters/wecom/adapter.ts';
import type { RateWindow } from '../../adapters/pacer.ts';
import { ServedDriver, nextDeliveryId, type ChatKind, type PlatformDriver } from './drivers.ts';
import { FakeWecomApi, shownText } from './fakes/wecom-api.ts';
import { post, type App, type HttpResult } from './harness.ts';

/** WeCom as the contract suite sees it: encrypted, signed callbacks in, message/send out. */
const WECOM_USER = 'zhangsan';
const WECOM_GROUP = 'wrkSFfCgAAtMQKg4xqDatM5C9IDHFpTw';

export class WecomDriver extends ServedDriver implements PlatformDriver {
  readonly platform = 'wecom';
  /** 2048 bytes; a message's characters never outnumber its bytes. */
  readonly textLimit = 2048;
  readonly announcesRetryAfter = false;
  readonly answersAtOnce = true;
  readonly api: FakeWecomApi;
  protected readonly webhookPath = '/wecom/callback';
  private last: { url: string; body: string } = { url: '', body: '' };

  /** `limits`: WeCom's per-member limits, for the fake API and the adapter's pacing alike. */
  constructor(private readonly limits?: RateWindow[]) {
    super();
    this.api = new FakeWecomApi(limits);
  }

  /** Where the fake API listens. */
  apiRoot = '';

  protected createAdapter(apiBaseUrl: string, app: App): Adapter {
    this.apiRoot = apiBaseUrl;
    return createWecomAdapter(
      {
        corpId: this.api.corpId,
        agentId: this.api.agentId,
        secret: this.api.secret,
        token: this.api.callbackToken,
        encodingAesKey: this.api.encodingAesKey,
        apiBaseUrl,
        markdown: true,
        ...(this.limits ? { memberLimits: this.limits } : {}),
      },
      app.deps,
    );
  }

  conversationId(chat: ChatKind): string {
    return chat === 'private' ? `wecom:user:${WECOM_USER}` : `wecom:chat:${WECOM_GROUP}`;
  }

  get lastCallback(): { url: string; body: string } {
    return this.last;
  }

  /** A signed, encrypted callback for a plaintext message; answered as WeCom sees it. */
  deliverXml(xml: string, options: { corpId?: string; token?: string } = {}): Promise<HttpResult> {
    this.last = this.api.callbackRequest(this.url, xml, options);
    return post(this.last.url, this.last.body);
  }

  sendText(chat: ChatKind, text: string, options: { addressed?: boolean } = {}): Promise<HttpResult> {
    const content = chat === 'group' && options.addressed ? `@工作计划助手 ${text}` : text;
    const msgId = String(7_000_000_000_000_000_000n + BigInt(nextDeliveryId()));
    return this.deliverXml(
      this.api.textXml(WECOM_USER, content, msgId, chat === 'group' ? WECOM_GROUP : undefined),
    );
  }
  redeliverLast(): Promise<HttpResult> {
    return post(this.last.url, this.last.body);
  }
  sendForged(text: string): Promise<HttpResult> {
    return this.deliverXml(this.api.textXml(WECOM_USER, text, String(nextDeliveryId())), {
      token: 'someoneElsesToken',
    });
  }
  sendUnauthenticated(text: string): Promise<HttpResult> {
    const { body } = this.api.callbackRequest(this.url, this.api.textXml(WECOM_USER, text, '1'));
    return post(this.url, body);
  }
  unauthenticatedTarget() {
    return { url: this.url, headers: {} };
  }
  sendMalformed(): Promise<HttpResult> {
    const { url } = this.api.callbackRequest(this.url, '<xml></xml>');
    return post(url, '<xml><Encrypt><![CDATA[abc');
  }
  sendOversized(): Promise<HttpResult> {
    return this.deliverXml(this.api.textXml(WECOM_USER, 'x'.repeat(1_100_000), String(nextDeliveryId())));
  }
  sendUnknownKind(): Promise<HttpResult> {
    // Opening the app (enter_agent) is a real, documented event the bot does not answer.
    return this.deliverXml(this.api.eventXml(WECOM_USER, 'enter_agent', { EventKey: '' }));
  }
  private sentTo(chat: ChatKind) {
    return this.api
      .delivered()
      .filter((c) => (chat === 'private' ? c.body.touser === WECOM_USER : c.body.chatid === WECOM_GROUP));
  }
  shown(chat: ChatKind): string[] {
    return this.sentTo(chat).flatMap((c) => {
      const text = shownText(c.body);
      return text === null ? [] : [text];
    });
  }
  async waitShown(chat: ChatKind, count: number): Promise<string[]> {
    await this.api.waitFor(() => this.shown(chat).length >= count);
    return this.shown(chat);
  }
  sentCount(): number {
    return this.api.delivered().length + this.api.dropped().length;
  }
  refuseNextReply(): void {
    this.api.failNext('/cgi-bin/message/send', { errcode: 40008, errmsg: 'invalid message type' });
  }
  refuseReplyAndApology(): void {
    this.api.failNext('/cgi-bin/message/send', { errcode: 40008, errmsg: 'invalid message type' }, 2);
  }
  loseRecipient(chat: ChatKind): void {
    if (chat === 'private') this.api.forgetUser(WECOM_USER);
  }
  rateLimitNextPush(_seconds: number): void {
    this.api.failNext('/cgi-bin/message/send', { errcode: 45009, errmsg: 'api freq out of limit' });
  }
}
