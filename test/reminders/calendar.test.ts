import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { Router } from '../../src/http/router.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { createLogger } from '../../src/log.ts';
import { loadAliases, loadPlan } from '../../src/plan/load.ts';
import { buildCalendar, calendarRoute, escapeText, foldLine } from '../../src/reminders/calendar.ts';
import { planMilestones } from '../../src/reminders/milestones.ts';
import { policyFromConfig } from '../../src/reminders/policy.ts';

const plan = loadPlan();
const policy = policyFromConfig(loadConfig({}));
const now = new Date('2022-09-01T00:00:00Z');
const build = () => buildCalendar(planMilestones(plan), { title: plan.title, year: plan.year, now, policy });

/** Undoes folding (RFC 5545 §3.1): a CRLF followed by one space joins the lines. */
const unfold = (ics: string): string[] => ics.replace(/\r\n /g, '').split('\r\n').slice(0, -1);
const events = (ics: string): string[][] => {
  const lines = unfold(ics);
  const out: string[][] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = [];
    else if (line === 'END:VEVENT' && current) {
      out.push(current);
      current = null;
    } else current?.push(line);
  }
  return out;
};
const prop = (event: string[], name: string): string[] =>
  event.filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));

describe('iCalendar feed', () => {
  it('uses CRLF line endings and folds every line at 75 octets', () => {
    const ics = build();
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics.split('\r\n').some((l) => l.startsWith(' '))).toBe(true);
  });

  it('never folds inside a multi-byte character', () => {
    const long = `DESCRIPTION:${'川渝通办'.repeat(40)}`;
    const folded = foldLine(long);
    for (const piece of folded.split('\r\n')) {
      expect(Buffer.byteLength(piece, 'utf8')).toBeLessThanOrEqual(75);
      expect(Buffer.from(piece, 'utf8').toString('utf8')).toBe(piece);
      expect(piece).not.toContain('\uFFFD');
    }
    expect(folded.replace(/\r\n /g, '')).toBe(long);
  });

  it('escapes text values', () => {
    expect(escapeText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
  });

  it('has one all-day event per milestone, with stable unique UIDs', () => {
    const ics = build();
    const all = events(ics);
    expect(all).toHaveLength(11);
    const uids = all.map((e) => prop(e, 'UID')[0]);
    expect(new Set(uids).size).toBe(11);
    expect(events(build()).map((e) => prop(e, 'UID')[0])).toEqual(uids);

    const e41 = all.find(
      (e) => prop(e, 'SUMMARY')[0]?.includes('4.1') && prop(e, 'DTSTART')[0]?.endsWith('20220930'),
    );
    expect(e41).toBeDefined();
    const event = e41 ?? [];
    expect(prop(event, 'DTSTART')).toEqual(['DTSTART;VALUE=DATE:20220930']);
    expect(prop(event, 'DTEND')).toEqual(['DTEND;VALUE=DATE:20221001']);
    expect(prop(event, 'DESCRIPTION')[0]).toContain('9月底前实现第三批“川渝通办”事项落地\\n牵头：');
    // Alarms fire when the bot's own reminders do: 7 and 1 days before, 09:00 Asia/Shanghai.
    expect(prop(event, 'TRIGGER')).toEqual([
      'TRIGGER;VALUE=DATE-TIME:20220923T010000Z',
      'TRIGGER;VALUE=DATE-TIME:20220929T010000Z',
    ]);
  });

  it('declares Asia/Shanghai with its VTIMEZONE', () => {
    const lines = unfold(build());
    expect(lines.slice(0, 2)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0']);
    expect(lines).toContain('X-WR-TIMEZONE:Asia/Shanghai');
    const tz = lines.slice(lines.indexOf('BEGIN:VTIMEZONE'), lines.indexOf('END:VTIMEZONE') + 1);
    expect(tz).toContain('TZID:Asia/Shanghai');
    expect(tz).toContain('TZOFFSETTO:+0800');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
  });
});

describe('GET /calendar.ics', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const engine = createEngine(plan, loadAliases(), { timeZone: policy.timeZone });
    const clock = new ManualClock(now);
    server = createHttpServer(
      new Router().add(calendarRoute({ plan, engine, clock, policy })),
      createLogger('silent'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('serves the whole plan as text/calendar', async () => {
    const res = await fetch(`${base}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(events(await res.text())).toHaveLength(11);
  });

  it('serves one agency’s milestones, resolving aliases', async () => {
    const res = await fetch(`${base}/calendar.ics?agency=${encodeURIComponent('政府办公厅')}`);
    expect(res.status).toBe(200);
    const summaries = events(await res.text()).map((e) => prop(e, 'SUMMARY')[0] ?? '');
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.every((s) => /：(2\.1|2\.2|4\.1) /.test(s))).toBe(true);
  });

  it('answers 404 for an agency the plan does not know', async () => {
    const res = await fetch(`${base}/calendar.ics?agency=${encodeURIComponent('天气预报')}`);
    expect(res.status).toBe(404);
  });
});
