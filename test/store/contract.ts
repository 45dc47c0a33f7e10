import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { emptyContext } from '../../src/engine/types.ts';
import { compareInboxIds } from '../../src/store/schemas.ts';
import { INBOX_MAX_ITEMS, type InboxMessage, type Store, type Subscription } from '../../src/store/types.ts';

/** One store under test, with the two things a contract needs beyond the Store interface. */
export interface StoreHarness {
  store: Store;
  /** Lets `ms` pass: advances the harness's clock and the store's expiries with it. */
  elapse(ms: number): Promise<void>;
  /** Closes the store and opens a new one on the same data, as a restart does. */
  reopen(): Promise<Store>;
  /** Closes whatever is open and removes the test's data. */
  cleanup(): Promise<void>;
}

const sub = (conversationId: string, target: Subscription['target']): Subscription => ({
  conversationId,
  target,
  createdAt: '2022-09-01T01:00:00.000Z',
});

const message = (key: string, text = `reminder ${key}`): InboxMessage => ({
  key,
  text,
  choices: [{ label: '4.1 详情', text: '4.1' }],
  citations: [{ taskId: '4.1', title: '协同推进一体化政务服务' }],
  createdAt: '2022-09-23T01:00:00.000Z',
});
const DAY = 86_400_000;

