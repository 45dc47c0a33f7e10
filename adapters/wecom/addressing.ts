import type { WecomMessage } from './callback-xml.ts';
import { questionOfKey } from './render.ts';

/** What a callback asks of the bot. */
export type WecomAction =
  { kind: 'ask'; text: string } | { kind: 'say'; text: 'buttonExpired' } | { kind: 'ignore' };

/** "@小助手 谁牵头…" → "谁牵头…": a mention is a word after "@", up to a space. */
const MENTIONS = /@[^\s@]+[\s\u2005]*/g;
const HAS_MENTION = /@[^\s@]+/;

/**
 * Private chats: every text is a question. A group chat's message reaches the application only
 * when it @mentions it, so there the mentions are dropped and the rest is the question; a group
 * text without any mention is not for the bot. A button of our template card comes back as a
 * template_card_event whose EventKey holds the question. Subscribing to the app asks for help.
 */
export function actionOf(message: WecomMessage): WecomAction {
  if (message.MsgType === 'text') {
    const content = message.Content ?? '';
    if (message.ChatId === undefined) return { kind: 'ask', text: content.trim() || '帮助' };
    if (!HAS_MENTION.test(content)) return { kind: 'ignore' };
    return { kind: 'ask', text: content.replace(MENTIONS, ' ').trim() || '帮助' };
  }
  if (message.MsgType !== 'event') return { kind: 'ignore' };
  switch (message.Event) {
    case 'template_card_event': {
      const question = questionOfKey(message.EventKey);
      return question ? { kind: 'ask', text: question } : { kind: 'say', text: 'buttonExpired' };
    }
    case 'subscribe':
      return { kind: 'ask', text: '帮助' };
    default:
      return { kind: 'ignore' };
  }
}

/**
 * "wecom:user:<UserID>" for a private chat, "wecom:chat:<ChatId>" for a group: where the answer
 * and the reminders go (message/send to the user, appchat/send to the group).
 */
export function conversationIdOf(message: WecomMessage): string {
  return message.ChatId === undefined ? `wecom:user:${message.FromUserName}` : `wecom:chat:${message.ChatId}`;
}

/**
 * The delivery id: MsgId for a message; for an event, which has none, who sent it and when
 * (FromUserName + CreateTime), with the event and its key so two taps in one second stay apart.
 */
export function deliveryIdOf(message: WecomMessage): string {
  if (message.MsgId) return `msg:${message.MsgId}`;
  return `event:${message.FromUserName}:${message.CreateTime}:${message.Event ?? ''}:${message.EventKey ?? ''}`;
}
