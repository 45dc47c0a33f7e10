import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { PlatformError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { metrics } from '../../src/metrics.ts';
import { loadPlan } from '../../src/plan/load.ts';
import { policyFromConfig } from '../../src/reminders/policy.ts';
import { FIRST_BACKOFF_MS } from '../../src/reminders/pacing.ts';
import { DEFAULT_CLAIM_TTL_MS, ReminderScheduler } from '../../src/reminders/scheduler.ts';
import type { PushTarget } from '../../src/core/types.ts';
import type { Store, SubscriptionTarget } from '../../src/store/types.ts';
import type { StoreHarness } from '../store/contract.ts';
import { countingStore } from './counting-store.ts';
import { RecordingPushTarget } from './recording-push-target.ts';

const plan = loadPlan();
const policy = policyFromConfig(loadConfig({}));
const logger = createLogger('silent');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The scheduler's guarantees, run on each store. */
export function describeSchedulerBehaviour(
  name: string,
  makeHarness: (clock: ManualClock) => Promise<StoreHarness>,
): void {
  describe(`reminder scheduler on the ${name} store`, () => {
    let clock: ManualClock;
    let h: StoreHarness;
    let store: Store;
    let telegram: RecordingPushTarget;
    let line: RecordingPushTarget;

    beforeEach(async () => {
      clock = new ManualClock('2022-09-23T08:59:00+08:00');
      h = await makeHarness(clock);
      store = h.store;
      telegram = new RecordingPushTarget('telegram');
      line = new RecordingPushTarget('line');
    });
    afterEach(async () => {
      await h.cleanup();
    });

    const scheduler = (targets: PushTarget[] = [telegram, line], on: Store = store) =>
      new ReminderScheduler({ store: on, plan, pushTargets: targets, clock, policy, logger, tickMs: 1_000 });
    const subscribe = (conversationId: string, target: SubscriptionTarget) =>
      store.addSubscription({ conversationId, target, createdAt: clock.now().toISOString() });
    const texts = (target: RecordingPushTarget) => target.delivered.map((p) => p.reply.text);

    it('reminds at each window, not before it, once each, and not after the deadline', async () => {
      await subscribe('telegram:1', { kind: 'task', taskId: '1.4' });
      const s = scheduler();
      await s.tick();
      expect(telegram.attempts).toHaveLength(0);

      clock.set('2022-09-23T09:00:00+08:00');
      expect((await s.tick()).sent).toBe(1);
      await s.tick();
      expect(telegram.delivered).toHaveLength(1);
      const [first] = telegram.delivered;
      expect(first?.conversationId).toBe('telegram:1');
      expect(first?.reply.text).toContain('9月底前梳理形成数据共享需求清单和责任清单');
      expect(first?.reply.text).toContain('1.4');
      expect(first?.reply.text).toContain('牵头：省大数据中心');
      expect(first?.reply.text).toContain('还有7天');
      expect(first?.reply.choices).toContainEqual({ label: '1.4 详情', text: '1.4' });

      clock.set('2022-09-29T09:00:00+08:00');
      await s.tick();
      await s.tick();
      expect(texts(telegram)).toHaveLength(2);
      expect(texts(telegram)[1]).toContain('还有1天');

      clock.set('2022-10-01T00:00:00+08:00');
      await s.tick();
      expect(telegram.attempts).toHaveLength(2);
    });

    it('lists every milestone due together in one message', async () => {
      await subscribe('telegram:1', { kind: 'all' });
      clock.set('2022-09-23T09:00:00+08:00');
      await scheduler().tick();
      expect(telegram.delivered).toHaveLength(1);
      const text = texts(telegram)[0] ?? '';
      for (const id of ['1.4', '4.1', '5.1']) expect(text).toContain(`${id} `);
      expect(text).toContain('9月底前实现第三批“川渝通办”事项落地');
      // 5.1 has no lead: the reminder says so instead of inventing one.
      expect(text).toContain('未设牵头单位；负责：');
      expect(text.match(/9月底前梳理/g)).toHaveLength(1);
    });

    it('reminds an agency of the tasks it leads or partners in, and only those', async () => {
      const task51 = plan.tasks.find((t) => t.id === '5.1');
      const partner = task51?.partners[0] ?? '';
      expect(task51?.leads).toEqual([]);
      await subscribe('telegram:lead', { kind: 'agency', agency: '省政府办公厅' });
      await subscribe('telegram:partner', { kind: 'agency', agency: partner });
      await subscribe('telegram:everyone', { kind: 'agency', agency: plan.planWideResponsible[0] ?? '' });
      clock.set('2022-09-23T09:00:00+08:00');
      await scheduler().tick();
      const to = (id: string) => telegram.delivered.find((p) => p.conversationId === id)?.reply.text ?? '';
      expect(to('telegram:lead')).toContain('4.1 ');
      expect(to('telegram:lead')).not.toContain('1.4 ');
      expect(to('telegram:lead')).not.toContain('5.1 ');
      expect(to('telegram:partner')).toContain('5.1 ');
      expect(to('telegram:partner')).not.toContain('1.4 ');
      expect(to('telegram:partner')).not.toContain('4.1 ');
      for (const id of ['1.4', '4.1', '5.1']) expect(to('telegram:everyone')).toContain(`${id} `);
    });

    it('sends a late subscriber the window it missed at the next tick', async () => {
      clock.set('2022-09-25T15:00:00+08:00');
      await subscribe('line:U1', { kind: 'task', taskId: '4.1' });
      const s = scheduler();
      await s.tick();
      expect(texts(line)).toHaveLength(1);
      expect(texts(line)[0]).toContain('还有5天');
      // REMIND_DAYS 7,1 are 6 days apart: a catch-up 4 days before the 1-day window stands for it.
      clock.set('2022-09-29T09:00:00+08:00');
      await s.tick();
      expect(texts(line)).toHaveLength(1);
    });

    it('turns several missed windows into one reminder', async () => {
      clock.set('2022-09-29T20:00:00+08:00');
      await subscribe('telegram:1', { kind: 'task', taskId: '4.1' });
      const s = scheduler();
      await s.tick();
      await s.tick();
      clock.set('2022-09-30T12:00:00+08:00');
      await s.tick();
      expect(texts(telegram)).toHaveLength(1);
      expect(texts(telegram)[0]).toContain('还有1天');
    });

    it('counts a catch-up moments before the next window for that window: one reminder, not two', async () => {
      // The issue's repro: 订阅 4.1 at 08:59:45 on the day before 9月底前's 1-day window opens.
      clock.set('2022-09-29T08:59:45+08:00');
      await subscribe('web:late', { kind: 'task', taskId: '4.1' });
      const web = new RecordingPushTarget('web');
      const s = scheduler([web]);
      for (const at of ['08:59:46', '08:59:59', '09:00:00', '09:00:14', '12:00:00']) {
        clock.set(`2022-09-29T${at}+08:00`);
        await s.tick();
      }
      expect(texts(web)).toHaveLength(1);
      expect(texts(web)[0]).toContain('还有1天');
    });

    it('gives a subscriber who was there when the window opened that window, however late the tick', async () => {
      await subscribe('telegram:1', { kind: 'task', taskId: '4.1' });
      // The server was down from before the 7-day window until the day before the 1-day one.
      clock.set('2022-09-28T20:00:00+08:00');
      const s = scheduler();
      await s.tick();
      clock.set('2022-09-29T09:00:00+08:00');
      await s.tick();
      expect(texts(telegram)).toHaveLength(2);
      expect(texts(telegram)[1]).toContain('还有1天');
    });

    it('writes nothing on a tick with nothing due, before or after a restart', async () => {
      for (let i = 0; i < 30; i++)
        await subscribe(`telegram:${i}`, i % 2 ? { kind: 'all' } : { kind: 'task', taskId: '4.1' });
      clock.set('2022-09-23T09:00:00+08:00');
      const counted = countingStore(store);
      const s = scheduler([telegram, line], counted.store);
      expect((await s.tick()).sent).toBe(30);
      // Per message delivered: a lock, one atomic sent mark for its set, the lock's release.
      expect(counted.calls.writes).toBeLessThanOrEqual(3 * 30);
      expect(counted.calls.byMethod.markRemindersSent).toBe(30);
      expect(counted.calls.byMethod.markReminderSent).toBeUndefined();

      for (const step of [1_000, 60_000, 3_600_000]) {
        clock.advance(step);
        counted.calls.reset();
        await s.tick();
        expect(counted.calls.writes, JSON.stringify(counted.calls.byMethod)).toBe(0);
        expect(counted.calls.reads).toBe(1); // the subscription list
      }
      // A new process knows no sent mark yet: it reads them, once, and writes nothing.
      const restarted = scheduler([telegram, line], counted.store);
      counted.calls.reset();
      await restarted.tick();
      expect(counted.calls.writes, JSON.stringify(counted.calls.byMethod)).toBe(0);
      counted.calls.reset();
      await restarted.tick();
      expect(counted.calls).toMatchObject({ writes: 0, reads: 1 });
      expect(telegram.attempts).toHaveLength(30);
    });

    it('sends nothing for a deadline that has passed, but keeps the later ones', async () => {
      clock.set('2022-10-01T08:00:00+08:00');
      await subscribe('telegram:1', { kind: 'task', taskId: '4.1' });
      const s = scheduler();
      await s.tick();
      expect(telegram.attempts).toHaveLength(0);
      clock.set('2022-12-24T09:00:00+08:00');
      await s.tick();
      expect(texts(telegram)).toHaveLength(1);
      expect(texts(telegram)[0]).toContain('年底前实现第一批电子证照共享互认');
    });

    it('pushes to the group when a group subscribed', async () => {
      await subscribe('line:C0123group', { kind: 'all' });
      clock.set('2022-09-23T09:00:00+08:00');
      await scheduler().tick();
      expect(line.delivered.map((p) => p.conversationId)).toEqual(['line:C0123group']);
    });

    it('leaves conversations of a platform that cannot push alone, without claiming their reminders', async () => {
      await subscribe('web:abc', { kind: 'all' });
      clock.set('2022-09-23T09:00:00+08:00');
      await scheduler().tick();
      expect(telegram.attempts.length + line.attempts.length).toBe(0);
      const web = new RecordingPushTarget('web');
      await scheduler([web]).tick();
      expect(web.delivered).toHaveLength(1);
    });

    it("retries a transient failure (429) after the platform's pause, with the same retry key", async () => {
      await subscribe('telegram:1', { kind: 'task', taskId: '4.1' });
      clock.set('2022-09-23T09:00:00+08:00');
      telegram.failNext(new PlatformError('telegram', true, '429: Too Many Requests'));
      const retried = metrics.value('workplan_reminders_retried_total', { platform: 'telegram' });
      const s = scheduler();
      expect(await s.tick()).toMatchObject({ sent: 0, retrying: 1 });
      expect(metrics.value('workplan_reminders_retried_total', { platform: 'telegram' })).toBe(retried + 1);
      clock.advance(FIRST_BACKOFF_MS);
      expect(await s.tick()).toMatchObject({ sent: 1, retrying: 0 });
      await s.tick();
      expect(telegram.attempts).toHaveLength(2);
      expect(telegram.delivered).toHaveLength(1);
      const [a, b] = telegram.attempts;
      expect(a?.retryKey).toMatch(UUID);
      expect(a?.retryKey).toBe(b?.retryKey);
    });

    it('waits out retry_after before pushing to that platform again', async () => {
      await subscribe('telegram:1', { kind: 'task', taskId: '4.1' });
      clock.set('2022-09-23T09:00:00+08:00');
      telegram.failNext(new PlatformError('telegram', true, '429', { retryAfterMs: 30_000 }));
      const s = scheduler();
      await s.tick();
      clock.advance(10_000);
      await s.tick();
      expect(telegram.attempts).toHaveLength(1);
      clock.advance(21_000);
      await s.tick();
      expect(telegram.delivered).toHaveLength(1);
    });

    it('retries after an error the platform did not classify', async () => {
      await subscribe('telegram:1', { kind: 'all' });
      clock.set('2022-09-23T09:00:00+08:00');
      telegram.failNext(new Error('socket hang up'));
      const s = scheduler();
      await s.tick();
      clock.advance(FIRST_BACKOFF_MS);
      await s.tick();
      expect(telegram.delivered).toHaveLength(1);
    });

    it('disables a subscriber after a permanent failure (403 blocked) and sends nothing more', async () => {
      await subscribe('telegram:1', { kind: 'task', taskId: '4.1' });
      await subscribe('telegram:2', { kind: 'task', taskId: '4.1' });
      clock.set('2022-09-23T09:00:00+08:00');
      telegram.failNext(new PlatformError('telegram', false, '403: Forbidden: bot was blocked by the user'));
      const failed = metrics.value('workplan_reminders_failed_total', {
        platform: 'telegram',
        kind: 'permanent',
      });
      const s = scheduler();
      expect(await s.tick()).toMatchObject({ disabled: 1, sent: 1 });
      const blocked = telegram.attempts[0]?.conversationId ?? '';
      const other = blocked === 'telegram:1' ? 'telegram:2' : 'telegram:1';
      expect(await store.getSubscriberStatus(blocked)).toMatchObject({ disabled: true });
      expect((await store.getSubscriberStatus(blocked))?.reason).toContain('blocked');
      expect(
        metrics.value('workplan_reminders_failed_total', { platform: 'telegram', kind: 'permanent' }),
      ).toBe(failed + 1);

      clock.set('2022-09-29T09:00:00+08:00');
      await s.tick();
      expect(telegram.attempts.filter((p) => p.conversationId === blocked)).toHaveLength(1);
      expect(telegram.delivered.filter((p) => p.conversationId === other)).toHaveLength(2);
    });

    it('neither loses nor duplicates a reminder when the process dies between claim and send', async () => {
      await subscribe('telegram:1', { kind: 'task', taskId: '4.1' });
      clock.set('2022-09-23T09:00:00+08:00');
      telegram.hangNext();
      void scheduler().tick(); // dies mid-send: this tick never finishes
      await vi.waitFor(() => expect(telegram.attempts).toHaveLength(1));

      store = await h.reopen();
      const restarted = scheduler();
      await restarted.tick();
      expect(telegram.delivered).toHaveLength(0); // the dead process's claim still holds

      await h.elapse(DEFAULT_CLAIM_TTL_MS + 1_000);
      await restarted.tick();
      await restarted.tick();
      expect(telegram.delivered).toHaveLength(1);
      expect(telegram.delivered[0]?.retryKey).toBe(telegram.attempts[0]?.retryKey);
    });

    it('sends nothing again after a restart that follows a send', async () => {
      await subscribe('telegram:1', { kind: 'all' });
      clock.set('2022-09-23T09:00:00+08:00');
      await scheduler().tick();
      store = await h.reopen();
      await h.elapse(DEFAULT_CLAIM_TTL_MS * 2);
      await scheduler().tick();
      expect(telegram.attempts).toHaveLength(1);
    });

    it('sends each reminder once when two schedulers tick together', async () => {
      for (let i = 0; i < 5; i++) await subscribe(`telegram:${i}`, { kind: 'all' });
      clock.set('2022-09-23T09:00:00+08:00');
      const other = new RecordingPushTarget('telegram');
      await Promise.all([scheduler().tick(), scheduler([other]).tick(), scheduler().tick()]);
      const all = [...telegram.delivered, ...other.delivered].map((p) => p.conversationId).sort();
      expect(all).toEqual(['telegram:0', 'telegram:1', 'telegram:2', 'telegram:3', 'telegram:4']);
    });

    it('reports an unavailable store instead of throwing', async () => {
      await subscribe('telegram:1', { kind: 'all' });
      clock.set('2022-09-23T09:00:00+08:00');
      await store.close();
      expect(await scheduler().tick()).toMatchObject({ storeAvailable: false, sent: 0 });
    });
  });
}
