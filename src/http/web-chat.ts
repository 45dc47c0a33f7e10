import { randomUUID } from 'node:crypto';
import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import type { Adapter } from '../core/adapter.ts';
import type { Clock } from '../core/clock.ts';
import type { DeliveryCore } from '../core/delivery.ts';
import type { IncomingMessage, Reply } from '../core/types.ts';
import { toContractJson } from '../engine/contract.ts';
import type { Answer } from '../engine/types.ts';
import { BadInputError } from '../errors.ts';
import { MESSAGES } from '../messages.ts';
import type { Plan, Task } from '../plan/model.ts';
import type { Store } from '../store/types.ts';
import { ASK_BODY_LIMIT_BYTES, InboxQuerySchema, describeIssues, parseAskRequest } from './api-input.ts';
import { readBody } from './body.ts';
import type { NewChatGate } from './new-chats.ts';
import { sendJson, sendJsonBytes } from './router.ts';
import { WEB_PLATFORM, WebInboxPushTarget } from './web-inbox.ts';
import { toWebReply } from './web-reply.ts';

export interface WebChatDeps {
  delivery: Pick<DeliveryCore, 'deliver' | 'drain'>;
  plan: Plan;
  /** The plan clock: inbox items are stamped with it. */
  clock: Clock;
  /** Where the web chat's reminders wait (see web-inbox.ts). */
  store: Pick<Store, 'readInbox' | 'appendInbox'>;
  // Deployment (issue 13): who the client is behind a proxy, and how many chats it may start.
  /** The client's address for per-address limits (client-address.ts, TRUST_PROXY); default: the socket's. */
  clientAddress?: (req: HttpRequest) => string;
  /** The address the user reached the page at (public-url.ts), for absolute links; default: none. */
  publicUrl?: (req: HttpRequest) => string | null;
  /** Limits new chat ids per client address (new-chats.ts); default: no limit. */
  newChats?: Pick<NewChatGate, 'admit'>;
}

const PLATFORM = WEB_PLATFORM;
/**
 * A question without a chat id stands alone, and so does its inbox, which nobody could ever read:
 * such a turn is not on a platform that can be reminded, and a subscription is refused.
 */
const ANONYMOUS_PLATFORM = `${WEB_PLATFORM}-anonymous`;
const NO_STORE = { 'cache-control': 'no-store' };

/**
 * Commands (subscriptions) answer without the engine. The contract still wants an answer object,
 * so the reply becomes a help-intent answer citing the tasks it names.
 */
function answerOf(reply: Reply, question: string, plan: Plan): Answer {
  if (reply.answer) return reply.answer;
  const byId = new Map<string, Task>(plan.tasks.map((t) => [t.id, t]));
  return {
    question,
    intent: 'help',
    agency: null,
    matches: reply.citations.flatMap((c) => {
      const task = byId.get(c.taskId);
      return task ? [{ task, sentences: [], deadlines: [], targets: [] }] : [];
    }),
    text: reply.text,
    suggestions: reply.choices.map((c) => ({ label: c.label, text: c.text })),
    highlights: [],
  };
}

/**
 * The /api/ask body of an answer, encoded once per answer object. The answer cache
 * (engine/answer-cache.ts) hands out one shared, never-mutated object for a question asked again,
 * so its body is the same bytes every time; building and encoding it was a fifth of such a
 * request's CPU. Weak: a body goes when the cache lets its answer go.
 */
const contractBodies = new WeakMap<Answer, Buffer>();
function contractBody(answer: Answer): Buffer {
  let body = contractBodies.get(answer);
  if (body === undefined) {
    body = Buffer.from(JSON.stringify(toContractJson(answer)));
    contractBodies.set(answer, body);
  }
  return body;
}

/**
 * The web page as a chat platform, on the same delivery core as every other: a question comes in
 * as POST /api/ask (the answer contract) or POST /api/chat (the page's richer view), the reply is
 * the HTTP response, and reminders wait in the store's inbox (GET /api/inbox). A request is never
 * redelivered, so it carries no delivery id; its errors reach the HTTP server's one error mapping.
 */
