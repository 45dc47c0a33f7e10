import type { messagingApi } from '@line/bot-sdk';
import type { Choice, Reply } from '../../src/core/types.ts';
import type { Answer, TaskMatch } from '../../src/engine/types.ts';
import { MESSAGES } from '../../src/messages.ts';
import { taskCard } from '../task-card.ts';
import { splitText, truncate } from '../text.ts';

type Message = messagingApi.Message;
type FlexBubble = messagingApi.FlexBubble;

/** LINE's limits: text length, messages per reply or push, quick-reply items, carousel bubbles. */
export const LINE_TEXT_LIMIT = 5000;
export const LINE_MAX_MESSAGES = 5;
export const LINE_MAX_QUICK_REPLIES = 13;
export const LINE_MAX_BUBBLES = 12;
const QUICK_REPLY_LABEL_MAX = 20;
const ALT_TEXT_MAX = 400;
/** From this many tasks on, a list reads better as cards to swipe than as a wall of text. */
const CAROUSEL_MIN_MATCHES = 4;

/** Postback data of a bubble's "详情" button: the question it asks. */
export const ASK_PREFIX = 'ask:';

/**
 * The messages rendered for an engine answer, by the Answer object. The answer cache hands the same
 * immutable Answer out for a question asked again, so its text, matches and suggestions are those
 * it was rendered from; what a reply adds on top (its text and choices) is compared on each use, so
 * a reply that changed either is rendered afresh. The SDK only serializes the messages; nothing
 * writes to them after rendering, so one array serves every reply of that answer. Entries go with
 * their answers (WeakMap).
 */
const renderedAnswers = new WeakMap<Answer, { text: string; choices: Choice[]; messages: Message[] }>();

/**
 * A reply as LINE messages. Short answers are text. A list of 4 to 12 tasks becomes the answer's
 * first line plus a Flex carousel, one bubble per task. The choices become quick replies on the
 * last message, where LINE shows them. The array returned may be shared: callers must not change it.
 */
export function renderReply(reply: Reply): Message[] {
  if (!reply.answer) return render(reply);
  const kept = renderedAnswers.get(reply.answer);
  if (kept && kept.text === reply.text && sameChoices(kept.choices, reply.choices)) return kept.messages;
  const messages = render(reply);
  renderedAnswers.set(reply.answer, { text: reply.text, choices: [...reply.choices], messages });
  return messages;
}

function sameChoices(a: readonly Choice[], b: readonly Choice[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((c, i) => c.label === b[i]!.label && c.text === b[i]!.text);
}

function render(reply: Reply): Message[] {
  const matches = reply.answer?.matches ?? [];
  const asCarousel = matches.length >= CAROUSEL_MIN_MATCHES && matches.length <= LINE_MAX_BUBBLES;
  const messages: Message[] = asCarousel ? carouselReply(reply.text, matches) : textMessages(reply.text);
  const quickReply = quickReplyOf(reply);
  const last = messages[messages.length - 1];
  if (last && quickReply) last.quickReply = quickReply;
  return messages;
}

function textMessages(text: string): Message[] {
  const chunks = splitText(text || ' ', LINE_TEXT_LIMIT);
  if (chunks.length > LINE_MAX_MESSAGES) {
    // Over 25,000 characters is no chat answer; keep what fits and say it was cut.
    chunks.length = LINE_MAX_MESSAGES;
    chunks[LINE_MAX_MESSAGES - 1] = truncate(chunks[LINE_MAX_MESSAGES - 1] ?? '', LINE_TEXT_LIMIT);
  }
  return chunks.map((chunk) => ({ type: 'text', text: chunk }));
}

function carouselReply(text: string, matches: readonly TaskMatch[]): Message[] {
  const headline = text.split('\n', 1)[0]?.trim() || text.trim();
  return [
    { type: 'text', text: truncate(headline, LINE_TEXT_LIMIT) },
    {
      type: 'flex',
      altText: truncate(headline, ALT_TEXT_MAX),
      contents: { type: 'carousel', contents: matches.slice(0, LINE_MAX_BUBBLES).map(taskBubble) },
    },
  ];
}

export function taskBubble(match: TaskMatch): FlexBubble {
  const card = taskCard(match);
  return {
    type: 'bubble',
    size: 'kilo',
    header: {
      type: 'box',
      layout: 'vertical',
      contents: [
        { type: 'text', text: card.taskId, size: 'sm', color: '#888888' },
        { type: 'text', text: card.title, weight: 'bold', wrap: true },
      ],
    },
    body: {
      type: 'box',
      layout: 'vertical',
      spacing: 'sm',
      contents: card.lines.map((line) => ({ type: 'text', text: line, size: 'sm', wrap: true })),
    },
    footer: {
      type: 'box',
      layout: 'vertical',
      contents: [
        {
          type: 'button',
          style: 'link',
          action: {
            type: 'postback',
            label: MESSAGES.cardDetails,
            data: `${ASK_PREFIX}${card.taskId}`,
            displayText: truncate(`${card.taskId} ${card.title}`, 300),
          },
        },
      ],
    },
  };
}

function quickReplyOf(reply: Reply): messagingApi.QuickReply | undefined {
  if (reply.choices.length === 0) return undefined;
  return {
    items: reply.choices.slice(0, LINE_MAX_QUICK_REPLIES).map((choice) => ({
      type: 'action',
      action: {
        type: 'message',
        label: truncate(choice.label, QUICK_REPLY_LABEL_MAX),
        text: truncate(choice.text, 300),
      },
    })),
  };
}
