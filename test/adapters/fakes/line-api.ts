import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { FakeServer, readJson, type FakeResponse } from './fake-server.ts';

export interface LineCall {
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    replyToken?: string;
    to?: string;
    messages?: LineMessage[];
  };
}

/** The parts of a sent message the fake checks and tests read. */
export interface LineMessage {
  type: string;
  text?: string;
  altText?: string;
  quickReply?: { items: { action: { type: string; label: string; text?: string } }[] };
  contents?: {
    type: string;
    contents?: { footer?: { contents: { action: { type: string; data?: string } }[] } }[];
  };
}

export interface LineFailure {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

export const FAKE_LINE_BOT_USER_ID = 'U0bot0000000000000000000000000000';

/**
 * A one-to-one text message event as LINE's webhook sends it (Messaging API reference, "Message
 * event"), with what every event carries: mode, timestamp, webhookEventId, deliveryContext.
 */
export function lineTextEvent(event: {
  webhookEventId: string;
  replyToken: string;
  userId: string;
  text: string;
  timestamp?: number;
  messageId?: string;
}) {
  return {
    type: 'message',
    mode: 'active',
    timestamp: event.timestamp ?? 1663635600000,
    webhookEventId: event.webhookEventId,
    deliveryContext: { isRedelivery: false },
    replyToken: event.replyToken,
    source: { type: 'user', userId: event.userId },
    message: { id: event.messageId ?? '1', type: 'text', quoteToken: 'q', text: event.text },
  };
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Messaging API on loopback, strict where LINE is: the bearer token, at most 5 messages, text
 * up to 5000 characters, 13 quick replies, 12 bubbles, a reply token used once, and push retry keys
 * (a UUID; a key seen before gets 409).
 */
export class FakeLineApi extends FakeServer<LineCall, LineFailure> {
  readonly channelAccessToken = 'fake-line-channel-access-token';
  readonly channelSecret = 'fake-line-channel-secret';
  private readonly usedReplyTokens = new Set<string>();
  private readonly acceptedRetryKeys = new Set<string>();
  private readonly unknownRecipients = new Set<string>();

  /**
   * The X-Line-Signature LINE sends with a webhook body: Base64 of the body's HMAC-SHA256 keyed by
   * the channel secret (Messaging API reference, "Signature validation"); another `secret` forges one.
   */
  webhookSignature(body: string, secret = this.channelSecret): string {
    return createHmac('sha256', secret).update(body).digest('base64');
  }

  /** Pushes to this id get 400, as for a user who never added the bot. */
  forgetRecipient(id: string): void {
    this.unknownRecipients.add(id);
  }

  replies(): LineCall[] {
    return this.calls.filter((c) => c.path === '/v2/bot/message/reply');
  }

  pushes(): LineCall[] {
    return this.calls.filter((c) => c.path === '/v2/bot/message/push');
  }

  protected async handle(req: IncomingMessage): Promise<FakeResponse> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.headers.authorization !== `Bearer ${this.channelAccessToken}`) {
      return { status: 401, body: { message: 'Authentication failed' } };
    }
    const body = await readJson<LineCall['body']>(req);

    const failure = this.takeFailure(path);
    if (failure) {
      this.record({ path: `${path}:failed`, headers: req.headers, body });
      return { status: failure.status, body: { message: failure.message }, headers: failure.headers ?? {} };
    }
    if (req.method === 'GET' && path === '/v2/bot/info') {
      return {
        status: 200,
        body: {
          userId: FAKE_LINE_BOT_USER_ID,
          basicId: '@000fake',
          displayName: 'Workplan',
          chatMode: 'bot',
        },
      };
    }
    if (req.method !== 'POST' || (path !== '/v2/bot/message/reply' && path !== '/v2/bot/message/push')) {
      return { status: 404, body: { message: 'Not found' } };
    }
    const invalid = invalidMessages(body.messages);
    if (invalid) return { status: 400, body: { message: invalid } };

    if (path === '/v2/bot/message/reply') {
      const token = body.replyToken ?? '';
      if (!token || this.usedReplyTokens.has(token))
        return { status: 400, body: { message: 'Invalid reply token' } };
      this.usedReplyTokens.add(token);
      this.record({ path, headers: req.headers, body });
      return { status: 200, body: { sentMessages: [] } };
    }

    const key = req.headers['x-line-retry-key'];
    if (typeof key === 'string') {
      if (!UUID.test(key)) return { status: 400, body: { message: 'The retry key must be a UUID' } };
      if (this.acceptedRetryKeys.has(key)) {
        return {
          status: 409,
          body: { message: 'The retry key is already accepted' },
          headers: { 'x-line-accepted-request-id': 'accepted' },
        };
      }
    }
    if (this.unknownRecipients.has(body.to ?? '')) {
      return { status: 400, body: { message: 'Failed to send messages' } };
    }
    if (typeof key === 'string') this.acceptedRetryKeys.add(key);
    this.record({ path, headers: req.headers, body });
    return { status: 200, body: { sentMessages: [] } };
  }
}

function invalidMessages(messages: LineMessage[] | undefined): string | null {
  if (!messages || messages.length === 0 || messages.length > 5) return 'Size must be between 1 and 5';
  for (const m of messages) {
    if (m.type === 'text' && (!m.text || m.text.length > 5000)) return 'Length must be between 1 and 5000';
    if ((m.quickReply?.items.length ?? 0) > 13) return 'Size must be between 1 and 13';
    for (const item of m.quickReply?.items ?? []) {
      if ([...item.action.label].length > 20) return 'Length must be between 0 and 20';
    }
    if (m.type === 'flex') {
      if (!m.altText || m.altText.length > 400) return 'altText length must be between 1 and 400';
      if (m.contents?.type === 'carousel' && (m.contents.contents?.length ?? 0) > 12) {
        return 'Size must be between 1 and 12';
      }
    }
  }
  return null;
}
