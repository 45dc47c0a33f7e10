import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  currentWindow,
  deadlinePasses,
  dueWindow,
  openWindows,
  policyFromConfig,
  windowOpens,
} from '../../src/reminders/policy.ts';
import { loadConfig } from '../../src/config.ts';

const policy = policyFromConfig(loadConfig({}));

describe('reminder windows', () => {
  // A server far from the plan's zone: nothing below may depend on it.
  const serverZone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'Pacific/Honolulu';
  });
  afterAll(() => {
    if (serverZone === undefined) delete process.env.TZ;
    else process.env.TZ = serverZone;
  });

  it('opens REMIND_DAYS before the deadline at REMIND_AT in PLAN_TZ, whatever the server zone', () => {
    expect(windowOpens('2022-09-30', 7, policy).toISOString()).toBe('2022-09-23T01:00:00.000Z');
    expect(windowOpens('2022-09-30', 1, policy).toISOString()).toBe('2022-09-29T01:00:00.000Z');
    const custom = policyFromConfig(loadConfig({ REMIND_AT: '18:30', PLAN_TZ: 'America/New_York' }));
    // New York is on daylight time (UTC-4) in late September and on standard time (UTC-5) in December.
    expect(windowOpens('2022-09-30', 1, custom).toISOString()).toBe('2022-09-29T22:30:00.000Z');
    expect(windowOpens('2022-12-31', 1, custom).toISOString()).toBe('2022-12-30T23:30:00.000Z');
  });

  it('lets the deadline pass at the end of its day, local time', () => {
    expect(deadlinePasses('2022-09-30', 'Asia/Shanghai').toISOString()).toBe('2022-09-30T16:00:00.000Z');
  });

  it('names the latest open window, none before the first, none after the deadline', () => {
    const at = (iso: string) => currentWindow('2022-09-30', new Date(iso), policy);
    expect(at('2022-09-23T08:59:59+08:00')).toBeNull();
    expect(at('2022-09-23T09:00:00+08:00')).toBe(7);
    expect(at('2022-09-28T23:00:00+08:00')).toBe(7);
    expect(at('2022-09-29T09:00:00+08:00')).toBe(1);
    expect(at('2022-09-30T23:59:59+08:00')).toBe(1);
    expect(at('2022-10-01T00:00:00+08:00')).toBeNull();
  });

  it('sorts REMIND_DAYS however they were given', () => {
    const p = policyFromConfig({ REMIND_DAYS: [1, 3], REMIND_AT: '09:00', PLAN_TZ: 'Asia/Shanghai' });
    expect(currentWindow('2022-09-30', new Date('2022-09-29T10:00:00+08:00'), p)).toBe(1);
    expect(currentWindow('2022-09-30', new Date('2022-09-28T10:00:00+08:00'), p)).toBe(3);
  });

  describe('the window a reminder is due for', () => {
    const due = (now: string, since: string, p = policy) => {
      const windows = openWindows('2022-09-30', new Date(now), p);
      return windows && dueWindow(windows, Date.parse(since));
    };
    const early = '2022-09-01T00:00:00+08:00';

    it('is the open window for a subscriber who was there when it opened, however late the tick', () => {
      expect(due('2022-09-23T08:59:59+08:00', early)).toBeNull();
      expect(due('2022-09-23T09:00:00+08:00', early)).toEqual({ window: 7, unlessSent: [7] });
      // A tick that comes late (a burst, a pause, a restart) does not move the reminder to the next window.
      expect(due('2022-09-28T20:00:00+08:00', early)).toEqual({ window: 7, unlessSent: [7] });
      expect(due('2022-09-29T09:00:00+08:00', early)).toEqual({ window: 1, unlessSent: [1] });
      expect(due('2022-10-01T00:00:00+08:00', early)).toBeNull();
    });

    it('counts a catch-up less than the shortest window gap before the next window for that window', () => {
      // The repro: subscribed 15 s before the 1-day window opens.
      expect(due('2022-09-29T08:59:50+08:00', '2022-09-29T08:59:45+08:00')).toEqual({
        window: 1,
        unlessSent: [7, 1],
      });
      // REMIND_DAYS 7,1: the gap is 6 days, so any catch-up in the 7-day window stands for the 1-day one.
      expect(due('2022-09-25T15:00:00+08:00', '2022-09-25T14:00:00+08:00')?.window).toBe(1);
    });

    it('takes the shortest gap between any two windows', () => {
      const p = policyFromConfig({ REMIND_DAYS: [14, 7, 1], REMIND_AT: '09:00', PLAN_TZ: 'Asia/Shanghai' });
      // Gaps of 7 and 6 days: a catch-up 6 days or more before the next window keeps its own window.
      expect(due('2022-09-16T10:00:00+08:00', '2022-09-16T10:00:00+08:00', p)?.window).toBe(14);
      expect(due('2022-09-17T10:00:00+08:00', '2022-09-17T08:59:00+08:00', p)?.window).toBe(14);
      expect(due('2022-09-17T10:00:00+08:00', '2022-09-17T09:01:00+08:00', p)).toEqual({
        window: 7,
        unlessSent: [14, 7],
      });
      expect(due('2022-09-29T10:00:00+08:00', '2022-09-29T10:00:00+08:00', p)).toEqual({
        window: 1,
        unlessSent: [1],
      });
    });
  });
});
