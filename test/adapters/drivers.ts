import type { Adapter } from '../../adapters/adapter.ts';
import { createLineAdapter } from '../../adapters/line/adapter.ts';
import { createTelegramAdapter } from '../../adapters/telegram/adapter.ts';
import { FakeLineApi, type LineMessage } from './fakes/line-api.ts';
import { FAKE_BOT, FakeTelegramApi } from './fakes/telegram-api.ts';
import { post, serve, type App, type HttpResult } from './harness.ts';

export type ChatKind = 'private' | 'group';

/**
 * One platform as the contract suite sees it: real webhook requests in, the fake platform API's
 * record out. Each driver speaks its platform's documented payload shapes.
 */
export interface PlatformDriver {
  readonly platform: string;
  /** The limit one message's text must stay under. */
  readonly textLimit: number;
  /** Whether the platform says how long to wait after a rate limit (WeCom does not). */
  readonly announcesRetryAfter: boolean;
  /** The webhook is answered before the update is handled (WeCom: at once, empty 200). */
  readonly answersAtOnce: boolean;
  adapter: Adapter;
  start(app: App): Promise<void>;
  stop(): Promise<void>;
  conversationId(chat: ChatKind): string;
  /** A text message; in a group, `addressed` mentions the bot. Returns the webhook's answer. */
  sendText(chat: ChatKind, text: string, options?: { addressed?: boolean }): Promise<HttpResult>;
  /** Delivers the last update again, as the platform does after a timeout. */
  redeliverLast(): Promise<HttpResult>;
  /** Same body, but the secret or signature is wrong. */
  sendForged(text: string): Promise<HttpResult>;
  /** Same body, with no secret or signature at all. */
  sendUnauthenticated(text: string): Promise<HttpResult>;
  /** No secret or signature, a 100 MB body declared: the URL and headers to send it with. */
  unauthenticatedTarget(): { url: string; headers: Record<string, string> };
  /** Authenticated, but not JSON. */
  sendMalformed(): Promise<HttpResult>;
  /** Authenticated, bigger than the body limit. */
  sendOversized(): Promise<HttpResult>;
  /** Authenticated, a well-formed update of a kind the adapter does not handle. */
  sendUnknownKind(): Promise<HttpResult>;
  /** The texts shown in the chat so far, one per message, as the user sees them. */
  shown(chat: ChatKind): string[];
  /** Waits until `count` messages have been shown in the chat. */
  waitShown(chat: ChatKind, count: number): Promise<string[]>;
  /** Every message that reached the platform, for "nothing was sent" checks. */
  sentCount(): number;
  /** The next reply (not the apology) is refused by the platform with a 400. */
  refuseNextReply(): void;
  /** The next reply and the apology after it are both refused: nothing reaches the user. */
  refuseReplyAndApology(): void;
  /** The recipient is gone (blocked the bot / never added it). */
  loseRecipient(chat: ChatKind): void;
  /** The next push is rate-limited, asking to wait `seconds`. */
  rateLimitNextPush(seconds: number): void;
}

/**
 * Start and stop, the same for every platform. An adapter calls its platform API as it starts, and
 * its replies in flight still do as it stops: the fake API is up first and down last.
 */
export abstract class ServedDriver {
  abstract readonly api: { start(): Promise<string>; stop(): Promise<void> };
  adapter!: Adapter;
  url = '';
  private closeServer: () => Promise<void> = async () => {};

  protected abstract createAdapter(apiRoot: string, app: App): Adapter;
  protected abstract readonly webhookPath: string;

  async start(app: App): Promise<void> {
    this.adapter = this.createAdapter(await this.api.start(), app);
    await this.adapter.start();
    const server = await serve(this.adapter, app);
    this.url = `${server.url}${this.webhookPath}`;
    this.closeServer = server.close;
  }

  async stop(): Promise<void> {
    await this.adapter.stop();
    await this.closeServer();
    await this.api.stop();
  }
}

