import { randomUUID } from 'node:crypto';
import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import type { Bot } from '../core/bot.ts';
import type { Clock } from '../core/clock.ts';
import { localDate } from '../core/plan-time.ts';
import type { IncomingMessage, Reply } from '../core/types.ts';
import { toContractJson } from '../engine/contract.ts';
import type { Answer } from '../engine/types.ts';
import { BadInputError } from '../errors.ts';
import { hashId, type Logger } from '../log.ts';
import { metrics } from '../metrics.ts';
import type { Plan, Task } from '../plan/model.ts';
import { singlePlanSet, type LoadedPlan, type PlanSet } from '../plan/plan-set.ts';
import type { Store } from '../store/types.ts';
import {
  ASK_BODY_LIMIT_BYTES,
  InboxQuerySchema,
  parseAskRequest,
  PlanQuerySchema,
  TaskIdSchema,
  TaskQuerySchema,
  describeIssues,
} from './api-input.ts';
import { readBody } from './body.ts';
import { MESSAGES } from '../messages.ts';
import type { NewChatGate } from './new-chats.ts';
import { sendJson, type Route } from './router.ts';
import { WEB_PLATFORM } from './web-inbox.ts';
import { toWebReply } from './web-reply.ts';

export interface ApiDeps {
  bot: Pick<Bot, 'handle'>;
  plan: Plan;
  /** Every loaded plan (issue 10): ?plan=KEY picks one for the task and deadline routes. */
  plans?: PlanSet;
  /** The plan clock (PLAN_NOW), so the deadline timeline marks the same "today" the bot uses. */
  clock: Clock;
  /** PLAN_TZ: "today" is the calendar day there, not on the server. */
  timeZone: string;
  logger: Logger;
  /** Where the web chat's reminders wait (see web-inbox.ts). */
  store: Pick<Store, 'readInbox'>;
  // Deployment (issue 13): who the client is behind a proxy, and how many chats it may start.
  /** The client's address for per-address limits (client-address.ts, TRUST_PROXY); default: the socket's. */
  clientAddress?: (req: HttpRequest) => string;
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

export function apiRoutes(deps: ApiDeps): Route[] {
  const { bot, plan, clock, timeZone, logger, store } = deps;
  const plans = deps.plans ?? singlePlanSet(plan);

  /** The plan ?plan= names (the default without it); 404 for a key no loaded plan has. */
  function planAsked(req: HttpRequest): string | undefined {
    const params = Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams);
    const parsed = PlanQuerySchema.safeParse(params);
    if (!parsed.success) throw new BadInputError(describeIssues(parsed.error), { cause: parsed.error });
    return parsed.data.plan;
  }

  /** The plan of that key (the default without one); null after a 404 naming the loaded plans. */
  function planByKey(key: string | undefined, res: ServerResponse): LoadedPlan | null {
    if (!key) return plans.defaultEntry();
    const found = plans.get(key);
    if (found) return found;
    const loaded = plans
      .entries()
      .map((e) => e.key)
      .join(', ');
    sendJson(res, 404, { error: 'not_found', message: `no plan ${key}; loaded: ${loaded}` });
    return null;
  }

  /** What the plan switcher shows: every plan's key, name, title and year, the default marked. */
  const describe = (e: LoadedPlan) => ({
    key: e.key,
    name: e.name,
    title: e.plan.title,
    year: e.plan.year,
    region: e.plan.meta.region,
    issuer: e.plan.meta.issuer,
    tasks: e.plan.tasks.length,
    default: e === plans.defaultEntry(),
  });

