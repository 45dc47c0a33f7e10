import type { Adapter } from '../../adapters/adapter.ts';
import { createDingtalkAdapter } from '../../adapters/dingtalk/adapter.ts';
import { dingtalkSign } from '../../adapters/dingtalk/signature.ts';
import { ServedDriver, type ChatKind, type PlatformDriver } from './drivers.ts';
import { post, type App, type HttpResult } from './harness.ts';
import { FakeDingtalkApi, fakeRobotMessage } from './fakes/dingtalk-api.ts';

export const DINGTALK_STAFF = 'staff0001zhang';
export const DINGTALK_GROUP = 'cidFakeGroup0001+x/y==';
const CALLBACK_PATH = '/dingtalk/callback';

/**
 * DingTalk in HTTP mode for the contract suite: robot messages as DingTalk documents them, POSTed
 * with a real `timestamp` + `sign`, each carrying a session webhook the fake API opened; what the
 * users saw is read back from the fake (session webhook, batchSend and groupMessages/send alike).
 */
export class DingtalkDriver extends ServedDriver implements PlatformDriver {
  readonly platform = 'dingtalk';
  readonly textLimit = 4000;
  /** DingTalk's 429 carries Retry-After here (the fake sends it; the client reads it when given). */
  readonly announcesRetryAfter = true;
  /** HTTP mode answers once the message is handled (within 2 s), like Telegram and LINE. */
  readonly answersAtOnce = false;
  protected readonly webhookPath = CALLBACK_PATH;
  private last = '';

  /** `api`: a fake of the caller's, to build messages for another mode (Stream) with it. */
  constructor(readonly api = new FakeDingtalkApi()) {
    super();
  }

  protected createAdapter(apiBaseUrl: string, app: App): Adapter {
    return createDingtalkAdapter(
      {
        clientId: this.api.clientId,
        clientSecret: this.api.clientSecret,
        robotCode: this.api.robotCode,
        mode: 'http',
        apiBaseUrl,
        pace: { windows: [{ windowMs: 60_000, max: 20 }], spacingMs: 0 },
      },
      app.deps,
    );
  }

  conversationId(chat: ChatKind): string {
    return chat === 'private' ? `dingtalk:user:${DINGTALK_STAFF}` : `dingtalk:group:${DINGTALK_GROUP}`;
  }

  /** Where the fake records what this chat was shown. */
  to(chat: ChatKind): string {
    return chat === 'private' ? `user:${DINGTALK_STAFF}` : `group:${DINGTALK_GROUP}`;
  }

  /** A robot message as DingTalk sends it to this chat; `fields` overrides or adds. */
  message(chat: ChatKind, fields: Record<string, unknown>, sessionTtlMs?: number): Record<string, unknown> {
    return fakeRobotMessage(
      this.api,
      { staffId: DINGTALK_STAFF, ...(chat === 'group' ? { groupId: DINGTALK_GROUP } : {}), sessionTtlMs },
      fields,
    );
  }

  /** A text message; in a group, DingTalk only delivers an @mention (isInAtList), text without it. */
  textMessage(
    chat: ChatKind,
    text: string,
    addressed = false,
    sessionTtlMs?: number,
  ): Record<string, unknown> {
    return this.message(
      chat,
      {
        text: { content: chat === 'group' ? ` ${text}` : text },
        ...(chat === 'group' ? { isInAtList: addressed } : {}),
      },
      sessionTtlMs,
    );
  }

  headers(secret = this.api.clientSecret, timestamp = String(Date.now())): Record<string, string> {
    return { timestamp, sign: dingtalkSign(timestamp, secret) };
  }

  deliver(message: unknown, headers: Record<string, string> | null = this.headers()): Promise<HttpResult> {
    const body = JSON.stringify(message);
    this.last = body;
    return post(this.url, body, headers ?? {});
  }

  sendText(chat: ChatKind, text: string, options: { addressed?: boolean } = {}): Promise<HttpResult> {
    return this.deliver(this.textMessage(chat, text, options.addressed));
  }
  redeliverLast(): Promise<HttpResult> {
    return post(this.url, this.last, this.headers());
  }
  sendForged(text: string): Promise<HttpResult> {
    return this.deliver(this.textMessage('private', text), this.headers('someone-elses-secret'));
  }
  sendUnauthenticated(text: string): Promise<HttpResult> {
    return this.deliver(this.textMessage('private', text), null);
  }
  unauthenticatedTarget() {
    return { url: this.url, headers: {} };
  }
  sendMalformed(): Promise<HttpResult> {
    return post(this.url, '{"msgId": "x", "text": ', this.headers());
  }
  sendOversized(): Promise<HttpResult> {
    return this.deliver(this.textMessage('private', 'x'.repeat(1_100_000)));
  }
  sendUnknownKind(): Promise<HttpResult> {
    // A picture: documented, and it asks nothing.
    return this.deliver(
      this.message('private', {
        msgtype: 'picture',
        content: { downloadCode: 'fake', pictureDownloadCode: 'fake' },
      }),
    );
  }
  shown(chat: ChatKind): string[] {
    return this.api.shownTo(this.to(chat)).map((c) => c.text);
  }
  async waitShown(chat: ChatKind, count: number): Promise<string[]> {
    await this.api.waitFor(() => this.api.shownTo(this.to(chat)).length >= count);
    return this.shown(chat);
  }
  sentCount(): number {
    return this.api.calls.filter((c) => c.via !== 'other').length;
  }
  /** The session webhook refuses the reply, and so does the proactive API it falls back to. */
  refuseNextReply(): void {
    this.refuse(1);
  }
  refuseReplyAndApology(): void {
    this.refuse(2);
  }
  private refuse(times: number): void {
    const failure = { status: 400, code: 'param.invalid', message: 'message refused' };
    this.api.failNext('/robot/sendBySession', failure, times);
    this.api.failNext('/v1.0/robot/oToMessages/batchSend', failure, times);
  }
  loseRecipient(chat: ChatKind): void {
    if (chat === 'private') this.api.forgetStaff(DINGTALK_STAFF);
    else this.api.forgetGroup(DINGTALK_GROUP);
  }
  rateLimitNextPush(seconds: number): void {
    this.api.failNext('/v1.0/robot/oToMessages/batchSend', {
      status: 429,
      code: 'Throttling.Api',
      message: 'too many requests',
      headers: { 'retry-after': String(seconds) },
    });
  }
}
