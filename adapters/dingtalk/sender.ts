import type { PushTarget, Reply } from '../../src/core/types.ts';
import { PlatformError, describeError } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';
import type { DingtalkApi } from './api.ts';
import { conversationIdOf, isGroup, type RobotMessage } from './message.ts';
import type { Pacer, PacerOptions } from '../pacer.ts';
import { renderReply, type DingtalkMessage } from './render.ts';

/**
 * DingTalk's send limits: a robot may post 20 messages a minute to one group before DingTalk
 * throttles it for ten minutes (open.dingtalk.com, robot message frequency); the app-wide spacing
 * keeps a burst of reminders (every subscriber on the same morning) under the API's per-app QPS.
 */
export const DINGTALK_PACE: PacerOptions = { windows: [{ windowMs: 60_000, max: 20 }], spacingMs: 100 };

export interface SenderDeps {
  api: DingtalkApi;
  pacer: Pacer;
  logger: Logger;
  /** DINGTALK_API_BASE_URL: session webhooks are only followed to DingTalk's hosts or this one. */
  apiBaseUrl: string;
  /** Real time in epoch ms, to judge sessionWebhookExpiredTime. */
  now: () => number;
}

/**
 * An answer that meets a transient failure (5xx, a short 429) is tried again at once, twice at most,
 * waiting what DingTalk asks up to this long: the user is waiting. A reminder is not: the scheduler
 * retries it on a later tick instead.
 */
const REPLY_RETRIES = 2;
const REPLY_RETRY_DEFAULT_MS = 500;
const REPLY_RETRY_MAX_MS = 5_000;
/** A reminder that would wait longer than this for its turn is left to the scheduler's next tick. */
const PUSH_MAX_WAIT_MS = 5_000;
/** A session webhook this close to its expiry is not used: the reply would race it. */
const SESSION_MARGIN_MS = 30_000;
const DINGTALK_ORIGINS = ['https://oapi.dingtalk.com', 'https://api.dingtalk.com'];

/**
 * How a reply reaches a DingTalk conversation. An answer to a message goes through the message's
 * session webhook while it is valid; once it has expired (or is refused), the rest goes through the
 * proactive APIs, which a reminder always uses: robot/oToMessages/batchSend to a person
 * ("dingtalk:user:<staffId>"), robot/groupMessages/send to a group ("dingtalk:group:<cid>").
 * Every send goes through the pacer.
 */
export class DingtalkSender {
  private readonly allowedOrigins: Set<string>;

  constructor(private readonly deps: SenderDeps) {
    this.allowedOrigins = new Set([...DINGTALK_ORIGINS, new URL(deps.apiBaseUrl).origin]);
  }

  async reply(message: RobotMessage, reply: Reply): Promise<void> {
    const conversationId = conversationIdOf(message);
    const messages = renderReply(reply, { group: isGroup(message) });
    let sent = 0;
    const webhook = this.usableSession(message);
    if (webhook) {
      try {
        for (const m of messages) {
          await this.deps.pacer.run(conversationId, () => this.deps.api.replyBySession(webhook, m));
          sent += 1;
        }
        return;
      } catch (e) {
        this.deps.logger.warn(
          { platform: 'dingtalk', err: describeError(e) },
          'session webhook failed; answering through the proactive API',
        );
      }
    }
    await this.sendProactive(conversationId, messages.slice(sent), REPLY_RETRIES);
  }

  /**
   * Sends outside a conversation turn (reminders): always the proactive APIs. A reminder the
   * conversation's limit would hold longer than PUSH_MAX_WAIT_MS is not sent now but left to the
   * scheduler's next tick (transient, nothing sent), so pacing never makes a push outlive the
   * scheduler's deadline for it.
   */
  async push(conversationId: string, reply: Reply): Promise<void> {
    if (this.deps.pacer.waitMs(conversationId) > PUSH_MAX_WAIT_MS) {
      throw new PlatformError('dingtalk', true, 'conversation message limit reached; retrying later');
    }
    const group = conversationId.startsWith('dingtalk:group:');
    await this.sendProactive(conversationId, renderReply(reply, { group }));
  }

  private async sendProactive(
    conversationId: string,
    messages: DingtalkMessage[],
    retries = 0,
  ): Promise<void> {
    const to = recipientOf(conversationId);
    for (const m of messages) {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.deps.pacer.run(conversationId, () =>
            to.kind === 'user' ? this.deps.api.sendToUser(to.id, m) : this.deps.api.sendToGroup(to.id, m),
          );
          break;
        } catch (e) {
          const wait =
            e instanceof PlatformError && e.transient ? (e.retryAfterMs ?? REPLY_RETRY_DEFAULT_MS) : null;
          if (wait === null || wait > REPLY_RETRY_MAX_MS || attempt >= retries) throw e;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    }
  }

  private usableSession(message: RobotMessage): string | null {
    const { sessionWebhook, sessionWebhookExpiredTime } = message;
    if (!sessionWebhook) return null;
    if (
      sessionWebhookExpiredTime !== undefined &&
      sessionWebhookExpiredTime - SESSION_MARGIN_MS <= this.deps.now()
    )
      return null;
    const origin = URL.parse(sessionWebhook)?.origin;
    // The URL comes inside a message; a message can only send us to DingTalk (or the configured fake).
    return origin && this.allowedOrigins.has(origin) ? sessionWebhook : null;
  }
}

/** Reminders for "dingtalk:…" conversations (src/core/push-routing.ts routes them here). */
export function dingtalkPushTarget(sender: DingtalkSender): PushTarget {
  return {
    platform: 'dingtalk',
    push: (conversationId, reply) => sender.push(conversationId, reply),
  };
}

/**
 * The proactive API's addressee. A one-to-one chat with no staff id ("dingtalk:chat:…", someone
 * outside the organisation) has none: that is permanent, so the scheduler stops trying.
 */
export function recipientOf(conversationId: string): { kind: 'user' | 'group'; id: string } {
  const match = /^dingtalk:(user|group):(.+)$/.exec(conversationId);
  if (!match?.[1] || !match[2]) {
    throw new PlatformError('dingtalk', false, 'no proactive route to this DingTalk conversation');
  }
  return { kind: match[1] as 'user' | 'group', id: match[2] };
}
