import { textReply, type Reply } from '../../src/core/types.ts';
import { describeError } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { DELIVERY_DEDUP_TTL_MS, type Adapter, type AdapterDeps } from '../adapter.ts';
import { InFlight } from '../in-flight.ts';
import { recordTurn } from '../observe.ts';
import { questionOf, type LineAddressing } from './addressing.ts';
import { conversationIdOf, type LineEvent } from './event-schema.ts';
import { lineApi } from './api.ts';
import { linePushTarget, toPlatformError } from './push.ts';
import { ASK_PREFIX, renderReply } from './render.ts';
import { lineWebhookRoute } from './webhook.ts';

export interface LineOptions {
  channelSecret: string;
  channelAccessToken: string;
  apiBaseUrl: string;
  keyword: string;
}

/** What an event calls for: a question for the core, a fixed answer, or nothing. */
type EventAction =
  | { kind: 'ask'; text: string; replyToken: string }
  | { kind: 'say'; text: string; replyToken: string }
  | { kind: 'ignore' };

export function createLineAdapter(options: LineOptions, deps: AdapterDeps): Adapter {
  const { logger } = deps;
  const api = lineApi({ channelAccessToken: options.channelAccessToken, baseURL: options.apiBaseUrl });
  const addressing: LineAddressing = { botUserId: null, keyword: options.keyword };
  const inFlight = new InFlight();

  /** Events of one conversation in order; conversations concurrently. */
  async function handleEvents(events: LineEvent[]): Promise<void> {
    const byConversation = new Map<string, LineEvent[]>();
    for (const event of events) {
      const key = conversationIdOf(event.source) ?? event.webhookEventId;
      byConversation.set(key, [...(byConversation.get(key) ?? []), event]);
    }
    await Promise.all(
      [...byConversation.values()].map(async (queue) => {
        for (const event of queue) await handleEvent(event);
      }),
    );
  }

  /** The one error handler: whatever fails inside an event, the user hears an apology. */
  async function handleEvent(event: LineEvent): Promise<void> {
    const startedAt = performance.now();
    const conversationId = conversationIdOf(event.source);
    const turn = { conversationId, intent: 'ignored' };
    let replyToken: string | null = null;
    try {
      if (!(await firstDelivery(event.webhookEventId))) {
        turn.intent = 'duplicate';
        return;
      }
      const action = actionOf(event);
      if (action.kind === 'ignore' || !conversationId) return;
      replyToken = action.replyToken;
      if (action.kind === 'say') {
        turn.intent = 'command';
        await send(action.replyToken, textReply(action.text));
        return;
      }
      const reply = await deps.bot.handle({
        platform: 'line',
        conversationId,
        userId: event.source?.userId ? `line:${event.source.userId}` : conversationId,
        text: action.text,
        isGroup: event.source?.type === 'group' || event.source?.type === 'room',
      });
      turn.intent = reply.answer?.intent ?? 'command';
      await send(action.replyToken, reply);
    } catch (e) {
      turn.intent = 'error';
      logger.error({ err: describeError(e), event: event.webhookEventId }, 'line event failed');
      if (replyToken) await apologize(replyToken);
    } finally {
      recordTurn(logger, { platform: 'line', startedAt, ...turn });
    }
  }

  function actionOf(event: LineEvent): EventAction {
    // In standby mode another channel module owns the conversation.
    if (event.mode === 'standby' || !event.replyToken) return { kind: 'ignore' };
    const replyToken = event.replyToken;
    switch (event.type) {
      case 'message': {
        const text = questionOf(event, addressing);
        if (text === null) return { kind: 'ignore' };
        return { kind: 'ask', text: text || '帮助', replyToken }; // a bare mention asks what it can do
      }
      case 'postback': {
        const data = event.postback?.data ?? '';
        const text = data.startsWith(ASK_PREFIX) ? data.slice(ASK_PREFIX.length).trim() : '';
        return text
          ? { kind: 'ask', text, replyToken }
          : { kind: 'say', text: MESSAGES.buttonExpired, replyToken };
      }
      case 'follow':
        return { kind: 'ask', text: '帮助', replyToken };
      case 'join':
        // In a group, how to address the bot matters more than what it knows.
        return { kind: 'say', text: MESSAGES.lineGroupUsage(options.keyword), replyToken };
      default:
        return { kind: 'ignore' };
    }
  }

  async function send(replyToken: string, reply: Reply): Promise<void> {
    try {
      await api.reply(replyToken, renderReply(reply));
    } catch (e) {
      throw toPlatformError(e);
    }
  }

  async function apologize(replyToken: string): Promise<void> {
    try {
      await api.reply(replyToken, [{ type: 'text', text: MESSAGES.internalError }]);
    } catch (e) {
      logger.error({ err: describeError(toPlatformError(e)) }, 'line apology not delivered');
    }
  }

  /** True the first time an event id is seen. A broken store must not silence the bot. */
  async function firstDelivery(webhookEventId: string): Promise<boolean> {
    try {
      return await deps.store.markSeen(`line:event:${webhookEventId}`, DELIVERY_DEDUP_TTL_MS);
    } catch (e) {
      logger.warn({ err: describeError(e) }, 'event de-duplication unavailable');
      return true;
    }
  }

  return {
    platform: 'line',
    mode: 'webhook',
    routes: () => [lineWebhookRoute({ channelSecret: options.channelSecret, handleEvents, inFlight })],
    pushTarget: linePushTarget(api),
    async start() {
      try {
        addressing.botUserId = await api.botUserId();
      } catch (e) {
        // Mentions still carry isSelf; only the userId fallback is lost. Say so and go on.
        logger.warn({ err: describeError(toPlatformError(e)) }, 'LINE bot info unavailable');
      }
      logger.info({ platform: 'line', mode: 'webhook' }, 'adapter started');
    },
    async stop() {
      await inFlight.drain();
    },
  };
}