/** Delivery ids are unique across drivers: they share one store, and its seen-set, per file. */
let lastDeliveryId = 10_000;
export const nextDeliveryId = (): number => ++lastDeliveryId;

const PRIVATE_CHAT = 424242;
const GROUP_CHAT = -1009876543210;
const USER = { id: 5550001, is_bot: false, first_name: '张', language_code: 'zh-hans' };

export class TelegramDriver extends ServedDriver implements PlatformDriver {
  readonly platform = 'telegram';
  readonly textLimit = 4096;
  readonly announcesRetryAfter = true;
  readonly answersAtOnce = false;
  readonly api = new FakeTelegramApi();
  readonly secret = 'webhook-secret_for-tests';
  protected readonly webhookPath = '/telegram/webhook';
  private nextMessageId = 1;
  private last = '';

  protected createAdapter(apiRoot: string, app: App): Adapter {
    return createTelegramAdapter({ token: this.api.token, webhookSecret: this.secret, apiRoot }, app.deps);
  }

  conversationId(chat: ChatKind): string {
    return `telegram:${chat === 'private' ? PRIVATE_CHAT : GROUP_CHAT}`;
  }

  /** A message update as Telegram documents it; a group mention is a "mention" entity. */
  textUpdate(chat: ChatKind, text: string, addressed = false): Record<string, unknown> {
    const mention = `@${FAKE_BOT.username}`;
    const body = chat === 'group' && addressed ? `${mention} ${text}` : text;
    return {
      update_id: nextDeliveryId(),
      message: {
        message_id: this.nextMessageId++,
        date: 1663635600,
        from: USER,
        chat:
          chat === 'private'
            ? { id: PRIVATE_CHAT, type: 'private', first_name: '张' }
            : { id: GROUP_CHAT, type: 'supergroup', title: '放管服工作群' },
        text: body,
        ...(chat === 'group' && addressed
          ? { entities: [{ type: 'mention', offset: 0, length: mention.length }] }
          : {}),
      },
    };
  }

  deliver(update: unknown, secret: string | null = this.secret): Promise<HttpResult> {
    const body = JSON.stringify(update);
    this.last = body;
    return post(this.url, body, secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret });
  }

  sendText(chat: ChatKind, text: string, options: { addressed?: boolean } = {}): Promise<HttpResult> {
    return this.deliver(this.textUpdate(chat, text, options.addressed));
  }
  redeliverLast(): Promise<HttpResult> {
    return post(this.url, this.last, { 'x-telegram-bot-api-secret-token': this.secret });
  }
  sendForged(text: string): Promise<HttpResult> {
    return this.deliver(this.textUpdate('private', text), 'webhook-secret_for-tests-but-wrong');
  }
  sendUnauthenticated(text: string): Promise<HttpResult> {
    return this.deliver(this.textUpdate('private', text), null);
  }
  unauthenticatedTarget() {
    return { url: this.url, headers: {} };
  }
  sendMalformed(): Promise<HttpResult> {
    return post(this.url, '{"update_id": 1, "message": ', { 'x-telegram-bot-api-secret-token': this.secret });
  }
  sendOversized(): Promise<HttpResult> {
    const update = this.textUpdate('private', 'x'.repeat(1_100_000));
    return this.deliver(update);
  }
  sendUnknownKind(): Promise<HttpResult> {
    // A reaction update: real, documented, and nothing this bot answers.
    return this.deliver({
      update_id: nextDeliveryId(),
      message_reaction: {
        chat: { id: PRIVATE_CHAT, type: 'private', first_name: '张' },
        message_id: 1,
        user: USER,
        date: 1663635600,
        old_reaction: [],
        new_reaction: [{ type: 'emoji', emoji: '👍' }],
      },
    });
  }
  shown(chat: ChatKind): string[] {
    return this.api.textsTo(chat === 'private' ? PRIVATE_CHAT : GROUP_CHAT);
  }
  async waitShown(chat: ChatKind, count: number): Promise<string[]> {
    const chatId = chat === 'private' ? PRIVATE_CHAT : GROUP_CHAT;
    await this.api.waitFor((c) => c.method === 'sendMessage' && c.payload.chat_id === chatId, count);
    return this.shown(chat);
  }
  sentCount(): number {
    return this.api.calls.filter((c) => c.method === 'sendMessage').length;
  }
  refuseNextReply(): void {
    this.api.failNext('sendMessage', { error_code: 400, description: 'Bad Request: message is malformed' });
  }
  refuseReplyAndApology(): void {
    this.api.failNext(
      'sendMessage',
      { error_code: 400, description: 'Bad Request: message is malformed' },
      2,
    );
  }
  loseRecipient(chat: ChatKind): void {
    this.api.blockChat(chat === 'private' ? PRIVATE_CHAT : GROUP_CHAT);
  }
  rateLimitNextPush(seconds: number): void {
    this.api.failNext('sendMessage', {
      error_code: 429,
      description: `Too Many Requests: retry after ${seconds}`,
      parameters: { retry_after: seconds },
    });
  }
}

