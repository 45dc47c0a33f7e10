/**
 * Try the platforms without accounts: `npx tsx test/adapters/fakes/demo.ts`.
 * It runs the fake Bot API, the fake LINE API and the fake WeCom API on loopback, prints the
 * environment to start the server with, then sends each line typed here as a real, signed (for
 * WeCom, encrypted) webhook to the server and prints what the bot sent back through the fake APIs.
 *
 *   t 谁牵头川渝通办          Telegram private chat
 *   tg 谁牵头川渝通办         Telegram group, mentioning the bot
 *   l 谁牵头川渝通办          LINE one-to-one chat
 *   lg 小助手 谁牵头川渝通办   LINE group (keyword or mention needed)
 *   w 谁牵头川渝通办          WeCom (企业微信) private chat with the application
 *   wg 谁牵头川渝通办         WeCom group chat, @mentioning the application
 *   wb 1                      WeCom: tap button 1 of the last card
 *   d 谁牵头川渝通办          DingTalk one-to-one chat (Stream mode, through the fake gateway)
 *   dg 谁牵头川渝通办         DingTalk group, @mentioning the robot
 *
 * Ports, all optional: PORT (the server the webhooks go to, default 3000), FAKE_TELEGRAM_PORT
 * (default 8081), FAKE_LINE_PORT (default 8082) and FAKE_WECOM_PORT (default 8083) for the fake
 * APIs, FAKE_DINGTALK_PORT (default 8085) for the fake DingTalk OpenAPI. The start line it prints
 * carries the same PORT, so the server listens where the demo sends.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { FakeDingtalkApi, fakeRobotMessage } from './dingtalk-api.ts';
import { FakeStreamGateway } from './dingtalk-stream.ts';
import { FakeLineApi } from './line-api.ts';
import { FAKE_BOT, FakeTelegramApi, parseTelegramHtml } from './telegram-api.ts';
import { FakeWecomApi, shownText } from './wecom-api.ts';

const PORT = process.env.PORT ?? '3000';
const SERVER = `http://127.0.0.1:${PORT}`;
const TELEGRAM_SECRET = 'demo-webhook-secret';
const telegram = new FakeTelegramApi();
const line = new FakeLineApi();
const wecom = new FakeWecomApi();
let updateId = Date.now() % 1_000_000_000; // fresh ids on every run: the server de-duplicates

const telegramRoot = await telegram.start(Number(process.env.FAKE_TELEGRAM_PORT ?? 8081));
const lineRoot = await line.start(Number(process.env.FAKE_LINE_PORT ?? 8082));
const wecomRoot = await wecom.start(Number(process.env.FAKE_WECOM_PORT ?? 8083));
let lastCardButtons: string[] = [];

console.log(`Fake APIs are up. In another terminal, start the server with:

  PORT=${PORT} TELEGRAM_BOT_TOKEN=${telegram.token} TELEGRAM_WEBHOOK_SECRET=${TELEGRAM_SECRET} \\
  TELEGRAM_API_ROOT=${telegramRoot} \\
  LINE_CHANNEL_SECRET=${line.channelSecret} LINE_CHANNEL_ACCESS_TOKEN=${line.channelAccessToken} \\
  LINE_API_BASE_URL=${lineRoot} \\
  WECOM_CORP_ID=${wecom.corpId} WECOM_AGENT_ID=${wecom.agentId} WECOM_SECRET=${wecom.secret} \\
  WECOM_TOKEN=${wecom.callbackToken} WECOM_ENCODING_AES_KEY=${wecom.encodingAesKey} \\
  WECOM_API_BASE_URL=${wecomRoot} npm start

Then type lines here: "t <question>", "tg …", "l …", "lg …", "w …", "wg …", or "wb <n>" for a button.`);

telegram.onCall(({ method, payload }) => {
  if (method === 'sendMessage')
    console.log(`telegram → ${payload.chat_id}:\n${parseTelegramHtml(String(payload.text)).text}\n`);
  if (method === 'answerCallbackQuery' || method === 'answerInlineQuery') console.log(`telegram: ${method}`);
});
wecom.onCall(({ path, body }) => {
  if (path === '/cgi-bin/gettoken') return console.log('wecom: gettoken');
  const to = body.touser ?? `chat ${body.chatid}`;
  if (body.template_card) {
    lastCardButtons = (body.template_card.button_list ?? []).map((b) => b.key);
    const labels = (body.template_card.button_list ?? []).map((b, i) => `[${i + 1}] ${b.text}`);
    return console.log(`wecom ${path} → ${to}: card ${labels.join('  ')}`);
  }
  console.log(`wecom ${path} → ${to}:\n${shownText(body)}\n`);
});
line.onCall(({ path, body }) => {
  for (const m of body.messages ?? []) {
    console.log(
      `line ${path.endsWith('push') ? 'push' : 'reply'}: ${m.type === 'text' ? m.text : `[${m.type}] ${m.altText}`}`,
    );
  }
});

/** A WeCom callback, encrypted and signed as WeCom sends it. */
async function sendWecom(kind: string, text: string): Promise<void> {
  const server = `${SERVER}/wecom/callback`;
  let xml: string;
  if (kind === 'wb') {
    const key = lastCardButtons[Number(text) - 1];
    if (!key) return console.log('no such button on the last card');
    xml = wecom.eventXml('demo', 'template_card_event', { EventKey: key, TaskId: 'demo' });
  } else {
    const msgId = String(++updateId);
    xml =
      kind === 'wg'
        ? wecom.textXml('demo', `@小助手 ${text}`, msgId, 'wrkDemoGroup')
        : wecom.textXml('demo', text, msgId);
  }
  const [answer] = await wecom.sendCallback(wecom.callbackRequest(server, xml));
  console.log(`(callback ${answer?.status ?? 'unanswered'})`);
}

