import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../http/app.ts';
import { CHROMIUM, PHONE, hasChromium, launchChromium, phonePage } from './browser.ts';

const suite = hasChromium
  ? 'web chat in headless Chromium on a 390 px phone'
  : `web chat e2e SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium)`;

describe.skipIf(!hasChromium)(suite, () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ now: '2022-08-15T09:00:00+08:00' });
    browser = await launchChromium();
    page = await phonePage(browser, problems);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  const overflow = (on: Page = page) =>
    on.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const lastBot = () => page.locator('.msg.bot:not([aria-busy])').last();

  it('answers a typed question with a card, then a tapped suggestion with the follow-up', async () => {
    await page.goto(`${t.base}/`);
    const input = page.getByLabel('输入问题');
    await input.fill('谁牵头川渝通办');
    await input.press('Enter');

    await expect.poll(() => page.locator('.msg.bot').count()).toBe(2);
    const first = page.locator('.msg.bot').nth(1);
    const card = first.locator('article.card');
    await card.waitFor();
    expect(await card.locator('.tid').textContent()).toBe('4.1');
    expect(await card.textContent()).toContain('省大数据中心');
    expect(await card.locator('time').first().getAttribute('datetime')).toBe('2022-09-30');
    expect(await card.locator('mark').first().textContent()).toBe('川渝通办');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/workplan-e2e-answer.png' });

    const chip = first.locator('.chips button').first();
    const sent = await chip.getAttribute('data-text');
    expect(sent).toBeTruthy();
    await chip.tap();
    await expect.poll(() => page.locator('.msg.bot:not([aria-busy])').count()).toBe(3);
    const followUp = lastBot();
    expect(await page.locator('.msg.user').last().textContent()).toBe(sent);
    expect(await followUp.locator('.tid').first().textContent()).toBe('4.1');
    expect(await followUp.locator('.text').textContent()).toMatch(/4\.1/);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/workplan-e2e-followup.png', fullPage: true });
  }, 60_000);

  it('keeps the conversation across a reload, so "那它…" still refers to the last task', async () => {
    const chat = await page.evaluate(() => localStorage.getItem('workplan.chat'));
    expect(chat).toMatch(/^[0-9a-f]{24}$/);
    await page.reload();
    expect(await page.evaluate(() => localStorage.getItem('workplan.chat'))).toBe(chat);
    const input = page.getByLabel('输入问题');
    await input.fill('那它谁牵头');
    await input.press('Enter');
    await expect.poll(() => page.locator('.msg.bot:not([aria-busy])').count()).toBe(2);
    expect(await lastBot().locator('.text').textContent()).toContain('4.1');
  }, 60_000);

  it('shows the 11 milestones on a timeline with today marked by the plan clock', async () => {
    await page.getByRole('link', { name: '时间节点' }).tap();
    await page.locator('.timeline').waitFor();
    expect(await page.locator('.timeline > li.when > ul > li').count()).toBe(11);
    expect(await page.locator('.timeline > li.today').textContent()).toBe('今天 8月15日');
    expect(await page.locator('.timeline > li.past').count()).toBe(1); // only 6月底前 has passed
    expect(await page.locator('#composer').isHidden()).toBe(true);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/workplan-e2e-deadlines.png', fullPage: true });
  }, 60_000);

  it('browses the six sections and opens a task from the timeline', async () => {
    await page.locator('.timeline a.tid', { hasText: '2.3' }).first().tap();
    await page.locator('.plan-section').first().waitFor();
    expect(await page.locator('.plan-section').count()).toBe(6);
    expect(await page.locator('.plan-section details').count()).toBe(23);
    expect(await page.locator('#task-2-3').getAttribute('open')).not.toBeNull();
    expect(await page.evaluate(() => document.activeElement?.closest('details')?.id)).toBe('task-2-3');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/workplan-e2e-tasks.png' });
  }, 60_000);

  it('works from the keyboard alone, and announces answers to screen readers', async () => {
    const desktop = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await desktop.goto(`${t.base}/#chat`);
      expect(await desktop.getByRole('log').getAttribute('aria-live')).toBe('polite');
      await desktop.keyboard.press('Tab');
      expect(await desktop.evaluate(() => document.activeElement?.textContent)).toBe('跳到提问框');
      await desktop.keyboard.press('Enter');
      expect(await desktop.evaluate(() => document.activeElement?.id)).toBe('question');
      await desktop.keyboard.type('创业担保贷款发放多少');
      await desktop.keyboard.press('Enter');
      await desktop.locator('.msg.bot:not([aria-busy]) article.card').waitFor();
      expect(await desktop.locator('article.card .tid').textContent()).toBe('3.2');
      // Shift+Tab from the input walks back into the newest answer's chips.
      await desktop.getByLabel('输入问题').focus();
      await desktop.keyboard.press('Shift+Tab');
      expect(await desktop.evaluate(() => document.activeElement?.classList.contains('chip'))).toBe(true);
      expect(await desktop.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    } finally {
      await desktop.close();
    }
  }, 60_000);

  it('shows a reminder pushed after subscribing as its own bubble, once', async () => {
    // A page of its own: a fresh browser profile, and a page clock the test moves instead of waiting
    // out the 30 s poll.
    const phone = await browser.newPage({
      viewport: PHONE,
      deviceScaleFactor: 2,
      hasTouch: true,
      isMobile: true,
    });
    phone.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await t.app.scheduler.stop();
    try {
      await phone.clock.install();
      await phone.goto(`${t.base}/`);
      const input = phone.getByLabel('输入问题');
      await input.fill('订阅 全部');
      await input.press('Enter');
      await expect
        .poll(() => phone.locator('.msg.bot:not([aria-busy]) .text').last().textContent())
        .toContain('已订阅全部任务');

      t.clock.set('2022-09-23T09:00:30+08:00');
      await t.app.scheduler.tick();
      expect(await phone.locator('.msg.push').count()).toBe(0);
      await phone.clock.runFor(30_000);
      const push = phone.locator('.msg.push');
      await push.waitFor();
      expect(await push.locator('.text').textContent()).toMatch(/^⏰ 截止提醒[\s\S]*9月30日/);
      expect(await push.locator('.chip').allTextContents()).toEqual([
        '1.4 详情',
        '4.1 详情',
        '5.1 详情',
        '近期截止',
      ]);
      // Inside the log, which is aria-live: screen readers announce it like an answer.
      expect(await phone.locator('#log .msg.push').count()).toBe(1);
      expect(await overflow(phone)).toBeLessThanOrEqual(0);
      await phone.screenshot({ path: '/tmp/workplan-e2e-reminder.png' });

      await push.locator('.chip', { hasText: '4.1 详情' }).tap();
      await expect
        .poll(() => phone.locator('.msg.bot:not([aria-busy]) article.card .tid').last().textContent())
        .toBe('4.1');

      // After a reload the reminder is still in the page's history, marked as one shown before, and
      // not shown again as new.
      await phone.reload();
      await phone.locator('.msg.push.earlier').waitFor();
      expect(await phone.locator('.msg.push').count()).toBe(1);
      expect(await phone.locator('.msg.push.earlier .text').textContent()).toMatch(/^⏰ 截止提醒/);
      await phone.clock.runFor(30_000);
      expect(await phone.locator('.msg.push').count()).toBe(1);
    } finally {
      t.clock.set('2022-08-15T09:00:00+08:00');
      await phone.close();
    }
  }, 60_000);

  it('keeps subscriptions with the browser: 新对话 neither hides them nor silences their reminders', async () => {
    const phone = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    phone.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await t.app.scheduler.stop();
    const lastText = () => phone.locator('.msg.bot:not([aria-busy]) .text').last().textContent();
    const say = async (text: string) => {
      const input = phone.getByLabel('输入问题');
      await input.fill(text);
      await input.press('Enter');
    };
    try {
      await phone.clock.install();
      await phone.goto(`${t.base}/`);
      await say('订阅 4.1');
      await expect.poll(lastText).toContain('已订阅');
      const device = await phone.evaluate(() => localStorage.getItem('workplan.device'));
      // More new chats than the page ever kept inboxes for.
      for (let i = 0; i < 9; i++) await phone.locator('[data-new-chat]').tap();
      expect(await phone.evaluate(() => localStorage.getItem('workplan.chat'))).not.toBe(device);
      expect(await phone.evaluate(() => localStorage.getItem('workplan.device'))).toBe(device);
      await say('我的订阅');
      await expect.poll(lastText).toContain('4.1');

      t.clock.set('2022-09-23T09:00:30+08:00');
      await t.app.scheduler.tick();
      await phone.clock.runFor(30_000);
      await phone.locator('.msg.push').waitFor();
      expect(await phone.locator('.msg.push .text').textContent()).toContain('4.1');

      await say('退订 4.1');
      await expect.poll(lastText).toContain('已取消订阅');
      await say('我的订阅');
      await expect.poll(lastText).toContain('你还没有订阅');
    } finally {
      t.clock.set('2022-08-15T09:00:00+08:00');
      await phone.close();
    }
  }, 60_000);

  it('carries a browser from before device ids over: its chat becomes the device, older chats are still polled', async () => {
    await t.app.scheduler.stop();
    // Subscriptions made the old way, each by its chat id.
    const ask = (question: string, chat: string) =>
      fetch(`${t.base}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question, chat }),
      });
    expect((await ask('订阅 1.4', 'legacycurrent')).status).toBe(200);
    expect((await ask('订阅 5.1', 'legacyolder')).status).toBe(200);
    const phone = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      await phone.addInitScript(() => {
        if (localStorage.getItem('workplan.device')) return;
        localStorage.setItem('workplan.chat', 'legacycurrent');
        localStorage.setItem('workplan.inbox', JSON.stringify({ legacyolder: null, legacycurrent: null }));
      });
      await phone.clock.install();
      await phone.goto(`${t.base}/`);
      expect(await phone.evaluate(() => localStorage.getItem('workplan.device'))).toBe('legacycurrent');
      const input = phone.getByLabel('输入问题');
      await input.fill('我的订阅');
      await input.press('Enter');
      await expect
        .poll(() => phone.locator('.msg.bot:not([aria-busy]) .text').last().textContent())
        .toContain('1.4');

      t.clock.set('2022-09-23T09:00:30+08:00');
      await t.app.scheduler.tick();
      await phone.clock.runFor(30_000);
      await expect.poll(() => phone.locator('.msg.push').count()).toBe(2);
      const texts = (await phone.locator('.msg.push .text').allTextContents()).join('\n');
      expect(texts).toContain('1.4');
      expect(texts).toContain('5.1');
    } finally {
      t.clock.set('2022-08-15T09:00:00+08:00');
      await phone.close();
    }
  }, 60_000);

  it('logged no console errors and no failed requests', () => {
    expect(problems).toEqual([]);
  });
});
