import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../http/app.ts';
import { CHROMIUM, PHONE, hasChromium, launchChromium, phonePage } from './browser.ts';
import { startPrefixProxy } from './prefix-proxy.ts';

const suite = hasChromium
  ? 'the page under /workplan/ behind a prefix-stripping proxy, in headless Chromium'
  : `sub-path e2e SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium)`;

describe.skipIf(!hasChromium)(suite, () => {
  let t: TestApp;
  let proxy: Awaited<ReturnType<typeof startPrefixProxy>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    // The plan clock four years past the 2022 plan: the timeline's "today" is outside its year.
    t = await startTestApp({ now: '2026-11-29T10:00:00+08:00' });
    proxy = await startPrefixProxy(t.base, '/workplan/');
    browser = await launchChromium();
    page = await phonePage(browser, problems);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await t?.stop();
  });

  it('loads styled, answers a question, and asks for nothing outside the prefix', async () => {
    await page.goto(`${proxy.base}/workplan`); // no trailing slash: redirected, as nginx does
    expect(new URL(page.url()).pathname).toBe('/workplan/');
    // Styled: the stylesheet's sticky header is in force.
    expect(await page.locator('header.top').evaluate((h) => getComputedStyle(h).position)).toBe('sticky');
    const input = page.getByLabel('输入问题');
    await input.fill('谁牵头川渝通办');
    await input.press('Enter');
    const answer = page.locator('.msg.bot:not([aria-busy])').last();
    await expect.poll(() => answer.textContent()).toContain('省大数据中心');
    await page.waitForLoadState('networkidle');
    expect(proxy.seen.filter((p) => !p.startsWith('/workplan/') && p !== '/workplan')).toEqual([]);
    expect(proxy.seen.some((p) => p.startsWith('/workplan/api/chat'))).toBe(true);
    expect(problems).toEqual([]);
  });

  it('opens a deep link to a task with its heading and its section heading below the sticky header', async () => {
    await page.goto(`${proxy.base}/workplan/#tasks/4.1`);
    const summary = page.locator('#task-4-1 > summary');
    await expect.poll(() => summary.evaluate((s) => (s.parentElement as HTMLDetailsElement).open)).toBe(true);
    await page.waitForTimeout(300); // let a smooth scroll, if any, settle
    const headerBottom = await page.locator('header.top').evaluate((h) => h.getBoundingClientRect().bottom);
    const top = await summary.evaluate((s) => s.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(headerBottom);
    expect(top).toBeLessThan(PHONE.height / 2);
    // 4.1 opens section 四: that section's heading shows too, below the header.
    const sectionHeading = page.locator('#task-4-1').locator('xpath=ancestor::section[1]/h3');
    expect(await sectionHeading.textContent()).toMatch(/^四、/);
    const headingTop = await sectionHeading.evaluate((h) => h.getBoundingClientRect().top);
    expect(headingTop).toBeGreaterThanOrEqual(headerBottom);
    expect(problems).toEqual([]);
  });

  it('marks today on the 2022 timeline with its year, since it is not 2022', async () => {
    await page.goto(`${proxy.base}/workplan/#deadlines`);
    const today = page.locator('.timeline > li.today');
    await expect.poll(() => today.textContent()).toBe('今天 2026年11月29日');
    const calendar = await page.locator('.calendar-link a').getAttribute('href');
    expect(calendar).toBe(`${proxy.base}/workplan/calendar.ics`);
    const ics = await fetch(calendar!);
    expect(ics.status).toBe(200);
    expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(problems).toEqual([]);
  });
});
