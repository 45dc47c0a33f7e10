import type { Reply } from '../../src/core/types.ts';
import { splitText, truncate } from '../text.ts';

/**
 * One message as the adapter sends it, before it takes the shape of the API that carries it: the
 * session webhook's `msgtype` body, or a proactive API's `msgKey` + `msgParam`.
 */
export type DingtalkMessage =
  | { kind: 'text'; content: string }
  | { kind: 'actionCard'; title: string; text: string; buttons: { title: string; question: string }[] };

/**
 * Text per message. DingTalk documents no single figure for robot messages; a group message's
 * msgParam is refused past about 15,000 bytes, and 4,000 Chinese characters stay under it with
 * the JSON around them.
 */
export const DINGTALK_TEXT_LIMIT = 4000;
/** sampleActionCard2 … sampleActionCard5 carry 2 to 5 buttons; sampleActionCard carries one. */
export const DINGTALK_MAX_BUTTONS = 5;
const BUTTON_TITLE_MAX = 20;
const CARD_TITLE_MAX = 30;

/**
 * A reply as DingTalk messages. The text is split under the limit. In a one-to-one chat, choices
 * become the buttons of an ActionCard carrying the last part of the text: each button is a
 * `dtmd://dingtalkclient/sendMessage` link, which makes the client send the question into the chat
 * as the user, so a click comes back as an ordinary question. In a group that message would not
 * @mention the robot and so would never reach it: there the reply is text only.
 */
export function renderReply(reply: Reply, options: { group: boolean }): DingtalkMessage[] {
  const chunks = splitText(reply.text || ' ', DINGTALK_TEXT_LIMIT);
  const messages: DingtalkMessage[] = chunks.map((content) => ({ kind: 'text', content }));
  if (options.group || reply.choices.length === 0) return messages;
  const last = chunks[chunks.length - 1] ?? ' ';
  messages[messages.length - 1] = {
    kind: 'actionCard',
    title: truncate(last.split('\n', 1)[0]?.trim() || '工作要点', CARD_TITLE_MAX),
    text: toCardMarkdown(last),
    buttons: reply.choices.slice(0, DINGTALK_MAX_BUTTONS).map((c) => ({
      title: truncate(c.label, BUTTON_TITLE_MAX),
      question: c.text,
    })),
  };
  return messages;
}

/** A click on this link sends `question` into the chat as the user (DingTalk's dtmd protocol). */
export const sendMessageLink = (question: string): string =>
  `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(question)}`;

/**
 * An ActionCard's text is Markdown, where a single newline joins lines: the answer's line breaks
 * become hard breaks (two spaces, then the newline) so it reads as it does in a text message.
 */
export const toCardMarkdown = (text: string): string => text.split('\n').join('  \n');

/** The body POSTed to a session webhook (the custom-robot `msgtype` shapes). */
export function sessionWebhookBody(message: DingtalkMessage): Record<string, unknown> {
  if (message.kind === 'text') return { msgtype: 'text', text: { content: message.content } };
  return {
    msgtype: 'actionCard',
    actionCard: {
      title: message.title,
      text: message.text,
      btnOrientation: '0',
      btns: message.buttons.map((b) => ({ title: b.title, actionURL: sendMessageLink(b.question) })),
    },
  };
}

/**
 * `msgKey` and `msgParam` (a JSON string) for robot/oToMessages/batchSend and
 * robot/groupMessages/send: sampleText, sampleActionCard (one button, singleTitle/singleURL), or
 * sampleActionCardN for N = 2…5 buttons (actionTitleN/actionURLN).
 */
export function proactiveMessage(message: DingtalkMessage): { msgKey: string; msgParam: string } {
  if (message.kind === 'text') {
    return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: message.content }) };
  }
  const buttons = message.buttons.slice(0, DINGTALK_MAX_BUTTONS);
  const param: Record<string, string> = { title: message.title, text: message.text };
  if (buttons.length === 1) {
    const [only] = buttons as [{ title: string; question: string }];
    return {
      msgKey: 'sampleActionCard',
      msgParam: JSON.stringify({
        ...param,
        singleTitle: only.title,
        singleURL: sendMessageLink(only.question),
      }),
    };
  }
  if (buttons.length === 0) {
    return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify(param) };
  }
  buttons.forEach((b, i) => {
    param[`actionTitle${i + 1}`] = b.title;
    param[`actionURL${i + 1}`] = sendMessageLink(b.question);
  });
  return { msgKey: `sampleActionCard${buttons.length}`, msgParam: JSON.stringify(param) };
}
