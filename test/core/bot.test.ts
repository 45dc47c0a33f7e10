import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bot, MAX_QUESTION_CHARS } from '../../src/core/bot.ts';
import { ManualClock } from '../../src/core/clock.ts';
import type { IncomingMessage } from '../../src/core/types.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { createLogger } from '../../src/log.ts';
import { MESSAGES } from '../../src/messages.ts';
import { loadAliases, loadPlan } from '../../src/plan/load.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';

const engine = createEngine(loadPlan(), loadAliases());

describe('a conversation turn', () => {
  let dir = '';
  let store: EmbeddedStore;
  let bot: Bot;
  const clock = new ManualClock('2022-09-01T09:00:00+08:00');
  const message = (text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
    platform: 'test',
    conversationId: 'test:chat',
    userId: 'test:user',
    text,
    isGroup: false,
    ...extra,
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'workplan-bot-'));
    store = await EmbeddedStore.open(dir, { clock });
    bot = new Bot({ engine, store, clock, logger: createLogger('silent'), rateLimitPerMinute: 3 });
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps follow-up context per conversation', async () => {
    await bot.handle(message('证照分离谁牵头'));
    const followUp = await bot.handle(message('它有截止时间吗'));
    expect(followUp.answer?.matches[0]?.task.id).toBe('3.3');
    expect((await store.getContext('test:chat'))?.lastTaskIds[0]).toBe('3.3');
  });

  it('reads and keeps no context for a one-off turn', async () => {
    await bot.handle(message('证照分离谁牵头', { conversationId: 'test:once', ephemeral: true }));
    expect(await store.getContext('test:once')).toBeNull();
  });

  it('refuses politely past the per-user rate, and says it was refused', async () => {
    for (let i = 0; i < 3; i++) expect((await bot.handle(message('川渝通办'))).refused).toBeUndefined();
    const refused = await bot.handle(message('川渝通办'));
    expect(refused.refused).toBe('rate_limited');
    expect(refused.text).toBe(MESSAGES.rateLimited);
  });

  it('asks for a shorter question instead of answering a huge one', async () => {
    const reply = await bot.handle(message('川'.repeat(MAX_QUESTION_CHARS + 1)));
    expect(reply.text).toBe(MESSAGES.tooLong(MAX_QUESTION_CHARS));
    expect(reply.answer).toBeUndefined();
  });

  it('still answers when the store is gone', async () => {
    await store.close();
    const reply = await bot.handle(message('谁牵头川渝通办'));
    expect(reply.answer?.matches[0]?.task.id).toBe('4.1');
    store = await EmbeddedStore.open(dir, { clock }); // for afterEach
  });
});
