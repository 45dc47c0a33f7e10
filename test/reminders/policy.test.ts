import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentWindow, deadlinePasses, policyFromConfig, windowOpens } from '../../src/reminders/policy.ts';
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
});
