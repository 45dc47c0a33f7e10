import type { DeliveryResult } from '../../src/core/delivery.ts';
import { textReply, type Reply } from '../../src/core/types.ts';
import { describeError } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import type { Adapter, AdapterDeps } from '../adapter.ts';
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

  /**
   * Every event through the delivery core, which keeps the events of one conversation in order and
   * runs conversations concurrently.
   */
  function handleEvents(events: LineEvent[]): Promise<DeliveryResult[]> {
    return Promise.all(events.map(handleEvent));
  }

  function handleEvent(event: LineEvent): Promise<DeliveryResult> {
    const conversationId = conversationIdOf(event.source);
    const action = actionOf(event);
    return deps.delivery.deliver(
      {
        platform: 'line',
        id: `event:${event.webhookEventId}`,
        conversationId,
        ...(action.kind === 'ignore' ? {} : { apologize: () => apologize(action.replyToken) }),
      },
      async (turn) => {
        if (action.kind === 'ignore' || !conversationId) return;
        if (action.kind === 'say') {
          turn.intent = 'command';
          await send(action.replyToken, textReply(action.text));
          return;
        }
        const reply = await turn.ask({
          platform: 'line',
          conversationId,
          userId: event.source?.userId ? `line:${event.source.userId}` : conversationId,
          text: action.text,
          isGroup: event.source?.type === 'group' || event.source?.type === 'room',
        });
        await send(action.replyToken, reply);
      },
    );
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
      throw toPlatformError(e);
    }
  }

  return {
    platform: 'line',
    mode: 'webhook',
    routes: () => [lineWebhookRoute({ channelSecret: options.channelSecret, handleEvents })],
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
      await deps.delivery.drain();
      await api.close();
    },
  };
}
