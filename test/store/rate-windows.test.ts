import { describe, expect, it } from 'vitest';
import { RateWindows } from '../../src/store/rate-windows.ts';

describe('embedded rate windows', () => {
  it('counts per key within a window and starts over after it', () => {
    const windows = new RateWindows();
    expect(windows.hit('a', 60_000, 0)).toBe(1);
    expect(windows.hit('a', 60_000, 1_000)).toBe(2);
    expect(windows.hit('b', 60_000, 1_000)).toBe(1);
    expect(windows.hit('a', 60_000, 60_000)).toBe(1);
  });

  it('keeps windows of different lengths apart', () => {
    const windows = new RateWindows();
    expect(windows.hit('a', 1_000, 0)).toBe(1);
    expect(windows.hit('a', 60_000, 0)).toBe(1);
    expect(windows.hit('a', 1_000, 500)).toBe(2);
    expect(windows.hit('a', 1_000, 1_500)).toBe(1);
    expect(windows.hit('a', 60_000, 1_500)).toBe(2);
  });

  it('forgets expired windows as new ones come, so random ids do not pile up', () => {
    const windows = new RateWindows(1_000_000);
    // 200,000 distinct ids, 1,000 a second, each window a minute long.
    for (let i = 0; i < 200_000; i++) windows.hit(`random:${i}`, 60_000, i);
    expect(windows.windowCount).toBeLessThanOrEqual(60_001);
    expect(windows.windowCount).toBeGreaterThanOrEqual(59_999);
  });

  it('stays within its bound under a flood, forgetting the oldest window first', () => {
    const windows = new RateWindows(1_000);
    windows.hit('real-user', 60_000, 0);
    windows.hit('real-user', 60_000, 0);
    for (let i = 0; i < 5_000; i++) windows.hit(`flood:${i}`, 60_000, 1);
    expect(windows.windowCount).toBe(1_000);
    // The newest flood ids are still counted; the oldest window was the one let go.
    expect(windows.hit('flood:4999', 60_000, 2)).toBe(2);
    expect(windows.hit('real-user', 60_000, 2)).toBe(1);
  });
});
