import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { messagingApi } from '@line/bot-sdk';
import { replyClient } from '../adapters/line/reply-client.ts';

/**
 * What one LINE reply costs the process that sends it, by client: the SDK's
 * `MessagingApiClient.replyMessage` (it sends with the global `fetch`), the adapter's reply client
 * (adapters/line/reply-client.ts, undici's `Pool.request`), and a bare `node:http` request with a
 * keep-alive agent, each with the same body and headers, to the same bare `node:http` server in
 * another process (bench/bare-server.mjs, which answers `{}`-like JSON). 16 calls in flight, as the
 * HTTP bench's 16 connections keep its LINE path busy. CPU is this process's user + system time per
 * call (process.cpuUsage), so it is the client's cost alone, part of the LINE figure of bench/http.ts.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CALLS = 6_000;
const IN_FLIGHT = 16;

const REPLY = {
  replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA',
  messages: [
    {
      type: 'text' as const,
      text: '“川渝通办”（4.1 协同推进一体化政务服务）牵头：省政府办公厅、省政务服务和资源交易服务中心、省大数据中心；节点：9月底前实现第三批“川渝通办”事项落地（2022-09-30）。',
    },
  ],
};

async function perCall(call: () => Promise<unknown>): Promise<number> {
  let started = 0;
  const run = async () => {
    while (started < CALLS) {
      started += 1;
      await call();
    }
  };
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: IN_FLIGHT }, run));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / CALLS;
}

export async function run(log: (line: string) => void): Promise<void> {
  const server = spawn(process.execPath, ['bench/bare-server.mjs'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<string>((resolve) =>
      server.stdout.once('data', (c: Buffer) => resolve(c.toString().trim())),
    );
    const baseURL = `http://127.0.0.1:${port}`;
    const sdk = new messagingApi.MessagingApiClient({ channelAccessToken: 'bench-token', baseURL });
    const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const body = JSON.stringify(REPLY);
    const bare = () =>
      new Promise<unknown>((resolve, reject) => {
        const req = request(
          `${baseURL}/v2/bot/message/reply`,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', authorization: 'Bearer bench-token' },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve(JSON.parse(text)));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const sdkCall = () => sdk.replyMessage(REPLY);
    const adapterClient = replyClient({
      channelAccessToken: 'bench-token',
      baseURL,
      userAgent: 'bench',
      timeoutMs: 30_000,
    });
    const adapterCall = () => adapterClient.reply(REPLY);
    // Warm both (compilation, connections), then measure each twice and keep the lower.
    await perCall(sdkCall);
    await perCall(adapterCall);
    await perCall(bare);
    const sdkUs = Math.min(await perCall(sdkCall), await perCall(sdkCall));
    const adapterUs = Math.min(await perCall(adapterCall), await perCall(adapterCall));
    const bareUs = Math.min(await perCall(bare), await perCall(bare));
    agent.destroy();
    await adapterClient.close();
    log(
      `reply-client: one LINE reply costs its sender ${sdkUs.toFixed(0)} µs of CPU through the SDK ` +
        `(replyMessage → fetch), ${adapterUs.toFixed(0)} µs through the adapter's reply client (undici), ` +
        `${bareUs.toFixed(0)} µs as a bare node:http request ` +
        `(${CALLS.toLocaleString('en')} calls, ${IN_FLIGHT} in flight, to a bare node:http server)`,
    );
  } finally {
    server.kill('SIGTERM');
  }
}
