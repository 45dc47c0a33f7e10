import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../src/core/bot.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { DELIVERY_LEASE_MS, DeliveryCore, type Delivery } from '../../src/core/delivery.ts';
import { pushTargetFor, platformOf } from '../../src/core/push-routing.ts';
import { textReply, type IncomingMessage, type PushTarget } from '../../src/core/types.ts';
import { StoreUnavailableError } from '../../src/errors.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';

/** A conversation turn that echoes, so the core's own behaviour is what is observed. */
const echoBot: Pick<Bot, 'handle'> = {
  handle: async (message: IncomingMessage) => textReply(`echo ${message.text}`),
};

const message = (text: string): IncomingMessage => ({
  platform: 'test',
  conversationId: 'test:chat',
  userId: 'test:user',
  text,
  isGroup: false,
});

describe('the delivery core', () => {
  let dir = '';
  let store: EmbeddedStore;
  let core: DeliveryCore;
  let logs: Record<string, unknown>[];
  const clock = new ManualClock('2022-09-01T09:00:00+08:00');

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'workplan-delivery-'));
    store = await EmbeddedStore.open(dir, { clock });
    logs = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line));
        done();
      },
    });
    core = new DeliveryCore({ bot: echoBot, ledger: store, logger: pino({ base: undefined }, sink) });
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const delivery = (id: string, extra: Partial<Delivery> = {}): Delivery => ({
    platform: 'test',
    id,
    conversationId: 'test:chat',
    ...extra,
  });

  it('handles an update once and drops its redelivery once the reply was accepted', async () => {
    const sent: string[] = [];
    const work = async (turn: { ask: (m: IncomingMessage) => Promise<{ text: string }> }) => {
      sent.push((await turn.ask(message('谁牵头'))).text);
    };
    expect((await core.deliver(delivery('u1'), work)).outcome).toBe('answered');
    expect((await core.deliver(delivery('u1'), work)).outcome).toBe('duplicate');
    expect(sent).toEqual(['echo 谁牵头']);
    expect(logs.filter((l) => l.msg === 'update').map((l) => l.intent)).toEqual(['command', 'duplicate']);
  });

  it('answers the redelivery of an update whose reply never reached the platform', async () => {
    const failing = async () => {
      throw new Error('platform refused the reply');
    };
    expect((await core.deliver(delivery('u2'), failing)).outcome).toBe('failed');
    let answered = 0;
    expect((await core.deliver(delivery('u2'), async () => void answered++)).outcome).toBe('answered');
    expect(answered).toBe(1);
  });

  it('counts a delivered apology as the answer', async () => {
    const apologies: string[] = [];
    const result = await core.deliver(
      delivery('u3', { apologize: async () => void apologies.push('sorry') }),
      async () => {
        throw new Error('engine exploded');
      },
    );
    expect(result.outcome).toBe('apologized');
    expect(apologies).toEqual(['sorry']);
    expect((await core.deliver(delivery('u3'), async () => undefined)).outcome).toBe('duplicate');
    expect(logs.find((l) => l.msg === 'update failed')).toMatchObject({ intent: 'error', platform: 'test' });
  });

  it('leaves an update to the holder of a live lease, and answers it once a dead holder’s lease ran out', async () => {
    // Another process took the update and died (kill -9) before answering.
    expect(await store.beginDelivery('test:u4', DELIVERY_LEASE_MS)).toBe('started');
    let answered = 0;
    const work = async () => void answered++;
    expect((await core.deliver(delivery('u4'), work)).outcome).toBe('busy');
    clock.advance(DELIVERY_LEASE_MS + 1);
    expect((await core.deliver(delivery('u4'), work)).outcome).toBe('answered');
    expect(answered).toBe(1);
  });

  it('handles one conversation’s updates in arrival order, and other conversations meanwhile', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = core.deliver(delivery('a1'), async () => {
      await held;
      order.push('a1');
    });
    const second = core.deliver(delivery('a2'), async () => void order.push('a2'));
    const other = core.deliver(
      delivery('b1', { conversationId: 'test:other' }),
      async () => void order.push('b1'),
    );
    await other;
    expect(order).toEqual(['b1']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['b1', 'a1', 'a2']);
  });

  it('goes on with a conversation after a failed update, and drain waits for every queued one', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const failing = core.deliver(delivery('f1'), async () => {
      await held;
      throw new Error('boom');
    });
    const next = core.deliver(delivery('f2'), async () => void order.push('f2'));
    let drained = false;
    const draining = core.drain().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    release();
    await draining;
    expect((await failing).outcome).toBe('failed');
    expect((await next).outcome).toBe('answered');
    expect(order).toEqual(['f2']);
    // Once settled, the conversation starts afresh: a later update is not held by the old ones.
    expect((await core.deliver(delivery('f3'), async () => void order.push('f3'))).outcome).toBe('answered');
    expect(order).toEqual(['f2', 'f3']);
  });

  it('still answers when the store cannot keep the lease', async () => {
    const down = {
      beginDelivery: async () => {
        throw new StoreUnavailableError('redis is down');
      },
      finishDelivery: async () => {
        throw new StoreUnavailableError('redis is down');
      },
      abandonDelivery: async () => undefined,
    };
    const broken = new DeliveryCore({ bot: echoBot, ledger: down, logger: pino({ level: 'silent' }) });
    let answered = 0;
    expect((await broken.deliver(delivery('u5'), async () => void answered++)).outcome).toBe('answered');
    expect(answered).toBe(1);
  });

  it('keeps no lease for an update that cannot come twice (the web page’s own request)', async () => {
    let answered = 0;
    await core.deliver(delivery('x', { id: null }), async () => void answered++);
    await core.deliver(delivery('x', { id: null }), async () => void answered++);
    expect(answered).toBe(2);
  });
});

describe('push routing', () => {
  const target = (platform: string): PushTarget => ({ platform, push: async () => undefined });
  const targets = [target('telegram'), target('wecom'), target('web')];

  it('routes a conversation to the target named by its prefix', () => {
    expect(pushTargetFor(targets, 'wecom:user:zhangsan')?.platform).toBe('wecom');
    expect(pushTargetFor(targets, 'telegram:-100123')?.platform).toBe('telegram');
    expect(pushTargetFor(targets, 'line:U123')).toBeNull();
    expect(pushTargetFor(targets, 'no-prefix')).toBeNull();
    expect(platformOf(':x')).toBeNull();
  });
});