export function createWebChatAdapter(deps: WebChatDeps): Adapter {
  const { delivery, plan, store } = deps;

  /** One conversation turn; null when rate limited (the 429 is already written). */
  async function converse(req: HttpRequest, res: ServerResponse) {
    const input = parseAskRequest(await readBody(req, ASK_BODY_LIMIT_BYTES));
    // Without a chat id a question stands alone: a fresh conversation nobody else shares.
    const chat = input.chat ?? `anon-${randomUUID()}`;
    // The browser owns the subscriptions and is the user; a page without a device id (an older
    // page, an API client) is its own browser.
    const device = input.chat ? `${PLATFORM}:${input.device ?? chat}` : null;
    const address = deps.clientAddress?.(req) ?? req.socket.remoteAddress ?? 'unknown';
    // A new device is a new subscriber, as a new chat is: both count, or invented device ids would
    // make unbounded subscriptions through one chat id.
    const admitted = async (gate: Pick<NewChatGate, 'admit'>) =>
      (await gate.admit(address, `${PLATFORM}:${chat}`)) &&
      (device === null || device === `${PLATFORM}:${chat}` || (await gate.admit(address, device)));
    if (input.chat && deps.newChats && !(await admitted(deps.newChats))) {
      sendJson(
        res,
        429,
        { error: 'rate_limited', message: MESSAGES.newChatsLimited },
        { 'retry-after': '3600', ...NO_STORE },
      );
      return null;
    }
    const publicUrl = deps.publicUrl?.(req) ?? null;
    const message: IncomingMessage = {
      platform: input.chat ? PLATFORM : ANONYMOUS_PLATFORM,
      conversationId: `${PLATFORM}:${chat}`,
      ...(device ? { subscriberId: device } : {}),
      ephemeral: !input.chat,
      // Per browser rather than per address: a whole office often shares one NAT address.
      userId: device ?? `${PLATFORM}:ip:${address}`,
      text: input.question,
      isGroup: false,
      ...(publicUrl ? { publicUrl } : {}),
    };
    let reply: Reply | null = null;
    const result = await delivery.deliver(
      // A question without a chat id is a conversation of one turn: there is nothing to queue it
      // behind, and its random id would only cost the log line a hash that correlates nothing.
      { platform: PLATFORM, id: null, conversationId: input.chat ? message.conversationId : null },
      async (turn) => {
        reply = await turn.ask(message);
      },
    );
    if (result.outcome === 'failed') throw result.error;
    const answered = reply as Reply | null;
    if (!answered) throw new Error('the web chat turn ended without a reply');
    if (answered.refused === 'rate_limited') {
      sendJson(
        res,
        429,
        { error: 'rate_limited', message: answered.text },
        { 'retry-after': '60', ...NO_STORE },
      );
      return null;
    }
    return { reply: answered, question: input.question, chat };
  }

  return {
    platform: PLATFORM,
    mode: 'webhook',
    routes: () => [
      {
        method: 'POST',
        path: '/api/ask',
        handler: async (req, res) => {
          const turn = await converse(req, res);
          if (turn)
            sendJsonBytes(res, 200, contractBody(answerOf(turn.reply, turn.question, plan)), NO_STORE);
        },
      },
      {
        // The web page's richer view of the same turn: cards, chips and highlights.
        method: 'POST',
        path: '/api/chat',
        handler: async (req, res) => {
          const turn = await converse(req, res);
          if (turn) sendJson(res, 200, toWebReply(turn.reply, turn.chat, plan), NO_STORE);
        },
      },
      {
        // The page polls this for reminders: its device's inbox, and the inboxes of chats that
        // subscribed before device ids existed. Anyone holding the id may read them, as they may
        // ask in that conversation: the id is the page's only credential, and reminders quote the
        // plan.
        method: 'GET',
        path: '/api/inbox',
        handler: async (req, res) => {
          const query = InboxQuerySchema.safeParse(
            Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams),
          );
          if (!query.success) throw new BadInputError(describeIssues(query.error), { cause: query.error });
          const { device, chat, after } = query.data;
          const owner = device ?? chat ?? '';
          const items = await store.readInbox(`${PLATFORM}:${owner}`, after ?? null);
          sendJson(
            res,
            200,
            {
              ...(device ? { device } : { chat }),
              items: items.map(({ id, message }) => ({
                id,
                createdAt: message.createdAt,
                text: message.text,
                choices: message.choices,
                citations: message.citations,
              })),
            },
            NO_STORE,
          );
        },
      },
    ],
    pushTarget: new WebInboxPushTarget(store, deps.clock),
    async start() {},
    async stop() {
      await delivery.drain();
    },
  };
}
