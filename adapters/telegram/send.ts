import { GrammyError, HttpError, type Api } from 'grammy';
import type { PushTarget, Reply } from '../../src/core/types.ts';
import { PlatformError } from '../../src/errors.ts';
import { renderReply } from './render.ts';

/** Sends a reply as one or more HTML messages; in groups the first one quotes the question. */
export async function sendReply(
  api: Api,
  chatId: number | string,
  reply: Reply,
  replyToMessageId?: number,
): Promise<void> {
  const messages = renderReply(reply);
  for (const [i, message] of messages.entries()) {
    await api.sendMessage(chatId, message.html, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(message.keyboard ? { reply_markup: message.keyboard } : {}),
      ...(i === 0 && replyToMessageId !== undefined
        ? { reply_parameters: { message_id: replyToMessageId, allow_sending_without_reply: true } }
        : {}),
    });
  }
}

/** "telegram:-100123" → -100123. */
export function chatIdOf(conversationId: string): number {
  const match = /^telegram:(-?\d+)$/.exec(conversationId);
  if (!match) throw new PlatformError('telegram', false, `not a Telegram conversation: ${conversationId}`);
  return Number(match[1]);
}

/**
 * Reminders reach Telegram through this. Retries of 429 and 5xx happen inside (auto-retry); what
 * still fails is classified for the scheduler. The Bot API has no idempotency key, so the retry key
 * is not sent; the scheduler's claim is what prevents duplicates.
 */
export function telegramPushTarget(api: Api): PushTarget {
  return {
    platform: 'telegram',
    async push(conversationId, reply, _options) {
      const chatId = chatIdOf(conversationId);
      try {
        await sendReply(api, chatId, reply);
      } catch (e) {
        throw toPlatformError(e);
      }
    },
  };
}

/**
 * 403 (blocked, kicked, deactivated) and 400 (chat not found, upgraded to a supergroup, a message
 * Telegram will never accept) are permanent: sending again cannot succeed. 429, 5xx and network
 * failures are transient. 401 means our token is wrong: the subscriber is not at fault, so it is
 * transient too, and loud in the logs.
 */
export function toPlatformError(e: unknown): unknown {
  if (e instanceof PlatformError) return e;
  if (e instanceof GrammyError) {
    const message = `Telegram ${e.method}: ${e.error_code} ${e.description}`;
    if (e.error_code === 429) {
      const seconds = e.parameters.retry_after;
      return new PlatformError('telegram', true, message, {
        cause: e,
        retryAfterMs: typeof seconds === 'number' ? seconds * 1000 : null,
      });
    }
    const transient = e.error_code >= 500 || e.error_code === 401;
    return new PlatformError('telegram', transient, message, { cause: e });
  }
  if (e instanceof HttpError) {
    return new PlatformError('telegram', true, `Telegram unreachable: ${e.message}`, { cause: e });
  }
  return e; // a bug of ours, not the platform's: let it travel as it is
}
