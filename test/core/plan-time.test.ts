import { describe, expect, it } from 'vitest';
import { localDate } from '../../src/core/plan-time.ts';

/** What Intl says the date is in a zone: the reference localDate must agree with. */
const reference = (instant: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );

describe('localDate', () => {
  it('agrees with Intl minute by minute across midnights and daylight-saving changes', () => {
    const cases: [string, string][] = [
      ['Asia/Shanghai', '2022-09-30T15:55:00Z'], // midnight in Shanghai
      ['America/New_York', '2022-03-13T06:50:00Z'], // spring forward at 02:00 local
      ['America/New_York', '2022-11-06T03:50:00Z'], // midnight, then fall back at 02:00 local
      ['Australia/Lord_Howe', '2022-04-02T14:50:00Z'], // a half-hour change
      ['Asia/Kathmandu', '2022-12-31T18:05:00Z'], // +05:45
    ];
    for (const [zone, start] of cases) {
      for (let minute = 0; minute < 480; minute += 1) {
        const instant = new Date(Date.parse(start) + minute * 60_000 + 59_999);
        expect(localDate(instant, zone), `${zone} ${instant.toISOString()}`).toBe(reference(instant, zone));
      }
    }
  });

  it('answers instants out of order, in several zones at once', () => {
    const a = new Date('2022-06-30T16:30:00Z');
    const b = new Date('2022-06-30T15:30:00Z');
    expect(localDate(a, 'Asia/Shanghai')).toBe('2022-07-01');
    expect(localDate(a, 'Europe/London')).toBe('2022-06-30');
    expect(localDate(b, 'Asia/Shanghai')).toBe('2022-06-30');
    expect(localDate(a, 'Asia/Shanghai')).toBe('2022-07-01');
  });
});
