import { DWClient, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import { describeError } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';

export interface StreamOptions {
  clientId: string;
  clientSecret: string;
  /** Where POST /v1.0/gateway/connections/open lives: https://api.dingtalk.com, or a fake. */
  apiBaseUrl: string;
  logger: Logger;
  /**
   * A robot message frame's `data` (JSON text). The frame is acknowledged when this resolves true;
   * left unacknowledged (false, or a rejection), DingTalk sends it again after about 60 s.
   */
  onRobotMessage: (data: string) => Promise<boolean>;
  /** The SDK's heartbeat period (8 s); tests shorten it to see a dead connection noticed. */
  heartbeatMs?: number;
}

export interface StreamConnection {
  /** Opens the first connection; the SDK keeps reconnecting on its own after any drop. */
  start(): Promise<void>;
  stop(): void;
  readonly connected: boolean;
}

/**
 * Stream mode through the official `dingtalk-stream` SDK (DWClient), which owns the protocol:
 * opening a connection (endpoint + one-time ticket), answering the gateway's pings, reconnecting a
 * second after any close, and heartbeats (`keepAlive`: a WebSocket ping every 8 s, and a socket
 * that misses its pong is terminated, which triggers the reconnect; this catches a connection that
 * died silently, as long-lived ones are reported to after about two days).
 *
 * Three things are ours, each the smallest change that works:
 * - The gateway URL: the SDK posts to a hard-coded https://api.dingtalk.com/v1.0/gateway/connections/open.
 *   `getEndpoint` (public in the SDK's API) is overridden to post the same body to the same path
 *   under DINGTALK_API_BASE_URL; it sets the SDK's `dw_url` (TypeScript-private) as the SDK's own
 *   method does. Production and tests run this same code.
 * - Stopping: a reconnect the SDK had already scheduled would reopen the socket after
 *   `disconnect()`; a stopped client refuses to fetch an endpoint, so it stays closed.
 * - Heartbeats: the SDK starts a new heartbeat interval on every connection and clears it only on
 *   `disconnect()`; two intervals would terminate a healthy socket, so the old one is cleared first.
 *
 * Frames: the SDK leaves the acknowledgement to us (`socketCallBackResponse`, any time after the
 * frame came), and DingTalk sends an unacknowledged frame again after about 60 s. So a robot message
 * is acknowledged once `onRobotMessage` says it was dealt with (answered, or known already), and a
 * message whose answer and apology both failed is left to come again, as a webhook's 500 is.
 * A frame that is not JSON is logged and skipped rather than thrown inside the socket's event handler.
 */
export function createStreamConnection(options: StreamOptions): StreamConnection {
  const client = new GatewayClient(options);
  const { logger } = options;
  client.registerCallbackListener(TOPIC_ROBOT, (frame: DWClientDownStream) => {
    const { messageId } = frame.headers;
    options
      .onRobotMessage(frame.data)
      .then((dealtWith) => {
        // The socket may have been replaced meanwhile: the acknowledgement goes on the current one.
        if (dealtWith) client.socketCallBackResponse(messageId, null);
      })
      .catch((e: unknown) =>
        logger.warn(
          { platform: 'dingtalk', err: describeError(e) },
          'DingTalk stream frame not acknowledged; DingTalk sends it again',
        ),
      );
  });
  return {
    async start() {
      client.stopped = false;
      await client.connect();
      if (!client.connected) {
        options.logger.warn(
          { platform: 'dingtalk' },
          'DingTalk stream not connected yet; the SDK retries every second',
        );
      } else options.logger.info({ platform: 'dingtalk', mode: 'stream' }, 'DingTalk stream connected');
    },
    stop() {
      client.stopped = true;
      client.disconnect();
    },
    get connected() {
      return client.connected;
    },
  };
}

/** What the overrides touch of the SDK's TypeScript-private state (present at run time in 2.1.5). */
interface DWClientInternals {
  dw_url?: string;
  heartbeatIntervallId?: NodeJS.Timeout;
  heartbeat_interval: number;
}

class GatewayClient extends DWClient {
  stopped = false;

  constructor(private readonly options: StreamOptions) {
    super({ clientId: options.clientId, clientSecret: options.clientSecret, keepAlive: true });
    if (options.heartbeatMs) (this as unknown as DWClientInternals).heartbeat_interval = options.heartbeatMs;
  }

  override async getEndpoint(): Promise<this> {
    if (this.stopped) throw new Error('stream stopped');
    const config = this.getConfig();
    const res = await fetch(`${this.options.apiBaseUrl.replace(/\/+$/, '')}/v1.0/gateway/connections/open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        ua: config.ua ?? '',
        subscriptions: config.subscriptions,
      }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await res.json().catch(() => ({}))) as { endpoint?: string; ticket?: string };
    if (!res.ok || !body.endpoint || !body.ticket) {
      // The reason without the body: it may echo what we sent.
      this.options.logger.warn(
        { platform: 'dingtalk', status: res.status },
        'DingTalk stream endpoint refused',
      );
      throw new Error(`gateway connections/open answered ${res.status}`);
    }
    if (this.stopped) throw new Error('stream stopped');
    (this as unknown as DWClientInternals).dw_url =
      `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  override _connect(): Promise<void> {
    const internals = this as unknown as DWClientInternals;
    clearInterval(internals.heartbeatIntervallId);
    return super._connect();
  }

  override onDownStream(data: string): void {
    try {
      super.onDownStream(data);
    } catch (e) {
      this.options.logger.warn(
        { platform: 'dingtalk', err: describeError(e) },
        'DingTalk stream frame skipped',
      );
    }
  }
}
