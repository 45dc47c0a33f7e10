import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { Recorder } from './recorder.ts';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';

/** What the gateway saw: a connection opened, a frame sent (again), an acknowledgement, a ping answered. */
export type GatewayEvent =
  | { kind: 'connected'; connection: number }
  | { kind: 'sent'; messageId: string; redelivery: boolean }
  | { kind: 'ack'; messageId: string; code: number }
  | { kind: 'pong'; messageId: string };

/**
 * DingTalk's Stream mode gateway on loopback, as strict as the protocol: a connection needs a
 * one-time ticket from connections/open (and a subscription to the robot topic to get robot
 * messages); each CALLBACK frame must be acknowledged with a frame carrying its messageId and
 * code 200, or it is sent again after `redeliverAfterMs` (DingTalk: about 60 s), also on the next
 * connection after a drop; a SYSTEM ping must be echoed. `drop()` kills every connection without a
 * close handshake; `freeze()` leaves them open but silent, as a long-lived connection dies.
 */
export class FakeStreamGateway extends Recorder<GatewayEvent> {
  redeliverAfterMs = 300;
  private server: WebSocketServer | null = null;
  private url = '';
  private readonly tickets = new Set<string>();
  private readonly robotSubscribers = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly unacked = new Map<string, { frame: string; timer: NodeJS.Timeout | null }>();
  private connections = 0;
  /** Sockets that went silent: no pongs, no frames, and no close either. */
  private readonly frozen = new Set<WebSocket>();

  async start(): Promise<void> {
    // Pongs by hand, so a frozen connection can stop answering the client's heartbeat.
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: false });
    await new Promise<void>((resolve) => this.server?.once('listening', resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/connect`;
    this.server.on('connection', (socket, req) => this.accept(socket, req.url ?? ''));
  }

  async stop(): Promise<void> {
    for (const { timer } of this.unacked.values()) if (timer) clearTimeout(timer);
    for (const s of this.sockets) s.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** connections/open: an endpoint and a one-time ticket. */
  openConnection(subscriptions: { type: string; topic: string }[]): { endpoint: string; ticket: string } {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    if (subscriptions.some((s) => s.type === 'CALLBACK' && s.topic === TOPIC_ROBOT))
      this.robotSubscribers.add(ticket);
    return { endpoint: this.url, ticket };
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  /** Sends a robot message (its JSON as the frame's data) to the client; returns the frame's messageId. */
  deliver(robotMessage: unknown): string {
    const messageId = randomUUID();
    const frame = JSON.stringify({
      specVersion: '1.0',
      type: 'CALLBACK',
      headers: {
        appId: 'fake-app',
        connectionId: 'fake-connection',
        contentType: 'application/json',
        messageId,
        time: String(Date.now()),
        topic: TOPIC_ROBOT,
      },
      data: JSON.stringify(robotMessage),
    });
    this.unacked.set(messageId, { frame, timer: null });
    this.send(messageId, false);
    return messageId;
  }

  /** Kills every connection at once, with no close frame: the client must notice and reconnect. */
  drop(): void {
    for (const s of this.sockets) s.terminate();
  }

  /**
   * Every open connection goes silent without closing (a half-open TCP connection, as a long-lived
   * one dies): only the client's heartbeat can notice. New connections work.
   */
  freeze(): void {
    for (const s of this.sockets) this.frozen.add(s);
  }

  acked(messageId: string): boolean {
    return this.calls.some((c) => c.kind === 'ack' && c.messageId === messageId);
  }

  private accept(socket: WebSocket, path: string): void {
    const ticket = new URL(path, 'ws://x').searchParams.get('ticket') ?? '';
    if (!this.tickets.delete(ticket)) {
      socket.close(4001, 'invalid ticket');
      return;
    }
    const robot = this.robotSubscribers.delete(ticket);
    this.sockets.add(socket);
    this.connections += 1;
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.frozen.delete(socket);
    });
    socket.on('ping', (data) => {
      if (!this.frozen.has(socket)) socket.pong(data);
    });
    socket.on('message', (data) => {
      if (!this.frozen.has(socket)) this.onUpstream(String(data));
    });
    this.record({ kind: 'connected', connection: this.connections });
    const pingId = randomUUID();
    socket.send(
      JSON.stringify({
        specVersion: '1.0',
        type: 'SYSTEM',
        headers: {
          contentType: 'application/json',
          messageId: pingId,
          time: String(Date.now()),
          topic: 'ping',
        },
        data: JSON.stringify({ opaque: pingId }),
      }),
    );
    // Frames never acknowledged on an earlier connection come again on this one.
    if (robot) for (const messageId of this.unacked.keys()) this.send(messageId, true);
  }

  private send(messageId: string, redelivery: boolean): void {
    const pending = this.unacked.get(messageId);
    if (!pending) return;
    if (pending.timer) clearTimeout(pending.timer);
    const socket = [...this.sockets].find((s) => s.readyState === s.OPEN && !this.frozen.has(s));
    if (socket) {
      socket.send(pending.frame);
      this.record({ kind: 'sent', messageId, redelivery });
    }
    pending.timer = setTimeout(() => this.send(messageId, true), this.redeliverAfterMs);
  }

  private onUpstream(text: string): void {
    const frame = JSON.parse(text) as { code?: number; headers?: { messageId?: string; topic?: string } };
    const messageId = frame.headers?.messageId ?? '';
    if (frame.headers?.topic === 'ping') {
      this.record({ kind: 'pong', messageId });
      return;
    }
    const pending = this.unacked.get(messageId);
    this.record({ kind: 'ack', messageId, code: frame.code ?? 0 });
    if (pending && frame.code === 200) {
      if (pending.timer) clearTimeout(pending.timer);
      this.unacked.delete(messageId);
    }
  }
}
