import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import type { Clock } from '../core/clock.ts';
import { localDate } from '../core/plan-time.ts';
import { BadInputError } from '../errors.ts';
import type { Plan } from '../plan/model.ts';
import { singlePlanSet, type LoadedPlan, type PlanSet } from '../plan/plan-set.ts';
import { PlanQuerySchema, TaskIdSchema, TaskQuerySchema, describeIssues } from './api-input.ts';
import { sendJson, type Route } from './router.ts';

const NO_STORE = { 'cache-control': 'no-store' };

export interface ApiDeps {
  plan: Plan;
  /** Every loaded plan (issue 10): ?plan=KEY picks one for the task and deadline routes. */
  plans?: PlanSet;
  /** The plan clock (PLAN_NOW), so the deadline timeline marks the same "today" the bot uses. */
  clock: Clock;
  /** PLAN_TZ: "today" is the calendar day there, not on the server. */
  timeZone: string;
}

/** The plan as data: its tasks and deadlines. The chat itself is the web chat adapter (web-chat.ts). */
export function apiRoutes(deps: ApiDeps): Route[] {
  const { plan, clock, timeZone } = deps;
  const plans = deps.plans ?? singlePlanSet(plan);

  /** The plan ?plan= names (the default without it); 400 for a malformed key. */
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

  return [
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
