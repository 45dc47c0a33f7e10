import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../http/app.ts';
import { PLAN_FILES, planDir } from '../catalogue/plan-dir.ts';
import { CHROMIUM, hasChromium, launchChromium, phonePage } from './browser.ts';

const suite = hasChromium
  ? 'the plan switcher of the 任务 and 时间节点 views in headless Chromium'
  : `plan switcher e2e SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium)`;

describe.skipIf(!hasChromium)(suite, () => {
  let t: TestApp;
  let dir: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    dir = planDir([PLAN_FILES.seed2022, PLAN_FILES.sample2023, PLAN_FILES.stateCouncil2018]);
    t = await startTestApp({ now: '2023-03-01T09:00:00+08:00', planDir: dir });
    browser = await launchChromium();
    page = await phonePage(browser, problems);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const switcher = (view: string) => page.locator(`#view-${view} select[data-plan]`);
  const taskRows = () => page.locator('#view-tasks .plan-section summary');
  const milestones = () => page.locator('#view-deadlines .timeline > li.when > ul > li');

  it('lists every loaded plan in the 任务 view, the default chosen, and shows the chosen plan’s tasks', async () => {
    await page.goto(`${t.base}/#tasks`);
    await expect.poll(() => taskRows().count()).toBe(3);
    const options = await switcher('tasks')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options.sort()).toEqual([
      'quanguo-2018-gov-employment',
      'sichuan-2022-fangguanfu',
      'sichuan-2023-plan-sample',
    ]);
    expect(await switcher('tasks').inputValue()).toBe('sichuan-2023-plan-sample');

    await switcher('tasks').selectOption('sichuan-2022-fangguanfu');
    await expect.poll(() => taskRows().count()).toBe(23);
    expect(await page.locator('#view-tasks .plan-title').textContent()).toContain('2022年工作要点');
    await switcher('tasks').selectOption('quanguo-2018-gov-employment');
    await expect.poll(() => taskRows().count()).toBe(15);
    expect(await page.locator('#view-tasks .plan-title').textContent()).toContain('促进就业');
    // One switcher, however often the view is drawn again.
    expect(await switcher('tasks').count()).toBe(1);
  }, 60_000);

  it('switches the 时间节点 view between plans: the 2023 plan’s 3 milestones, the 2022 plan’s 11', async () => {
    await page.getByRole('link', { name: '时间节点' }).tap();
    await expect.poll(() => milestones().count()).toBe(3);
    expect(await switcher('deadlines').inputValue()).toBe('sichuan-2023-plan-sample');
    await switcher('deadlines').selectOption('sichuan-2022-fangguanfu');
    await expect.poll(() => milestones().count()).toBe(11);
    expect(problems).toEqual([]);
  }, 60_000);
});