const LINE_USER = 'U4af4980629ab5f3f2c0f2c1b0e6c4d11';
const LINE_GROUP = 'Ca56f94637cc4347f90a25382909b24b9';

export class LineDriver extends ServedDriver implements PlatformDriver {
  readonly platform = 'line';
  readonly textLimit = 5000;
  readonly announcesRetryAfter = true;
  readonly answersAtOnce = false;
  readonly api = new FakeLineApi();
  keyword = '小助手';
  protected readonly webhookPath = '/line/webhook';
  private last = '';
  /** Reply tokens handed out per chat, to tell which replies went where. */
  private readonly replyTokens = { private: new Set<string>(), group: new Set<string>() };

  protected createAdapter(apiBaseUrl: string, app: App): Adapter {
    return createLineAdapter(
      {
        channelSecret: this.api.channelSecret,
        channelAccessToken: this.api.channelAccessToken,
        apiBaseUrl,
        keyword: this.keyword,
      },
      app.deps,
    );
  }

  conversationId(chat: ChatKind): string {
    return `line:${chat === 'private' ? LINE_USER : LINE_GROUP}`;
  }

  source(chat: ChatKind): Record<string, string> {
    return chat === 'private'
      ? { type: 'user', userId: LINE_USER }
      : { type: 'group', groupId: LINE_GROUP, userId: LINE_USER };
  }

  /** An event with the fields every LINE webhook event carries. */
  event(
    chat: ChatKind,
    fields: Record<string, unknown>,
    options: { redelivery?: boolean; id?: string } = {},
  ) {
    const n = nextDeliveryId();
    return {
      replyToken: `reply-token-${n}-${Math.random().toString(36).slice(2)}`,
      webhookEventId: options.id ?? `01GFAKEEVENT${String(n).padStart(14, '0')}`,
      deliveryContext: { isRedelivery: options.redelivery ?? false },
      timestamp: 1663635600000 + n,
      mode: 'active',
      source: this.source(chat),
      ...fields,
    };
  }

  /** A text message event; a group mention of the bot carries a mentionee with isSelf. */
  textEvent(
    chat: ChatKind,
    text: string,
    addressed = false,
    options: { redelivery?: boolean; id?: string } = {},
  ) {
    const mention = '@Workplan';
    const body = chat === 'group' && addressed ? `${mention} ${text}` : text;
    return this.event(
      chat,
      {
        type: 'message',
        message: {
          id: String(468789577898262530n + BigInt(lastDeliveryId)),
          type: 'text',
          quoteToken: 'q3Plxr4AgKd...',
          text: body,
          ...(chat === 'group' && addressed
            ? {
                mention: {
                  mentionees: [
                    {
                      index: 0,
                      length: mention.length,
                      type: 'user',
                      userId: 'U0bot0000000000000000000000000000',
                      isSelf: true,
                    },
                  ],
                },
              }
            : {}),
        },
      },
      options,
    );
  }

  sign(body: string, secret = this.api.channelSecret): string {
    return this.api.webhookSignature(body, secret);
  }

