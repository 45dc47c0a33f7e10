import type { DeliveryResult } from '../../src/core/delivery.ts';
import { textReply } from '../../src/core/types.ts';
import { describeError } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import type { Adapter, AdapterDeps } from '../adapter.ts';
import { webhookStatus } from '../timing.ts';
import { DingtalkApi } from './api.ts';
import {
  conversationIdOf,
  isGroup,
  parseRobotMessage,
  questionOf,
  senderIdOf,
  type RobotMessage,
} from './message.ts';
import { Pacer, type PacerOptions } from '../pacer.ts';
import { DINGTALK_PACE, DingtalkSender, dingtalkPushTarget } from './sender.ts';
import type { StreamConnection, StreamOptions } from './stream.ts';
import { dingtalkCallbackRoute } from './webhook.ts';

/**
 * A stream frame still being handled is acknowledged after this long anyway, well inside DingTalk's
 * ~60 s redelivery: a slow answer (a group's pacing) must not be handled twice.
 */
const STREAM_ACK_WITHIN_MS = 30_000;

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

  const streamOptions: StreamOptions | null =
    options.mode === 'stream'
      ? {
          clientId: options.clientId,
          clientSecret: options.clientSecret,
          apiBaseUrl: options.apiBaseUrl,
          logger,
          async onRobotMessage(data) {
            let message: RobotMessage;
            try {
              message = parseRobotMessage(data);
            } catch (e) {
              // A frame we cannot read would be unreadable every time: logged, acknowledged, skipped.
              logger.warn(
                { platform: 'dingtalk', err: describeError(e) },
                'DingTalk stream frame unreadable',
              );
              return true;
            }
            // Acknowledged as a webhook is answered 200: once answered (or apologised, or known), or
            // when the work runs long (then DingTalk must not send it again while it goes on). Failed
            // with nothing delivered, or another holder's: left for DingTalk to send again.
            const status = await webhookStatus(
              handleMessage(message).then((r) => [r]),
              STREAM_ACK_WITHIN_MS,
            );
            return status === 200;
          },
        }
      : null;
  // The dingtalk-stream SDK (with its axios and ws) is loaded by start(), which runs once the server
  // listens: Stream mode has no route to serve before then, and loading it was ~5% of a start.
  let stream: StreamConnection | null = null;
  let stopped = false;

  return {
    platform: 'dingtalk',
    mode: streamOptions ? 'stream' : 'webhook',
    routes: () =>
      streamOptions ? [] : [dingtalkCallbackRoute({ appSecret: options.clientSecret, handleMessage, now })],
    pushTarget: dingtalkPushTarget(sender),
    async start() {
      // The token is fetched once now, so wrong credentials show at start-up, not at the first reply.
      await api.accessToken();
      if (streamOptions) {
        const { createStreamConnection } = await import('./stream.ts');
        if (stopped) return; // stopped while the SDK loaded: no connection to open
        stream ??= createStreamConnection(streamOptions);
        await stream.start();
      }
      logger.info({ platform: 'dingtalk', mode: options.mode }, 'adapter started');
    },
    async stop() {
      stopped = true;
      stream?.stop();
      await deps.delivery.drain();
    },
  };
}