  /** One conversation turn through the same Bot path as every chat adapter; null when rate limited. */
  async function converse(req: HttpRequest, res: ServerResponse) {
    metrics.inc('workplan_requests_total', { platform: PLATFORM });
    const input = parseAskRequest(await readBody(req, ASK_BODY_LIMIT_BYTES));
    // Without a chat id a question stands alone: a fresh conversation nobody else shares.
    const chat = input.chat ?? `anon-${randomUUID()}`;
    // The browser owns the subscriptions and is the user; a page without a device id (an older
    // page, an API client) is its own browser.
    const device = input.chat ? `${PLATFORM}:${input.device ?? chat}` : null;
    const address = deps.clientAddress?.(req) ?? req.socket.remoteAddress ?? 'unknown';
    if (input.chat && deps.newChats && !(await deps.newChats.admit(address, `${PLATFORM}:${chat}`))) {
      sendJson(
        res,
        429,
        { error: 'rate_limited', message: MESSAGES.newChatsLimited },
        { 'retry-after': '3600', ...NO_STORE },
      );
      return null;
    }
    const message: IncomingMessage = {
      platform: input.chat ? PLATFORM : ANONYMOUS_PLATFORM,
      conversationId: `${PLATFORM}:${chat}`,
      ...(device ? { subscriberId: device } : {}),
      ephemeral: !input.chat,
      // Per browser rather than per address: a whole office often shares one NAT address.
      userId: device ?? `${PLATFORM}:ip:${address}`,
      text: input.question,
      isGroup: false,
    };
    const started = performance.now();
    const reply = await bot.handle(message);
    const ms = performance.now() - started;
    if (reply.refused === 'rate_limited') {
      sendJson(
        res,
        429,
        { error: 'rate_limited', message: reply.text },
        { 'retry-after': '60', ...NO_STORE },
      );
      return null;
    }
    const intent = reply.answer?.intent ?? 'command';
    metrics.observe('workplan_answer_latency_ms', ms, { platform: PLATFORM });
    metrics.inc('workplan_answers_total', { intent, platform: PLATFORM });
    if (intent === 'unknown') metrics.inc('workplan_unknown_answers_total', { platform: PLATFORM });
    logger.info(
      {
        platform: PLATFORM,
        conversation: hashId(message.conversationId),
        intent,
        ms: Math.round(ms * 100) / 100,
      },
      'answered',
    );
    return { reply, question: input.question, chat };
  }

  return [
    {
      method: 'POST',
      path: '/api/ask',
      handler: async (req, res) => {
        const turn = await converse(req, res);
        if (turn) sendJson(res, 200, toContractJson(answerOf(turn.reply, turn.question, plan)), NO_STORE);
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
      // subscribed before device ids existed. Anyone holding the id may read them, as they may ask
      // in that conversation: the id is the page's only credential, and reminders quote the plan.
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
    {
      method: 'GET',
      path: '/api/plans',
      handler: async (_req, res) => {
        sendJson(res, 200, { plans: plans.entries().map(describe) }, NO_STORE);
      },
    },
    {
      method: 'GET',
      path: '/api/tasks',
      handler: async (req, res) => {
        const query = TaskQuerySchema.safeParse(
          Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams),
        );
        if (!query.success) throw new BadInputError(describeIssues(query.error), { cause: query.error });
        const { section } = query.data;
        const chosen = planByKey(query.data.plan, res);
        if (!chosen) return;
        const { plan, key } = chosen;
        sendJson(res, 200, {
          plan: key,
          title: plan.title,
          year: plan.year,
          planWideResponsible: plan.planWideResponsible,
          sections: plan.sections.filter((s) => section === undefined || s.number === section),
          tasks: plan.tasks.filter((t) => section === undefined || t.sectionNumber === section),
        });
      },
    },
    {
      method: 'GET',
      path: '/api/tasks/:id',
      handler: async (req, res, params) => {
        const id = TaskIdSchema.safeParse(params.id);
        if (!id.success) throw new BadInputError(describeIssues(id.error), { cause: id.error });
        const chosen = planByKey(planAsked(req), res);
        if (!chosen) return;
        const task = chosen.plan.tasks.find((t) => t.id === id.data);
        if (!task)
          return sendJson(res, 404, { error: 'not_found', message: `no task ${id.data} in the plan` });
        sendJson(res, 200, task);
      },
    },
    {
      method: 'GET',
      path: '/api/deadlines',
      handler: async (req, res) => {
        const chosen = planByKey(planAsked(req), res);
        if (!chosen) return;
        const { plan, key } = chosen;
        const milestones = plan.tasks
          .flatMap((t) => t.deadlines.map((d) => ({ ...d, taskId: t.id, taskTitle: t.title })))
          .sort(
            (a, b) =>
              a.date.localeCompare(b.date) || a.taskId.localeCompare(b.taskId, 'en', { numeric: true }),
          );
        sendJson(
          res,
          200,
          {
            plan: key,
            title: plan.title,
            year: plan.year,
            today: localDate(clock.now(), timeZone),
            milestones,
          },
          NO_STORE,
        );
      },
    },
  ];
}
