import type { Clock } from '../core/clock.ts';
import type { Engine } from '../engine/types.ts';
import { sendJson, type Route } from '../http/router.ts';
import type { Plan } from '../plan/model.ts';
import { leadsLine } from './format.ts';
import { agencyConcerns, planMilestones, type Milestone } from './milestones.ts';
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
    const summary = `${m.deadline.label}截止：${m.task.id} ${m.task.title}`;
    lines.push(
      'BEGIN:VEVENT',
      // The milestone id is stable across restarts and re-parses, so a phone updates instead of duplicating.
      `UID:${m.id.replace(/[@#]/g, '-')}@workplan-bot`,
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
  /** Resolves ?agency= the way chat does ("大数据中心" → 省大数据中心). */
  engine: Engine;
  clock: Clock;
  policy: ReminderPolicy;
}

/** GET /calendar.ics, and /calendar.ics?agency=… for the tasks one agency leads or partners in. */
export function calendarRoute(deps: CalendarRouteDeps): Route {
  const { plan, engine, clock, policy } = deps;
  const milestones = planMilestones(plan);
  return {
    method: 'GET',
    path: '/calendar.ics',
    handler: async (req, res) => {
      const asked = new URL(req.url ?? '/', 'http://localhost').searchParams.get('agency')?.trim();
      let selected = milestones;
      let title = plan.title;
      if (asked) {
        const known = [...plan.agencies, ...plan.planWideResponsible].includes(asked);
        const found = known ? { kind: 'agency' as const, agency: asked } : engine.lookup(asked);
        if (found.kind !== 'agency') {
          sendJson(res, 404, { error: 'not_found', message: 'no agency of that name in the plan' });
          return;
        }
        selected = milestones.filter((m) => agencyConcerns(plan, found.agency, m.task));
        title = `${plan.title}（${found.agency}）`;
      }
      const body = buildCalendar(selected, { title, year: plan.year, now: clock.now(), policy });
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
