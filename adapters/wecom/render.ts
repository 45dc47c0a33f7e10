import { randomUUID } from 'node:crypto';
import type { Choice, Reply } from '../../src/core/types.ts';
import { MESSAGES } from '../../src/messages.ts';
import { splitText, truncate, utf8Bytes } from '../text.ts';

/**
 * One message/send body without its recipient and agentid. Source: 发送应用消息 消息类型
 * (developer.work.weixin.qq.com/document/path/90236): text and markdown content at most 2048 bytes
 * (UTF-8); template_card button_interaction with at most 6 buttons.
 */
export type WecomMessageBody =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'template_card'; template_card: ButtonCard };

interface ButtonCard {
  card_type: 'button_interaction';
  main_title: { title: string; desc?: string };
  /** Unique per application for ever; letters, digits and "_-@", at most 128 bytes. */
  task_id: string;
  button_list: { text: string; style: number; key: string }[];
}

export const WECOM_TEXT_LIMIT_BYTES = 2048;
const MAX_BUTTONS = 6;
/** WeCom shows about this many characters on a button; longer labels are cut with "…". */
const BUTTON_TEXT_MAX = 12;
/** A button's key (EventKey) may hold 1024 bytes. */
const BUTTON_KEY_BYTES = 1024;
/** A button key is this prefix plus the question the button asks. */
export const ASK_PREFIX = 'ask:';

/**
 * The question's words in bold. Plan text goes in as it is: WeCom's markdown is a small subset
 * (headings, bold, links, quotes, <font>) with no documented escape, and plan sentences do not
 * start with its marks.
 */
export function toMarkdown(text: string, highlights: readonly string[]): string {
  const words = [...new Set(highlights.filter((w) => w.trim().length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  if (words.length === 0) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const word = words.find((w) => text.startsWith(w, i));
    if (word) {
      out += `**${word}**`;
      i += word.length;
    } else {
      let j = i + 1;
      while (j < text.length && !words.some((w) => text.startsWith(w, j))) j++;
      out += text.slice(i, j);
      i = j;
    }
  }
  return out;
}

/**
 * A reply as WeCom messages: the text (markdown where the client shows it) split at line breaks
 * under 2048 bytes, then the choices as a button card whose button events come back as questions.
 * Splitting happens before markup, so a bold mark never straddles two messages; a chunk the bold
 * marks would push over the limit goes without them.
 */
export function renderReply(reply: Reply, options: { markdown: boolean }): WecomMessageBody[] {
  const messages: WecomMessageBody[] = [];
  const highlights = reply.answer?.highlights ?? [];
  for (const chunk of splitText(reply.text || ' ', WECOM_TEXT_LIMIT_BYTES, utf8Bytes)) {
    if (!options.markdown) {
      messages.push({ msgtype: 'text', text: { content: chunk } });
      continue;
    }
    const marked = toMarkdown(chunk, highlights);
    const content = utf8Bytes(marked) <= WECOM_TEXT_LIMIT_BYTES ? marked : chunk;
    messages.push({ msgtype: 'markdown', markdown: { content } });
  }
  const card = choicesCard(reply.choices);
  if (card) messages.push({ msgtype: 'template_card', template_card: card });
  return messages;
}

export function choicesCard(choices: readonly Choice[]): ButtonCard | null {
  const buttons = choices.slice(0, MAX_BUTTONS).flatMap((choice) => {
    const key = `${ASK_PREFIX}${choice.text}`;
    if (utf8Bytes(key) > BUTTON_KEY_BYTES) return [];
    return [{ text: truncate(choice.label, BUTTON_TEXT_MAX), style: 1, key }];
  });
  if (buttons.length === 0) return null;
  return {
    card_type: 'button_interaction',
    main_title: { title: MESSAGES.wecomChoicesTitle },
    task_id: `ask-${randomUUID()}`,
    button_list: buttons,
  };
}

/** The question behind a button event's EventKey, or null for a key that is not ours. */
export function questionOfKey(eventKey: string | undefined): string | null {
  if (!eventKey?.startsWith(ASK_PREFIX)) return null;
  return eventKey.slice(ASK_PREFIX.length).trim() || null;
}