/** The behaviour every Store must have; called once per implementation. */
export function describeStoreContract(
  name: string,
  makeHarness: (clock: ManualClock) => Promise<StoreHarness>,
): void {
  describe(`${name} store contract`, () => {
    let h: StoreHarness;
    let store: Store;
    beforeEach(async () => {
      h = await makeHarness(new ManualClock('2022-09-20T01:00:00Z'));
      store = h.store;
    });
    afterEach(async () => {
      await h.cleanup();
    });
    const restart = async (): Promise<void> => {
      store = await h.reopen();
    };

    describe('conversation context', () => {
      const context = { ...emptyContext(), lastIntent: 'lead' as const, lastTaskIds: ['4.1'] };

      it('is null for a conversation never seen', async () => {
        expect(await store.getContext('telegram:1')).toBeNull();
      });

      it('returns what was set, per conversation', async () => {
        await store.setContext('telegram:1', context, 60_000);
        expect(await store.getContext('telegram:1')).toEqual(context);
        expect(await store.getContext('telegram:2')).toBeNull();
      });

      it('expires after its TTL', async () => {
        await store.setContext('telegram:1', context, 60_000);
        await h.elapse(59_000);
        expect(await store.getContext('telegram:1')).toEqual(context);
        await h.elapse(2_000);
        expect(await store.getContext('telegram:1')).toBeNull();
      });

      it('survives a restart within its TTL', async () => {
        await store.setContext('telegram:1', context, 60_000);
        await restart();
        expect(await store.getContext('telegram:1')).toEqual(context);
      });
    });

    describe('seen-set', () => {
      it('is true only the first time a key is seen', async () => {
        expect(await store.markSeen('telegram:update:1', 60_000)).toBe(true);
        expect(await store.markSeen('telegram:update:1', 60_000)).toBe(false);
        expect(await store.markSeen('telegram:update:2', 60_000)).toBe(true);
      });

      it('lets exactly one of many simultaneous callers through', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, () => store.markSeen('line:event:x', 60_000)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('forgets a key after its TTL', async () => {
        await store.markSeen('k', 1_000);
        await h.elapse(1_500);
        expect(await store.markSeen('k', 1_000)).toBe(true);
      });

      it('remembers a key across a restart', async () => {
        await store.markSeen('k', 60_000);
        await restart();
        expect(await store.markSeen('k', 60_000)).toBe(false);
      });
    });

    describe('delivery lifecycle', () => {
      it('starts a delivery once, and says busy while its lease is live', async () => {
        expect(await store.beginDelivery('telegram:update:1', 60_000)).toBe('started');
        expect(await store.beginDelivery('telegram:update:1', 60_000)).toBe('busy');
        expect(await store.beginDelivery('telegram:update:2', 60_000)).toBe('started');
      });

      it('lets exactly one of many simultaneous deliveries start', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, () => store.beginDelivery('line:event:x', 60_000)),
        );
        expect(results.filter((r) => r === 'started')).toHaveLength(1);
        expect(results.filter((r) => r === 'busy')).toHaveLength(19);
      });

      it('lets a redelivery start once an unfinished lease has expired', async () => {
        expect(await store.beginDelivery('u', 30_000)).toBe('started');
        await h.elapse(29_000);
        expect(await store.beginDelivery('u', 30_000)).toBe('busy');
        await h.elapse(2_000);
        expect(await store.beginDelivery('u', 30_000)).toBe('started');
      });

      it('drops a finished delivery as done until its done TTL passes', async () => {
        expect(await store.beginDelivery('u', 30_000)).toBe('started');
        await store.finishDelivery('u', 10 * 60_000);
        // Done outlives the lease it replaced.
        await h.elapse(60_000);
        expect(await store.beginDelivery('u', 30_000)).toBe('done');
        await h.elapse(10 * 60_000);
        expect(await store.beginDelivery('u', 30_000)).toBe('started');
      });

      it('lets an abandoned delivery start again at once', async () => {
        expect(await store.beginDelivery('u', 60_000)).toBe('started');
        await store.abandonDelivery('u');
        expect(await store.beginDelivery('u', 60_000)).toBe('started');
        // Abandoning what was never begun does nothing.
        await store.abandonDelivery('never');
        expect(await store.beginDelivery('never', 60_000)).toBe('started');
      });

      it('never lets an abandon undo a done mark', async () => {
        await store.beginDelivery('u', 60_000);
        await store.finishDelivery('u', 60_000);
        await store.abandonDelivery('u');
        expect(await store.beginDelivery('u', 60_000)).toBe('done');
      });

      // What becomes of a lease at a restart differs: Redis keeps it (another server may hold it),
      // the embedded store drops it (embedded-faults.test.ts, with a real kill -9).
      it('keeps done marks across a restart', async () => {
        await store.beginDelivery('answered', 60_000);
        await store.finishDelivery('answered', 60_000);
        await restart();
        expect(await store.beginDelivery('answered', 60_000)).toBe('done');
      });
    });

    describe('rate windows', () => {
      it('counts hits within a window, per key', async () => {
        expect(await store.hit('rate:u1', 60_000)).toBe(1);
        expect(await store.hit('rate:u1', 60_000)).toBe(2);
        expect(await store.hit('rate:u2', 60_000)).toBe(1);
        expect(await store.hit('rate:u1', 60_000)).toBe(3);
      });

      it('starts a new count when the window has passed', async () => {
        await store.hit('rate:u1', 60_000);
        await store.hit('rate:u1', 60_000);
        await h.elapse(61_000);
        expect(await store.hit('rate:u1', 60_000)).toBe(1);
      });
    });

    describe('subscriptions', () => {
      it('adds a subscription once', async () => {
        expect(await store.addSubscription(sub('telegram:1', { kind: 'task', taskId: '4.1' }))).toBe(true);
        expect(await store.addSubscription(sub('telegram:1', { kind: 'task', taskId: '4.1' }))).toBe(false);
        expect(await store.listSubscriptions('telegram:1')).toEqual([
          sub('telegram:1', { kind: 'task', taskId: '4.1' }),
        ]);
      });

      it('keeps different targets and conversations apart', async () => {
        await store.addSubscription(sub('telegram:1', { kind: 'task', taskId: '4.1' }));
        await store.addSubscription(sub('telegram:1', { kind: 'agency', agency: '省大数据中心' }));
        await store.addSubscription(sub('line:Cgroup', { kind: 'all' }));
        expect(await store.listSubscriptions('telegram:1')).toHaveLength(2);
        expect(await store.listSubscriptions('line:Cgroup')).toEqual([sub('line:Cgroup', { kind: 'all' })]);
        expect(await store.listSubscriptions('web:nobody')).toEqual([]);
        const all = await store.allSubscriptions();
        expect(all.map((s) => s.conversationId).sort()).toEqual(['line:Cgroup', 'telegram:1', 'telegram:1']);
      });

      it('keeps a target in a named plan apart from the same target in the default plan (issue 10)', async () => {
        const named = { kind: 'task' as const, taskId: '4.1', plan: 'sichuan-2023-yaodian' };
        // Made later, so listed second in either store (in the order they were made).
        const later = { ...sub('telegram:1', named), createdAt: '2022-09-01T02:00:00.000Z' };
        expect(await store.addSubscription(later)).toBe(true);
        expect(await store.addSubscription(sub('telegram:1', { kind: 'task', taskId: '4.1' }))).toBe(true);
        expect(await store.addSubscription(later)).toBe(false);
        expect(await store.listSubscriptions('telegram:1')).toEqual([
          sub('telegram:1', { kind: 'task', taskId: '4.1' }),
          later,
        ]);
        expect(await store.removeSubscriptions('telegram:1', named)).toBe(1);
        expect(await store.listSubscriptions('telegram:1')).toEqual([
          sub('telegram:1', { kind: 'task', taskId: '4.1' }),
        ]);
      });

      it('removes one target, or all of a conversation, and says how many', async () => {
        await store.addSubscription(sub('telegram:1', { kind: 'task', taskId: '4.1' }));
        await store.addSubscription(sub('telegram:1', { kind: 'agency', agency: '省大数据中心' }));
        await store.addSubscription(sub('telegram:2', { kind: 'all' }));
        expect(await store.removeSubscriptions('telegram:1', { kind: 'task', taskId: '9.9' })).toBe(0);
        expect(await store.removeSubscriptions('telegram:1', { kind: 'task', taskId: '4.1' })).toBe(1);
        expect(await store.listSubscriptions('telegram:1')).toEqual([
          sub('telegram:1', { kind: 'agency', agency: '省大数据中心' }),
        ]);
        await store.addSubscription(sub('telegram:1', { kind: 'all' }));
        expect(await store.removeSubscriptions('telegram:1', null)).toBe(2);
        expect(await store.removeSubscriptions('telegram:1', null)).toBe(0);
        expect(await store.allSubscriptions()).toEqual([sub('telegram:2', { kind: 'all' })]);
      });

      it('lets a conversation subscribe again after removing everything', async () => {
        await store.addSubscription(sub('telegram:1', { kind: 'all' }));
        await store.removeSubscriptions('telegram:1', { kind: 'all' });
        expect(await store.allSubscriptions()).toEqual([]);
        expect(await store.addSubscription(sub('telegram:1', { kind: 'all' }))).toBe(true);
        expect(await store.allSubscriptions()).toHaveLength(1);
      });

      it('keeps every subscription across a restart', async () => {
        await store.addSubscription(sub('telegram:1', { kind: 'task', taskId: '4.1' }));
        await store.addSubscription(sub('line:U1', { kind: 'agency', agency: '省大数据中心' }));
        await store.removeSubscriptions('telegram:1', { kind: 'task', taskId: '4.1' });
        await store.addSubscription(sub('telegram:1', { kind: 'all' }));
        await restart();
        const all = await store.allSubscriptions();
        expect(all).toHaveLength(2);
        expect(all).toContainEqual(sub('telegram:1', { kind: 'all' }));
        expect(all).toContainEqual(sub('line:U1', { kind: 'agency', agency: '省大数据中心' }));
      });
    });

    describe('subscriber status', () => {
      it('is null until set, and survives a restart', async () => {
        expect(await store.getSubscriberStatus('telegram:1')).toBeNull();
        const status = {
          conversationId: 'telegram:1',
          disabled: true,
          reason: 'blocked by the user',
          updatedAt: '2022-09-23T01:00:00.000Z',
        };
        await store.setSubscriberStatus(status);
        expect(await store.getSubscriberStatus('telegram:1')).toEqual(status);
        await restart();
        expect(await store.getSubscriberStatus('telegram:1')).toEqual(status);
        await store.setSubscriberStatus({ ...status, disabled: false, reason: null });
        expect((await store.getSubscriberStatus('telegram:1'))?.disabled).toBe(false);
      });
    });

    describe('reminder claims', () => {
      it('grants a claim to exactly one of many simultaneous claimers', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, () => store.claimReminder('r1', 60_000)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('can be claimed again after a release', async () => {
        expect(await store.claimReminder('r1', 60_000)).toBe(true);
        await store.releaseReminderClaim('r1');
        expect(await store.claimReminder('r1', 60_000)).toBe(true);
      });

      it('can be claimed again once an abandoned claim expires', async () => {
        expect(await store.claimReminder('r1', 60_000)).toBe(true);
        await h.elapse(30_000);
        expect(await store.claimReminder('r1', 60_000)).toBe(false);
        await h.elapse(31_000);
        expect(await store.claimReminder('r1', 60_000)).toBe(true);
      });

      it('is never claimable again once sent, not even after a release or the TTL', async () => {
        expect(await store.isReminderSent('r1')).toBe(false);
        await store.claimReminder('r1', 60_000);
        await store.markReminderSent('r1');
        expect(await store.isReminderSent('r1')).toBe(true);
        await store.releaseReminderClaim('r1');
        await h.elapse(120_000);
        expect(await store.claimReminder('r1', 60_000)).toBe(false);
        expect(await store.isReminderSent('r1')).toBe(true);
      });

      it('marks a whole reminder set sent in one step, claimed or not', async () => {
        await store.claimReminder('a', 60_000);
        await store.markRemindersSent(['a', 'b', 'c']);
        for (const key of ['a', 'b', 'c']) {
          expect(await store.isReminderSent(key)).toBe(true);
          expect(await store.claimReminder(key, 60_000)).toBe(false);
        }
        // A sent mark outlives the claim it replaced.
        await h.elapse(120_000);
        expect(await store.claimReminder('a', 60_000)).toBe(false);
        expect(await store.isReminderSent('d')).toBe(false);
        // Nothing to mark is not an error; marking again changes nothing.
        await store.markRemindersSent([]);
        await store.markRemindersSent(['a', 'a']);
        await restart();
        for (const key of ['a', 'b', 'c']) expect(await store.isReminderSent(key)).toBe(true);
      });

      it('keeps claims and sent marks across a restart', async () => {
        await store.claimReminder('held', 60_000);
        await store.claimReminder('done', 60_000);
        await store.markReminderSent('done');
        await restart();
        expect(await store.claimReminder('held', 60_000)).toBe(false);
        expect(await store.claimReminder('done', 60_000)).toBe(false);
        expect(await store.isReminderSent('done')).toBe(true);
        expect(await store.isReminderSent('held')).toBe(false);
      });
    });

    describe('web inbox', () => {
      const texts = async (conversationId: string, after: string | null = null) =>
        (await store.readInbox(conversationId, after)).map((i) => i.message.text);

      it('is empty for a conversation never written to', async () => {
        expect(await store.readInbox('web:a', null)).toEqual([]);
      });

      it('returns items oldest first with increasing ids, per conversation', async () => {
        const first = await store.appendInbox('web:a', message('k1'), 30 * DAY);
        const second = await store.appendInbox('web:a', message('k2'), 30 * DAY);
        await store.appendInbox('web:b', message('k3'), 30 * DAY);
        expect(compareInboxIds(first, second)).toBeLessThan(0);
        expect(await store.readInbox('web:a', null)).toEqual([
          { id: first, message: message('k1') },
          { id: second, message: message('k2') },
        ]);
        expect(await texts('web:b')).toEqual(['reminder k3']);
      });

      it('returns only what came after a cursor, and reading takes nothing away', async () => {
        const first = await store.appendInbox('web:a', message('k1'), 30 * DAY);
        const second = await store.appendInbox('web:a', message('k2'), 30 * DAY);
        expect(await texts('web:a', first)).toEqual(['reminder k2']);
        expect(await texts('web:a', second)).toEqual([]);
        // Another tab, with its own cursor, still sees both.
        expect(await texts('web:a', null)).toEqual(['reminder k1', 'reminder k2']);
        expect(await texts('web:a', '0-0')).toEqual(['reminder k1', 'reminder k2']);
      });

      it('stores a key once: the same key again returns the first id', async () => {
        const first = await store.appendInbox('web:a', message('k1', 'first'), 30 * DAY);
        expect(await store.appendInbox('web:a', message('k1', 'again'), 30 * DAY)).toBe(first);
        expect(await texts('web:a')).toEqual(['first']);
        // Keys are per conversation.
        await store.appendInbox('web:b', message('k1'), 30 * DAY);
        expect(await texts('web:b')).toEqual(['reminder k1']);
      });

      it('gives simultaneous appends distinct ids in the order they are read back', async () => {
        const ids = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.appendInbox('web:a', message(`k${i}`), 30 * DAY)),
        );
        expect(new Set(ids).size).toBe(10);
        const read = (await store.readInbox('web:a', null)).map((i) => i.id);
        expect(read).toEqual([...ids].sort(compareInboxIds));
      });

      it('expires each item after its own TTL, a newer item keeping no older one alive', async () => {
        await store.appendInbox('web:a', message('old'), 60_000);
        await h.elapse(30_000);
        await store.appendInbox('web:a', message('new'), 60_000);
        await h.elapse(31_000);
        expect(await texts('web:a')).toEqual(['reminder new']);
        await h.elapse(30_000);
        expect(await texts('web:a')).toEqual([]);
        // An expired key may be stored again.
        await store.appendInbox('web:a', message('old'), 60_000);
        expect(await texts('web:a')).toEqual(['reminder old']);
      });

      it('keeps items across a restart, with ids that keep increasing', async () => {
        const first = await store.appendInbox('web:a', message('k1'), 30 * DAY);
        await restart();
        expect(await store.readInbox('web:a', null)).toEqual([{ id: first, message: message('k1') }]);
        const second = await store.appendInbox('web:a', message('k2'), 30 * DAY);
        expect(compareInboxIds(first, second)).toBeLessThan(0);
        expect(await texts('web:a', first)).toEqual(['reminder k2']);
      });

      it(`keeps only the newest ${INBOX_MAX_ITEMS} items of a conversation`, async () => {
        for (let i = 0; i <= INBOX_MAX_ITEMS; i++) await store.appendInbox('web:a', message(`k${i}`), DAY);
        const items = await store.readInbox('web:a', null);
        expect(items).toHaveLength(INBOX_MAX_ITEMS);
        expect(items[0]?.message.key).toBe('k1');
        expect(items.at(-1)?.message.key).toBe(`k${INBOX_MAX_ITEMS}`);
      });
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
