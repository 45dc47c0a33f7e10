/**
 * Wall-clock arithmetic in the plan's time zone (PLAN_TZ), independent of the server's own zone.
 * Dates are plain "YYYY-MM-DD" strings, as the plan model keeps them.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(
  instantMs: number,
  timeZone: string,
): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts = formatter(timeZone).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** How far the zone's wall clock is ahead of UTC at an instant. */
function offsetMs(instantMs: number, timeZone: string): number {
  const w = wallClock(instantMs, timeZone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

const parseDate = (date: string): [number, number, number] => {
  const [y, m, d] = date.split('-').map(Number);
  return [y as number, m as number, d as number];
};

/** The instant when the zone's clock shows `date` at `time` ("09:00"). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = parseDate(date);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh ?? 0, mm ?? 0);
  let instant = wall - offsetMs(wall, timeZone);
  // Near a DST change the offset at the first guess can differ from the offset at the answer.
  const corrected = wall - offsetMs(instant, timeZone);
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}

/** How far the zone's clock is ahead of UTC at an instant (negative west of Greenwich). */
export const zoneOffsetMs = (instant: Date, timeZone: string): number =>
  offsetMs(instant.getTime(), timeZone);

/**
 * The zone's offset during the minute an instant falls in, remembered per zone. Zones change their
 * offset only on whole minutes (every transition in current tzdata), so one formatToParts a minute
 * serves every question asked in it; once per question it was ~5% of a request's CPU.
 */
const minuteOffsets = new Map<string, { minute: number; offsetMs: number; date: string }>();
function minuteIn(instantMs: number, timeZone: string): { offsetMs: number; date: string } {
  const minute = Math.floor(instantMs / 60_000);
  const known = minuteOffsets.get(timeZone);
  if (known?.minute === minute) return known;
  const offset = offsetMs(minute * 60_000, timeZone);
  // The local date too: a minute never straddles midnight (the offset is whole minutes as well).
  const date = new Date(minute * 60_000 + offset).toISOString().slice(0, 10);
  const entry = { minute, offsetMs: offset, date };
  minuteOffsets.set(timeZone, entry);
  return entry;
}

/** The calendar date an instant falls on in the zone. */
export function localDate(instant: Date, timeZone: string): string {
  return minuteIn(instant.getTime(), timeZone).date;
}

/** `date` moved by whole calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (both "YYYY-MM-DD"). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parseDate(from);
  const [y2, m2, d2] = parseDate(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}
