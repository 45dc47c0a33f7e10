/**
 * Try both platforms without accounts: `npx tsx test/adapters/fakes/demo.ts`.
 * It runs the fake Bot API and the fake LINE API on loopback, prints the environment to start the
 * server with, then sends each line typed here as a real, signed webhook to the server and prints
 * what the bot sent back through the fake APIs.
 *
 *   t 谁牵头川渝通办          Telegram private chat
 *   tg 谁牵头川渝通办         Telegram group, mentioning the bot
 *   l 谁牵头川渝通办          LINE one-to-one chat
 *   lg 小助手 谁牵头川渝通办   LINE group (keyword or mention needed)
 *
 * Ports, all optional: PORT (the server the webhooks go to, default 3000), FAKE_TELEGRAM_PORT
 * (default 8081) and FAKE_LINE_PORT (default 8082) for the fake APIs. The start line it prints
 * carries the same PORT, so the server listens where the demo sends.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { FakeLineApi } from './line-api.ts';
import { FAKE_BOT, FakeTelegramApi, parseTelegramHtml } from './telegram-api.ts';

const PORT = process.env.PORT ?? '3000';
const SERVER = `http://127.0.0.1:${PORT}`;
const TELEGRAM_SECRET = 'demo-webhook-secret';
const telegram = new FakeTelegramApi();
const line = new FakeLineApi();
let updateId = Date.now() % 1_000_000_000; // fresh ids on every run: the server de-duplicates

const telegramRoot = await telegram.start(Number(process.env.FAKE_TELEGRAM_PORT ?? 8081));
const lineRoot = await line.start(Number(process.env.FAKE_LINE_PORT ?? 8082));

console.log(`Fake APIs are up. In another terminal, start the server with:

  PORT=${PORT} TELEGRAM_BOT_TOKEN=${telegram.token} TELEGRAM_WEBHOOK_SECRET=${TELEGRAM_SECRET} \\
  TELEGRAM_API_ROOT=${telegramRoot} \\
  LINE_CHANNEL_SECRET=${line.channelSecret} LINE_CHANNEL_ACCESS_TOKEN=${line.channelAccessToken} \\
  LINE_API_BASE_URL=${lineRoot} npm start

Then type lines here: "t <question>", "tg <question>", "l <question>", "lg <question>".`);

telegram.onCall(({ method, payload }) => {
  if (method === 'sendMessage')
    console.log(`telegram → ${payload.chat_id}:\n${parseTelegramHtml(String(payload.text)).text}\n`);
  if (method === 'answerCallbackQuery' || method === 'answerInlineQuery') console.log(`telegram: ${method}`);
});
line.onCall(({ path, body }) => {
  for (const m of body.messages ?? []) {
    console.log(
      `line ${path.endsWith('push') ? 'push' : 'reply'}: ${m.type === 'text' ? m.text : `[${m.type}] ${m.altText}`}`,
    );
  }
});

async function send(kind: string, text: string): Promise<void> {
  const chat = kind.endsWith('g') ? 'group' : 'private';
  if (kind.startsWith('t')) {
    const mention = chat === 'group' ? `@${FAKE_BOT.username} ` : '';
    const update = {
      update_id: ++updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        from: { id: 1001, is_bot: false, first_name: 'Demo' },
        chat:
          chat === 'group'
            ? { id: -1001001, type: 'supergroup', title: 'Demo' }
            : { id: 1001, type: 'private' },
        text: `${mention}${text}`,
        ...(mention ? { entities: [{ type: 'mention', offset: 0, length: mention.length - 1 }] } : {}),
      },
    };
    const res = await fetch(`${SERVER}/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET },
      body: JSON.stringify(update),
    });
    console.log(`(webhook ${res.status})`);
    return;
  }
  const body = JSON.stringify({
    destination: 'Udemo',
    events: [
      {
        type: 'message',
        mode: 'active',
        timestamp: Date.now(),
        webhookEventId: randomUUID(),
        deliveryContext: { isRedelivery: false },
        replyToken: randomUUID(),
        source:
          chat === 'group'
            ? { type: 'group', groupId: 'Cdemo', userId: 'Udemo' }
            : { type: 'user', userId: 'Udemo' },
        message: { id: String(Date.now()), type: 'text', quoteToken: 'q', text },
      },
    ],
  });
  const signature = createHmac('sha256', line.channelSecret).update(body).digest('base64');
  const res = await fetch(`${SERVER}/line/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': signature },
    body,
  });
  console.log(`(webhook ${res.status})`);
}

for await (const input of createInterface({ input: process.stdin })) {
  const [kind = '', ...rest] = input.trim().split(/\s+/);
  if (!['t', 'tg', 'l', 'lg'].includes(kind) || rest.length === 0) {
    if (input.trim()) console.log('start a line with t, tg, l or lg, then the question');
    continue;
  }
  await send(kind, rest.join(' ')).catch((e: unknown) =>
    console.log(`could not reach the server: ${String(e)}`),
  );
}
await Promise.all([telegram.stop(), line.stop()]);