  deliver(events: unknown[], signature: string | null | 'valid' = 'valid'): Promise<HttpResult> {
    const body = JSON.stringify({ destination: 'U0bot0000000000000000000000000000', events });
    this.last = body;
    for (const e of events as { replyToken?: string; source?: { type: string } }[]) {
      if (e.replyToken) this.replyTokens[e.source?.type === 'user' ? 'private' : 'group'].add(e.replyToken);
    }
    const header = signature === 'valid' ? this.sign(body) : signature;
    return post(this.url, body, header === null ? {} : { 'x-line-signature': header });
  }

  sendText(chat: ChatKind, text: string, options: { addressed?: boolean } = {}): Promise<HttpResult> {
    return this.deliver([this.textEvent(chat, text, options.addressed)]);
  }
  redeliverLast(): Promise<HttpResult> {
    // LINE redelivers the same event (same webhookEventId), flagged as a redelivery.
    const body = JSON.parse(this.last) as { events: { deliveryContext: { isRedelivery: boolean } }[] };
    for (const e of body.events) e.deliveryContext.isRedelivery = true;
    const text = JSON.stringify(body);
    return post(this.url, text, { 'x-line-signature': this.sign(text) });
  }
  sendForged(text: string): Promise<HttpResult> {
    return this.deliver([this.textEvent('private', text)], this.sign('{}', 'someone-elses-secret'));
  }
  sendUnauthenticated(text: string): Promise<HttpResult> {
    return this.deliver([this.textEvent('private', text)], null);
  }
  unauthenticatedTarget() {
    return { url: this.url, headers: {} };
  }
  sendMalformed(): Promise<HttpResult> {
    const body = '{"destination": "U0bot", "events": [';
    return post(this.url, body, { 'x-line-signature': this.sign(body) });
  }
  sendOversized(): Promise<HttpResult> {
    return this.deliver([this.textEvent('private', 'x'.repeat(1_100_000))]);
  }
  sendUnknownKind(): Promise<HttpResult> {
    // An unsend event (documented), then a type LINE may add one day: both are ignored.
    return this.deliver([
      this.event('private', { type: 'unsend', unsend: { messageId: '325708' } }),
      this.event('private', { type: 'somethingNew', somethingNew: { x: 1 } }),
    ]);
  }
  private messagesTo(chat: ChatKind): LineMessage[] {
    const tokens = this.replyTokens[chat];
    const id = chat === 'private' ? LINE_USER : LINE_GROUP;
    return this.api.calls
      .filter(
        (c) =>
          (c.path === '/v2/bot/message/reply' && tokens.has(c.body.replyToken ?? '')) ||
          (c.path === '/v2/bot/message/push' && c.body.to === id),
      )
      .flatMap((c) => c.body.messages ?? []);
  }
  shown(chat: ChatKind): string[] {
    return this.messagesTo(chat).map((m) =>
      m.type === 'text' ? (m.text ?? '') : `[${m.type}] ${m.altText ?? ''}`,
    );
  }
  async waitShown(chat: ChatKind, count: number): Promise<string[]> {
    await this.api.waitFor(() => this.messagesTo(chat).length >= count);
    return this.shown(chat);
  }
  sentCount(): number {
    return this.api.replies().length + this.api.pushes().length;
  }
  refuseNextReply(): void {
    this.api.failNext('/v2/bot/message/reply', { status: 400, message: 'The request body has 1 error(s)' });
  }
  refuseReplyAndApology(): void {
    this.api.failNext(
      '/v2/bot/message/reply',
      { status: 400, message: 'The request body has 1 error(s)' },
      2,
    );
  }
  loseRecipient(chat: ChatKind): void {
    this.api.forgetRecipient(chat === 'private' ? LINE_USER : LINE_GROUP);
  }
  rateLimitNextPush(seconds: number): void {
    this.api.failNext('/v2/bot/message/push', {
      status: 429,
      message: 'You have reached your monthly limit.',
      headers: { 'retry-after': String(seconds) },
    });
  }
}