async function send(kind: string, text: string): Promise<void> {
  if (kind.startsWith('w')) return sendWecom(kind, text);
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
  const signature = line.webhookSignature(body);
  const res = await fetch(`${SERVER}/line/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': signature },
    body,
  });
  console.log(`(webhook ${res.status})`);
}

// DingTalk: the fake OpenAPI (token, robot sends, session webhooks) and the Stream gateway.
const dingtalk = new FakeDingtalkApi();
const dingtalkGateway = new FakeStreamGateway();
dingtalkGateway.redeliverAfterMs = 60_000; // as DingTalk: about a minute
await dingtalkGateway.start();
dingtalk.attachGateway(dingtalkGateway);
const dingtalkRoot = await dingtalk.start(Number(process.env.FAKE_DINGTALK_PORT ?? 8085));
console.log(`
For DingTalk (Stream mode: the server connects out to the fake gateway), add:

  DINGTALK_CLIENT_ID=${dingtalk.clientId} DINGTALK_CLIENT_SECRET=${dingtalk.clientSecret} \\
  DINGTALK_API_BASE_URL=${dingtalkRoot}

and type "d <question>" (one-to-one) or "dg <question>" (a group, @mentioning the robot).`);
dingtalk.onCall(({ via, to, text, buttons }) => {
  if (via === 'other') return;
  const extra = buttons.length > 0 ? `\n  [buttons] ${buttons.join(' | ')}` : '';
  console.log(`dingtalk ${via} → ${to}:\n${text}${extra}\n`);
});

for await (const input of createInterface({ input: process.stdin })) {
  const [kind = '', ...rest] = input.trim().split(/\s+/);
  if ((kind === 'd' || kind === 'dg') && rest.length > 0) {
    const group = kind === 'dg' ? { groupId: 'cidDemoGroup==' } : {};
    const id = dingtalkGateway.deliver(
      fakeRobotMessage(dingtalk, { staffId: 'demo-staff', ...group }, { text: { content: rest.join(' ') } }),
    );
    if (dingtalkGateway.openConnections === 0)
      console.log(`(no server connected yet; frame ${id} waits for it)`);
    continue;
  }
  if (!['t', 'tg', 'l', 'lg', 'w', 'wg', 'wb'].includes(kind) || rest.length === 0) {
    if (input.trim()) console.log('start a line with t, tg, l, lg, w, wg or wb, then the question');
    continue;
  }
  await send(kind, rest.join(' ')).catch((e: unknown) =>
    console.log(`could not reach the server: ${String(e)}`),
  );
}
await Promise.all([telegram.stop(), line.stop(), wecom.stop()]);
await Promise.all([dingtalk.stop(), dingtalkGateway.stop()]);
