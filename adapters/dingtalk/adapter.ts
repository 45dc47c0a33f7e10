import type { DeliveryResult } from '../../src/core/delivery.ts';
import { textReply } from '../../src/core/types.ts';
import { describeError } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import type { Adapter, AdapterDeps } from '../adapter.ts';
import { DingtalkApi } from './api.ts';
import {
  conversationIdOf,
  isGroup,
  parseRobotMessage,
  questionOf,
  senderIdOf,
  type RobotMessage,
} from './message.ts';
import { DINGTALK_PACE, Pacer, type PacerOptions } from './pacer.ts';
import { DingtalkSender, dingtalkPushTarget } from './sender.ts';
import { createStreamConnection } from './stream.ts';
import { dingtalkCallbackRoute } from './webhook.ts';

export interface DingtalkOptions {
  /** AppKey (Client ID) and AppSecret (Client Secret) of the enterprise internal app. */
  clientId: string;
  clientSecret: string;
  /** The robot's robotCode (the AppKey, for an enterprise internal app's robot). */
  robotCode: string;
  mode: 'stream' | 'http';
  apiBaseUrl: string;
  /** Overrides DingTalk's send limits (tests). */
  pace?: PacerOptions;
  /** Real time in epoch ms (signature window, session webhook expiry); not the plan's clock. */
  now?: () => number;
}

/**
 * DingTalk's enterprise internal robot (企业内部机器人). Messages arrive over Stream mode (an
 * outbound WebSocket through the dingtalk-stream SDK: no public address needed, which is what
 * government intranets have) or, in http mode, as signed POSTs to /dingtalk/callback. Either way
 * each message goes through the delivery core (de-duplicated on msgId, answered in order, an
 * apology when handling fails, one log line) and is answered through its session webhook, or the
 * proactive APIs once that has expired. Reminders always use the proactive APIs.
 */
export function createDingtalkAdapter(options: DingtalkOptions, deps: AdapterDeps): Adapter {
  const { logger } = deps;
  const now = options.now ?? Date.now;
  const api = new DingtalkApi({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    robotCode: options.robotCode,
    baseUrl: options.apiBaseUrl,
    now,
  });
  const sender = new DingtalkSender({
    api,
    pacer: new Pacer(options.pace ?? DINGTALK_PACE),
    logger,
    apiBaseUrl: options.apiBaseUrl,
    now,
  });

  function handleMessage(message: RobotMessage): Promise<DeliveryResult> {
    const conversationId = conversationIdOf(message);
    const text = questionOf(message);
    return deps.delivery.deliver(
      {
        platform: 'dingtalk',
        id: `msg:${message.msgId}`,
        conversationId,
        ...(text === null
          ? {}
          : { apologize: () => sender.reply(message, textReply(MESSAGES.internalError)) }),
      },
      async (turn) => {
        if (text === null) return; // a picture, a file: nothing asked
        const reply = await turn.ask({
          platform: 'dingtalk',
          conversationId,
          userId: senderIdOf(message),
          text,
          isGroup: isGroup(message),
        });
        await sender.reply(message, reply);
      },
    );
  }

  const stream =
    options.mode === 'stream'
      ? createStreamConnection({
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          apiBaseUrl: options.apiBaseUrl,
          logger,
          onRobotMessage(data) {
            let message: RobotMessage;
            try {
              message = parseRobotMessage(data);
            } catch (e) {
              // Acknowledged already; a frame we cannot read is logged, never thrown in the socket.
              logger.warn(
                { platform: 'dingtalk', err: describeError(e) },
                'DingTalk stream frame unreadable',
              );
              return;
            }
            // The core turns the work's failures into outcomes; anything else is still logged, never
            // left as an unhandled rejection.
            handleMessage(message).catch((e: unknown) =>
              logger.error({ platform: 'dingtalk', err: describeError(e) }, 'DingTalk message not handled'),
            );
          },
        })
      : null;

  return {
    platform: 'dingtalk',
    mode: stream ? 'stream' : 'webhook',
    routes: () =>
      stream ? [] : [dingtalkCallbackRoute({ appSecret: options.clientSecret, handleMessage, now })],
    pushTarget: dingtalkPushTarget(sender),
    async start() {
      // The token is fetched once now, so wrong credentials show at start-up, not at the first reply.
      await api.accessToken();
      if (stream) await stream.start();
      logger.info({ platform: 'dingtalk', mode: options.mode }, 'adapter started');
    },
    async stop() {
      stream?.stop();
      await deps.delivery.drain();
    },
  };
}
