import type { Logger } from '../log.ts';
import { hashId } from '../log.ts';
import { metrics } from '../metrics.ts';

/**
 * What became of one delivery. `intent` is the engine's intent when a question was answered,
 * otherwise what the adapter did (command, callback, inline, ignored) or what the delivery core
 * decided (duplicate, busy, error).
 */
export interface TurnRecord {
  platform: string;
  conversationId: string | null;
  intent: string;
  /** performance.now() when the update arrived. */
  startedAt: number;
  /** Why it failed (describeError), when intent is "error". */
  err?: { code: string; message: string };
}

/** Intents that are not answers: counted as requests, not in the answer metrics. */
const NOT_ANSWERS = new Set(['ignored', 'duplicate', 'busy', 'error', 'rate_limited', 'callback', 'inline']);

/**
 * The one log line (and metrics) per update, written by the delivery core for every platform.
 * Never the text, never the raw payload; the conversation id is hashed.
 */
export function recordTurn(logger: Logger, turn: TurnRecord): void {
  const ms = Math.round((performance.now() - turn.startedAt) * 100) / 100;
  const conversation = turn.conversationId ? hashId(turn.conversationId) : null;
  metrics.inc('workplan_requests_total', { platform: turn.platform });
  if (!NOT_ANSWERS.has(turn.intent)) {
    metrics.inc('workplan_answers_total', { intent: turn.intent, platform: turn.platform });
    metrics.observe('workplan_answer_latency_ms', ms, { platform: turn.platform });
    if (turn.intent === 'unknown') metrics.inc('workplan_unknown_answers_total', { platform: turn.platform });
  }
  const line = {
    platform: turn.platform,
    conversation,
    intent: turn.intent,
    ms,
    ...(turn.err ? { err: turn.err } : {}),
  };
  if (turn.intent === 'error') logger.warn(line, 'update failed');
  else logger.info(line, 'update');
}
