import type { Clock } from '../core/clock.ts';
import { localDate } from '../core/plan-time.ts';
import { BadInputError } from '../errors.ts';
import type { Plan } from '../plan/model.ts';
import { TaskIdSchema, TaskQuerySchema, describeIssues } from './api-input.ts';
import { sendJson, type Route } from './router.ts';

const NO_STORE = { 'cache-control': 'no-store' };

export interface ApiDeps {
  plan: Plan;
  /** The plan clock (PLAN_NOW), so the deadline timeline marks the same "today" the bot uses. */
  clock: Clock;
  /** PLAN_TZ: "today" is the calendar day there, not on the server. */
  timeZone: string;
}

/** The plan as data: its tasks and deadlines. The chat itself is the web chat adapter (web-chat.ts). */
export function apiRoutes(deps: ApiDeps): Route[] {
  const { plan, clock, timeZone } = deps;
  const tasksById = new Map(plan.tasks.map((t) => [t.id, t]));

  return [
    {
      method: 'GET',
      path: '/api/tasks',
      handler: async (req, res) => {
        const query = TaskQuerySchema.safeParse(
          Object.fromEntries(new URL(req.url ?? '/', 'http://localhost').searchParams),
        );
        if (!query.success) throw new BadInputError(describeIssues(query.error), { cause: query.error });
        const { section } = query.data;
        sendJson(res, 200, {
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
      handler: async (_req, res, params) => {
        const id = TaskIdSchema.safeParse(params.id);
        if (!id.success) throw new BadInputError(describeIssues(id.error), { cause: id.error });
        const task = tasksById.get(id.data);
        if (!task)
          return sendJson(res, 404, { error: 'not_found', message: `no task ${id.data} in the plan` });
        sendJson(res, 200, task);
      },
    },
    {
      method: 'GET',
      path: '/api/deadlines',
      handler: async (_req, res) => {
        const milestones = plan.tasks
          .flatMap((t) => t.deadlines.map((d) => ({ ...d, taskId: t.id, taskTitle: t.title })))
          .sort(
            (a, b) =>
              a.date.localeCompare(b.date) || a.taskId.localeCompare(b.taskId, 'en', { numeric: true }),
          );
        sendJson(
          res,
          200,
          { title: plan.title, year: plan.year, today: localDate(clock.now(), timeZone), milestones },
          NO_STORE,
        );
      },
    },
  ];
}
