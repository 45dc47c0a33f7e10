import type { InlineQueryResultArticle } from 'grammy/types';
import type { Answer } from '../../src/engine/types.ts';
import { taskCard } from '../task-card.ts';
import { escapeHtml } from './render.ts';

/** Telegram shows at most 50 results; a phone screen shows far fewer. */
const MAX_RESULTS = 10;

/**
 * "@bot 川渝通办" in any chat: each matching task becomes a result that posts the task's card.
 * A question the plan does not cover offers nothing rather than an unrelated task.
 */
export function inlineResults(answer: Answer): InlineQueryResultArticle[] {
  if (answer.intent === 'unknown' || answer.intent === 'help') return [];
  return answer.matches.slice(0, MAX_RESULTS).map((match) => {
    const card = taskCard(match);
    const heading = `${card.taskId} ${card.title}`;
    return {
      type: 'article',
      id: card.taskId,
      title: heading,
      description: card.lines.join('\n'),
      input_message_content: {
        message_text: [`<b>${escapeHtml(heading)}</b>`, ...card.lines.map(escapeHtml)].join('\n'),
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      },
    };
  });
}
