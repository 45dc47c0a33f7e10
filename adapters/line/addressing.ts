import type { LineEvent, LineMentionee } from './event-schema.ts';

export interface LineAddressing {
  /** The bot's own user id (from getBotInfo), when known. */
  botUserId: string | null;
  /** In groups and rooms, a text starting with this word is for the bot. */
  keyword: string;
}

/**
 * The question a text message asks the bot, or null when it is not for the bot. One-to-one chats:
 * every text. Groups and rooms: a mention of the bot, or the keyword at the start.
 */
export function questionOf(event: LineEvent, addressing: LineAddressing): string | null {
  const text = event.message?.type === 'text' ? event.message.text : undefined;
  if (text === undefined) return null;
  const isGroup = event.source?.type === 'group' || event.source?.type === 'room';
  if (!isGroup) return text.trim();

  const mentionsOfBot = (event.message?.mention?.mentionees ?? []).filter(
    (m) =>
      m.type === 'user' &&
      (m.isSelf === true || (addressing.botUserId !== null && m.userId === addressing.botUserId)),
  );
  if (mentionsOfBot.length > 0) return withoutMentions(text, mentionsOfBot).trim();
  const trimmed = text.trimStart();
  if (trimmed.startsWith(addressing.keyword)) {
    // "小助手，谁牵头川渝通办" → "谁牵头川渝通办"
    return trimmed
      .slice(addressing.keyword.length)
      .replace(/^[\s,，:：、]+/, '')
      .trim();
  }
  return null;
}

/** Mention index and length count UTF-16 code units, as JS strings do. */
function withoutMentions(text: string, mentionees: readonly LineMentionee[]): string {
  let out = '';
  let at = 0;
  for (const m of [...mentionees].sort((a, b) => a.index - b.index)) {
    out += text.slice(at, m.index);
    at = m.index + m.length;
  }
  return out + text.slice(at);
}
