import type { Clock } from '../core/clock.ts';
import type { Engine } from '../engine/types.ts';
import { sendJson, type Route } from '../http/router.ts';
import type { Plan } from '../plan/model.ts';
import { leadsLine } from './format.ts';
import { agencyConcerns, allMilestones, type Milestone } from './milestones.ts';
import { planKeyOf, singlePlanSet, type LoadedPlan, type PlanSet } from '../plan/plan-set.ts';
import { windowOpens, type ReminderPolicy } from './policy.ts';
import { addDays, zoneOffsetMs } from '../core/plan-time.ts';

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

/** RFC 5545 TEXT: backslash, semicolon, comma and newlines are escaped. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1), each continuation starting with one space.
 * Cuts fall between characters, never inside a UTF-8 sequence, which phones would show as garbage.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_LINE_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF);
}

const basicDate = (date: string): string => date.replace(/-/g, '');
const utcStamp = (instant: Date): string =>
  instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** "+0800" for the zone's offset at an instant. */
function utcOffset(instant: Date, timeZone: string): string {
  const minutes = Math.round(zoneOffsetMs(instant, timeZone) / 60_000);
  const abs = Math.abs(minutes);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${minutes < 0 ? '-' : '+'}${hhmm}`;
}

/**
 * The zone as a VTIMEZONE, for zones with one offset all year (Asia/Shanghai). A zone with daylight
 * time would need its rules spelled out; events here are all-day dates and alarms are absolute UTC
 * instants, so for such a zone the component is left out rather than written wrong.
 */
function vtimezone(timeZone: string, year: number): string[] {
  const winter = utcOffset(new Date(Date.UTC(year, 0, 15)), timeZone);
  const summer = utcOffset(new Date(Date.UTC(year, 6, 15)), timeZone);
  if (winter !== summer) return [];
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${timeZone}`,
    'BEGIN:STANDARD',
    `TZOFFSETFROM:${winter}`,
    `TZOFFSETTO:${winter}`,
    'DTSTART:19700101T000000',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
}

export interface CalendarOptions {
  title: string;
  year: number;
  /** Names of plans by key, for events of a feed that holds several plans (issue 10). */
  planNames?: ReadonlyMap<string, string>;
  now: Date;
  policy: ReminderPolicy;
}

/** The milestones as an iCalendar feed: one all-day VEVENT each, with an alarm per reminder window. */
export function buildCalendar(milestones: Milestone[], options: CalendarOptions): string {
  const { policy } = options;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//workplan-bot//deadlines//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.title)}`,
    `X-WR-TIMEZONE:${policy.timeZone}`,
    ...vtimezone(policy.timeZone, options.year),
  ];
  for (const m of milestones) {
    const planName = m.task.plan ? options.planNames?.get(m.task.plan) : undefined;
    const summary = `${m.deadline.label}截止：${planName ? `${planName} ` : ''}${m.task.id} ${m.task.title}`;
    lines.push(
      'BEGIN:VEVENT',
      // The milestone id is stable across restarts and re-parses, so a phone updates instead of duplicating.
      // Prefixed with the plan's key: two plans' 1.1 due the same day are two events (RFC 5545 UID).
      `UID:${m.task.plan ? `${m.task.plan}-` : ''}${m.id.replace(/[@#]/g, '-')}@workplan-bot`,
      `DTSTAMP:${utcStamp(options.now)}`,
      `DTSTART;VALUE=DATE:${basicDate(m.deadline.date)}`,
      `DTEND;VALUE=DATE:${basicDate(addDays(m.deadline.date, 1))}`,
      `SUMMARY:${escapeText(summary)}`,
      `DESCRIPTION:${escapeText(`${m.deadline.text}\n${leadsLine(m.task)}`)}`,
      'TRANSP:TRANSPARENT',
    );
    for (const days of policy.days) {
      lines.push(
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        `DESCRIPTION:${escapeText(summary)}`,
        `TRIGGER;VALUE=DATE-TIME:${utcStamp(windowOpens(m.deadline.date, days, policy))}`,
        'END:VALARM',
      );
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}

export interface CalendarRouteDeps {
  plan: Plan;
  /** Every loaded plan (issue 10): ?plan=KEY picks one, none gives every plan's milestones. */
  plans?: PlanSet<LoadedPlan & { engine: Pick<Engine, 'lookup'> }>;
  /** Resolves ?agency= the way chat does ("大数据中心" → 省大数据中心). */
  engine: Engine;
  clock: Clock;
  policy: ReminderPolicy;
}

/**
 * GET /calendar.ics: every loaded plan's milestones; ?plan=KEY one plan's; ?agency=… the tasks one
 * agency leads or partners in (in the plan asked for, else in every plan).
 */
export function calendarRoute(deps: CalendarRouteDeps): Route {
  const { engine, clock, policy } = deps;
  const set: PlanSet<LoadedPlan & { engine?: Pick<Engine, 'lookup'> }> =
    deps.plans ?? singlePlanSet(deps.plan);
  return {
    method: 'GET',
    path: '/calendar.ics',
    handler: async (req, res) => {
      const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const planKey = params.get('plan')?.trim();
      const chosen = planKey ? set.get(planKey) : undefined;
      if (planKey && !chosen) {
        sendJson(res, 404, {
          error: 'not_found',
          message: `no plan ${planKey}; loaded: ${set
            .entries()
            .map((e) => e.key)
            .join(', ')}`,
        });
        return;
      }
      const entries = chosen ? [chosen] : set.entries();
      const main = chosen ?? set.defaultEntry();
      let selected = allMilestones(set).filter((m) => entries.some((e) => e.key === planKeyOf(set, m.task)));
      let title = entries.length === 1 ? main.plan.title : `${main.plan.title}等${entries.length}个计划`;
      const asked = params.get('agency')?.trim();
      if (asked) {
        const known = entries.some((e) =>
          [...e.plan.agencies, ...e.plan.planWideResponsible].includes(asked),
        );
        const found = known
          ? { kind: 'agency' as const, agency: asked }
          : (chosen?.engine ?? engine).lookup(asked);
        if (found.kind !== 'agency') {
          sendJson(res, 404, { error: 'not_found', message: 'no agency of that name in the plan' });
          return;
        }
        selected = selected.filter((m) => {
          const plan = set.get(planKeyOf(set, m.task))?.plan ?? main.plan;
          return agencyConcerns(plan, found.agency, m.task);
        });
        title = `${title}（${found.agency}）`;
      }
      const planNames = entries.length > 1 ? new Map(entries.map((e) => [e.key, e.name])) : undefined;
      const body = buildCalendar(selected, {
        title,
        year: main.plan.year,
        now: clock.now(),
        policy,
        ...(planNames ? { planNames } : {}),
      });
      res.writeHead(200, {
        'content-type': 'text/calendar; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'content-disposition': 'inline; filename="workplan.ics"',
        'cache-control': 'public, max-age=300',
      });
      res.end(body);
    },
  };
}
