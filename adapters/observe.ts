import type { Logger } from '../src/log.ts';
import { hashId } from '../src/log.ts';
import { metrics } from '../src/metrics.ts';

/**
 * What became of one delivery. `intent` is the engine's intent when a question was answered,
 * otherwise what the adapter did: command, callback, inline, ignored, duplicate, error.
 */
export interface TurnRecord {
  platform: string;
  conversationId: string | null;
  intent: string;
  startedAt: number;
}

/** The one log line (and metrics) per update. Never the text, never the raw payload. */
export function recordTurn(logger: Logger, turn: TurnRecord): void {
  const ms = Math.round((performance.now() - turn.startedAt) * 100) / 100;
  const conversation = turn.conversationId ? hashId(turn.conversationId) : null;
  metrics.inc('workplan_requests_total', { platform: turn.platform });
  if (!NOT_ANSWERS.has(turn.intent)) {
    metrics.inc('workplan_answers_total', { intent: turn.intent, platform: turn.platform });
    metrics.observe('workplan_answer_latency_ms', ms, { platform: turn.platform });
    if (turn.intent === 'unknown') metrics.inc('workplan_unknown_answers_total', { platform: turn.platform });
  }
  const line = { platform: turn.platform, conversation, intent: turn.intent, ms };
  if (turn.intent === 'error') logger.warn(line, 'update failed');
  else logger.info(line, 'update');
}

const NOT_ANSWERS = new Set(['ignored', 'duplicate', 'error', 'callback', 'inline']);
