import type { MessageEntity } from 'grammy/types';

/** The parts of a Telegram message that decide whether it is meant for the bot. */
export interface AddressableMessage {
  text: string;
  entities?: MessageEntity[];
  chat: { type: string };
  reply_to_message?: { from?: { id: number } };
}

export interface Me {
  id: number;
  username: string;
}

export type Addressed =
  { kind: 'command'; command: string; args: string } | { kind: 'question'; text: string };

/**
 * Private chats: every text is a question. Groups: commands, mentions of the bot and replies to
 * its messages; everything else is people talking to each other, and the bot stays quiet.
 */
export function addressedToBot(message: AddressableMessage, me: Me): Addressed | null {
  const entities = message.entities ?? [];
  const command = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (command) {
    const [name = '', target] = message.text.slice(1, command.length).split('@');
    // "/help@other_bot" in a group is for another bot.
    if (target !== undefined && target.toLowerCase() !== me.username.toLowerCase()) return null;
    return { kind: 'command', command: name.toLowerCase(), args: message.text.slice(command.length).trim() };
  }
  if (message.chat.type === 'private') return { kind: 'question', text: message.text.trim() };

  const mentions = entities.filter(
    (e) =>
      (e.type === 'mention' &&
        message.text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === me.username.toLowerCase()) ||
      (e.type === 'text_mention' && e.user.id === me.id),
  );
  const repliesToBot = message.reply_to_message?.from?.id === me.id;
  if (mentions.length === 0 && !repliesToBot) return null;
  return { kind: 'question', text: withoutRanges(message.text, mentions).trim() };
}

/** Removes the mention entities (offsets are UTF-16 code units, as JS strings index). */
function withoutRanges(text: string, ranges: readonly { offset: number; length: number }[]): string {
  let out = '';
  let at = 0;
  for (const r of [...ranges].sort((a, b) => a.offset - b.offset)) {
    out += text.slice(at, r.offset);
    at = r.offset + r.length;
  }
  return out + text.slice(at);
}
