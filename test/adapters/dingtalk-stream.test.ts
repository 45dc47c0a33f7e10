import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createStreamConnection, type StreamConnection } from '../../adapters/dingtalk/stream.ts';
import { FakeDingtalkApi } from './fakes/dingtalk-api.ts';
import { WebSocket } from 'ws';
import { FakeStreamGateway, TOPIC_ROBOT } from './fakes/dingtalk-stream.ts';

let api: FakeDingtalkApi;
let gateway: FakeStreamGateway;
let baseUrl: string;
let stream: StreamConnection | null = null;

beforeAll(async () => {
  gateway = new FakeStreamGateway();
  await gateway.start();
  api = new FakeDingtalkApi();
  api.attachGateway(gateway);
  baseUrl = await api.start();
});
afterAll(async () => {
  await gateway.stop();
  await api.stop();
});
afterEach(() => {
  stream?.stop();
  stream = null;
});

/** The real SDK against the fake gateway; received frame data is collected. */
function connect(options: { secret?: string; heartbeatMs?: number } = {}): { received: string[] } {
  const received: string[] = [];
  stream = createStreamConnection({
    clientId: api.clientId,
    clientSecret: options.secret ?? api.clientSecret,
    apiBaseUrl: baseUrl,
    logger: pino({ level: 'silent' }),
    onRobotMessage: async (data) => {
      received.push(data);
      return true;
    },
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
  });
  return { received };
}

const connections = () => gateway.calls.filter((c) => c.kind === 'connected').length;

describe('dingtalk stream mode (dingtalk-stream SDK against a fake gateway)', () => {
  it('connects through connections/open at DINGTALK_API_BASE_URL and acknowledges each frame at once', async () => {
    const before = connections();
    const { received } = connect();
    await stream?.start();
    expect(stream?.connected).toBe(true);
    expect(connections()).toBe(before + 1);

    const id = gateway.deliver({ msgId: 'm1', text: { content: '谁牵头川渝通办' } });
    await gateway.waitFor((c) => c.kind === 'ack' && c.messageId === id);
    expect(gateway.calls.find((c) => c.kind === 'ack' && c.messageId === id)).toMatchObject({ code: 200 });
    expect(received.map((d) => JSON.parse(d).msgId)[0]).toBe('m1');
    // Acknowledged, so the gateway never sends it again (a machine slow enough to miss the
    // fake's 300 ms may have had it resent before the acknowledgement arrived, never after).
    const ackedAt = gateway.calls.findIndex((c) => c.kind === 'ack' && c.messageId === id);
    await new Promise((resolve) => setTimeout(resolve, gateway.redeliverAfterMs * 2));
    expect(gateway.calls.slice(ackedAt).filter((c) => c.kind === 'sent' && c.messageId === id)).toEqual([]);
    // And the gateway's ping was answered.
    expect(gateway.calls.some((c) => c.kind === 'pong')).toBe(true);
  });

  it('reconnects after the connection dies, and gets the frames sent meanwhile', async () => {
    const { received } = connect();
    await stream?.start();
    const before = connections();
    gateway.drop();
    const id = gateway.deliver({ msgId: 'while-down' }); // no connection: it waits for the next one
    await gateway.waitFor(() => connections() > before);
    await gateway.waitFor((c) => c.kind === 'ack' && c.messageId === id);
    expect(received.map((d) => JSON.parse(d).msgId)).toContain('while-down');
  });

  it('notices a connection that went silent without closing (heartbeat), and reconnects', async () => {
    const { received } = connect({ heartbeatMs: 100 });
    await stream?.start();
    const before = connections();
    gateway.freeze();
    await gateway.waitFor(() => connections() > before);
    const id = gateway.deliver({ msgId: 'after-silence' });
    await gateway.waitFor((c) => c.kind === 'ack' && c.messageId === id);
    expect(received.map((d) => JSON.parse(d).msgId)).toContain('after-silence');
  });

  it('stays closed once stopped, even with a reconnect already scheduled', async () => {
    connect();
    await stream?.start();
    gateway.drop(); // the SDK schedules a reconnect a second later
    stream?.stop();
    const before = connections();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(connections()).toBe(before);
    expect(gateway.openConnections).toBe(0);
  });

  it('(the fake) sends a frame again to a client that does not acknowledge it', async () => {
    const { endpoint, ticket } = gateway.openConnection([{ type: 'CALLBACK', topic: TOPIC_ROBOT }]);
    const socket = new WebSocket(`${endpoint}?ticket=${ticket}`);
    await new Promise((resolve) => socket.once('open', resolve));
    try {
      const id = gateway.deliver({ msgId: 'never-acked' });
      await gateway.waitFor((c) => c.kind === 'sent' && c.messageId === id && c.redelivery);
      // A frame is acknowledged with its messageId and code 200; then it stops.
      socket.send(JSON.stringify({ code: 200, headers: { messageId: id }, message: 'OK', data: '{}' }));
      await gateway.waitFor((c) => c.kind === 'ack' && c.messageId === id);
      expect(gateway.acked(id)).toBe(true);
    } finally {
      socket.terminate();
    }
  });

  it('does not connect with a wrong AppSecret', async () => {
    const before = connections();
    connect({ secret: 'wrong-secret' });
    await stream?.start();
    expect(stream?.connected).toBe(false);
    expect(connections()).toBe(before);
  });
});
