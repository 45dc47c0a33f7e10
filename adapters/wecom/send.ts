import type { PushTarget, Reply } from '../../src/core/types.ts';
import { PlatformError } from '../../src/errors.ts';
import { toPlatformError, WecomApiError, type WecomApi } from './api.ts';
import type { Pacer, RateWindow } from '../pacer.ts';
import { renderReply, type WecomMessageBody } from './render.ts';

export interface WecomSenderOptions {
  api: WecomApi;
  agentId: number;
  pacer: Pacer;
  markdown: boolean;
}

/**
 * WeCom's limits per member for one application: 30 messages a minute and 1000 an hour. Past them
 * WeCom drops a message silently (message/send still answers ok), so a sender must stay under them
 * itself. Source: 发送应用消息 频率限制 (developer.work.weixin.qq.com/document/path/90236, 90312).
 */
export const WECOM_MEMBER_LIMITS: RateWindow[] = [
  { windowMs: 60_000, max: 30 },
  { windowMs: 3_600_000, max: 1000 },
];

type Recipient = { kind: 'user'; userId: string } | { kind: 'chat'; chatId: string };

/** "wecom:user:<UserID>" or "wecom:chat:<ChatId>"; anything else is not ours to send to. */
export function recipientOf(conversationId: string): Recipient {
  const match = /^wecom:(user|chat):(.+)$/.exec(conversationId);
  if (!match?.[2]) throw new PlatformError('wecom', false, 'not a WeCom conversation');
  return match[1] === 'user' ? { kind: 'user', userId: match[2] } : { kind: 'chat', chatId: match[2] };
}

/**
 * A push that would wait longer than this for the member's limit is left to the scheduler's next tick:
 * well inside the scheduler's deadline for one push (10 s), so pacing never makes a push run late.
 */
const PUSH_MAX_WAIT_MS = 5_000;
/** WeCom drops a repeat of the same content to a member within this window (a retried reminder). */
const DUPLICATE_CHECK_S = 4 * 3600;

/**
 * Sends replies and reminders. Every message waits its turn under the member's limits (Pacer),
 * because WeCom drops the excess without an error. A private chat gets message/send, markdown and
 * the button card; a group chat gets appchat/send and the answer alone. Failures are PlatformErrors (transient or permanent).
 */
export class WecomSender {
  constructor(private readonly options: WecomSenderOptions) {}

  async send(conversationId: string, reply: Reply, push = false): Promise<void> {
    const recipient = recipientOf(conversationId);
    const messages = this.render(recipient, reply);
    if (push && this.options.pacer.waitMs(conversationId) > PUSH_MAX_WAIT_MS)
      throw new PlatformError('wecom', true, 'member message limit reached; retrying later');
    try {
      for (const body of messages) {
        await this.options.pacer.run(conversationId, () => this.post(recipient, body, push));
      }
    } catch (e) {
      throw toPlatformError(e);
    }
  }

  pushTarget(): PushTarget {
    return {
      platform: 'wecom',
      push: (conversationId, reply) => this.send(conversationId, reply, true),
    };
  }

  private render(recipient: Recipient, reply: Reply): WecomMessageBody[] {
    const markdown = this.options.markdown;
    if (recipient.kind === 'user') return renderReply(reply, { markdown });
    // appchat/send has no template_card, and a row of suggestions under every answer is noise in
    // a group: a group gets the answer alone.
    return renderReply({ ...reply, choices: [] }, { markdown });
  }

  private async post(recipient: Recipient, body: WecomMessageBody, push: boolean): Promise<void> {
    if (recipient.kind === 'chat') {
      await this.options.api.post('/cgi-bin/appchat/send', { chatid: recipient.chatId, ...body });
      return;
    }
    const answer = await this.options.api.post('/cgi-bin/message/send', {
      touser: recipient.userId,
      agentid: this.options.agentId,
      ...body,
      ...(push ? { enable_duplicate_check: 1, duplicate_check_interval: DUPLICATE_CHECK_S } : {}),
    });
    // errcode 0 with the user listed as invalid: nothing was delivered to them.
    if (typeof answer.invaliduser === 'string' && answer.invaliduser.split('|').includes(recipient.userId))
      throw new WecomApiError('message/send', 81013, 'invaliduser');
  }
}
