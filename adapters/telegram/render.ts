import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Choice, Reply } from '../../src/core/types.ts';
import { splitText } from '../text.ts';

/** Telegram's limit on a message's text after entity parsing, in UTF-16 code units. */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** callback_data may hold at most 64 bytes. */
const CALLBACK_DATA_BYTES = 64;

export interface TelegramMessage {
  html: string;
  keyboard?: InlineKeyboardMarkup;
}

/** Escapes the three characters Telegram's HTML parse mode treats as markup. */
export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Plain text to HTML, with the words the question matched in bold. Highlights are found in the
 * raw text and every segment is escaped on its own, so plan text like "<100%>" cannot open a tag.
 */
export function toHtml(text: string, highlights: readonly string[] = []): string {
  const words = [...new Set(highlights.filter((w) => w.trim().length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  if (words.length === 0) return escapeHtml(text);
  let html = '';
  let i = 0;
  while (i < text.length) {
    const word = words.find((w) => text.startsWith(w, i));
    if (word) {
      html += `<b>${escapeHtml(word)}</b>`;
      i += word.length;
    } else {
      // Copy up to the next possible highlight start in one go.
      let j = i + 1;
      while (j < text.length && !words.some((w) => text.startsWith(w, j))) j++;
      html += escapeHtml(text.slice(i, j));
      i = j;
    }
  }
  return html;
}

/**
 * A reply as Telegram messages: the text split at line boundaries under the limit, the choices as
 * an inline keyboard under the last message (where the reader's thumb is).
 */
export function renderReply(reply: Reply): TelegramMessage[] {
  const highlights = reply.answer?.highlights ?? [];
  const chunks = splitText(reply.text, TELEGRAM_TEXT_LIMIT);
  const keyboard = choicesKeyboard(reply.choices);
  return chunks.map((chunk, i) => {
    const message: TelegramMessage = { html: toHtml(chunk, highlights) };
    if (keyboard && i === chunks.length - 1) message.keyboard = keyboard;
    return message;
  });
}

export function choicesKeyboard(choices: readonly Choice[]): InlineKeyboardMarkup | undefined {
  if (choices.length === 0) return undefined;
  const buttons: InlineKeyboardButton[] = choices.map((choice, index) => ({
    text: choice.label,
    callback_data: encodeCallbackData(choice, index),
  }));
  // Short labels ("牵头单位", "时间节点", "更多") sit two to a row; questions get a row each.
  const perRow = choices.every((c) => [...c.label].length <= 8) ? 2 : 1;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return { inline_keyboard: rows };
}

/**
 * The question a button asks travels in its callback data when it fits in 64 bytes ("q:<text>").
 * Longer ones carry the button's index ("b:<n>") and are read back from the message's keyboard,
 * which Telegram sends along with the callback query; the label stands in for the text then.
 */
export function encodeCallbackData(choice: Choice, index: number): string {
  const inline = `q:${choice.text}`;
  return Buffer.byteLength(inline, 'utf8') <= CALLBACK_DATA_BYTES ? inline : `b:${index}`;
}

/** The question behind a pressed button, or null when it cannot be recovered (a stale button). */
export function decodeCallbackData(data: string, keyboard: InlineKeyboardMarkup | undefined): string | null {
  if (data.startsWith('q:')) return data.slice(2).trim() || null;
  if (!/^b:\d+$/.test(data) || !keyboard) return null;
  for (const row of keyboard.inline_keyboard) {
    for (const button of row) {
      if ('callback_data' in button && button.callback_data === data) return button.text;
    }
  }
  return null;
}
