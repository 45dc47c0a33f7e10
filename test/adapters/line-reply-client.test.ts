import { createServer } from 'node:net';
import { HTTPFetchError } from '@line/bot-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replyRetryDelayMs } from '../../adapters/line/api.ts';
import { toPlatformError } from '../../adapters/line/push.ts';
import { replyClient, type ReplyClient } from '../../adapters/line/reply-client.ts';
import { PlatformError } from '../../src/errors.ts';
import { FakeLineApi } from './fakes/line-api.ts';

let tokens = 0;
/** A reply with a token of its own: the fake, like LINE, takes a reply token once. */
const newReply = () => ({
  replyToken: `token-${++tokens}`,
  messages: [{ type: 'text' as const, text: '省大数据中心牵头' }],
});

describe('the LINE reply client', () => {
  const api = new FakeLineApi();
  let client: ReplyClient;
  let base: string;

  beforeEach(async () => {
    base = await api.start();
    client = replyClient({
      channelAccessToken: api.channelAccessToken,
      baseURL: base,
      userAgent: 'test',
      timeoutMs: 5_000,
    });
  });
  afterEach(async () => {
    await client.close();
    await api.stop();
    api.calls.length = 0;
  });

  it('posts the reply as JSON with the channel token, as the Messaging API wants it', async () => {
    const reply = newReply();
    await client.reply(reply);
    const [call] = api.replies();
    expect(call?.headers.authorization).toBe(`Bearer ${api.channelAccessToken}`);
    expect(call?.headers['content-type']).toBe('application/json');
    expect(call?.body).toEqual(reply);
  });

  it('sends to the origin of a base URL that has a path, as the SDK resolves its absolute paths', async () => {
    await client.close();
    client = replyClient({
      channelAccessToken: api.channelAccessToken,
      baseURL: `${base}/some/prefix/`,
      userAgent: 'test',
      timeoutMs: 5_000,
    });
    await client.reply(newReply());
    expect(api.replies()).toHaveLength(1);
  });

  it("rejects another status with the SDK's HTTPFetchError, keeping LINE's headers and body", async () => {
    api.failNext('/v2/bot/message/reply', {
      status: 429,
      message: 'Too Many Requests',
      headers: { 'retry-after': '2' },
    });
    const error = await client.reply(newReply()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HTTPFetchError);
    const fetchError = error as HTTPFetchError;
    expect([fetchError.status, fetchError.statusText]).toEqual([429, 'Too Many Requests']);
    expect(fetchError.headers.get('retry-after')).toBe('2');
    expect(JSON.parse(fetchError.body)).toEqual({ message: 'Too Many Requests' });
    expect(replyRetryDelayMs(error)).toBe(2_000);
    expect(toPlatformError(error)).toMatchObject({ transient: true, retryAfterMs: 2_000 });
  });

  it('rejects a used reply token (400) as a permanent failure, not retried', async () => {
    const reply = newReply();
    await client.reply(reply);
    const error = await client.reply(reply).catch((e: unknown) => e);
    expect((error as HTTPFetchError).status).toBe(400);
    expect(replyRetryDelayMs(error)).toBeNull();
    expect(toPlatformError(error)).toMatchObject({ transient: false });
  });

  it('rejects as fetch does when LINE cannot be reached: transient, retried, with the cause kept', async () => {
    // A port that was just free and is closed again: connecting is refused.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const unreachable = replyClient({
      channelAccessToken: 'x',
      baseURL: `http://127.0.0.1:${port}`,
      userAgent: 'test',
      timeoutMs: 5_000,
    });
    const error = await unreachable.reply(newReply()).catch((e: unknown) => e);
    await unreachable.close();
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toBe('fetch failed');
    expect((error as TypeError).cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(replyRetryDelayMs(error)).toBe(500);
    expect(toPlatformError(error)).toBeInstanceOf(PlatformError);
    expect(toPlatformError(error)).toMatchObject({ transient: true });
  });
});
