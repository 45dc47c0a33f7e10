import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WecomApi } from '../../adapters/wecom/api.ts';
import { PlatformError } from '../../src/errors.ts';
import { MESSAGES } from '../../src/messages.ts';
import { nextDeliveryId } from './drivers.ts';
import { WecomDriver } from './wecom-driver.ts';
import { shownText } from './fakes/wecom-api.ts';
import { LONG_REPLY_QUESTION, createApp, type App } from './harness.ts';

describe('the WeCom adapter', () => {
  let app: App;
  let driver: WecomDriver;

  beforeAll(async () => {
    app = await createApp();
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(async () => {
    driver = new WecomDriver();
    await driver.start(app);
  });
  afterEach(async () => {
    await driver.stop();
  });

  const engineText = (question: string) =>
    app.engine.answer(question, { now: app.clock.now(), context: null }).answer.text;
  const callbackUrl = () => driver.url;

  it('verifies the callback URL: answers the decrypted echostr as plain text', async () => {
    const echostr = driver.api.crypto.encrypt('4718029237489234', driver.api.corpId);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const query = (signature: string, echo = echostr) =>
      new URLSearchParams({ msg_signature: signature, timestamp, nonce: '42', echostr: echo });
    const ok = await fetch(
      `${callbackUrl()}?${query(driver.api.crypto.signature(timestamp, '42', echostr))}`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('4718029237489234');

    const forged = await fetch(`${callbackUrl()}?${query('0'.repeat(40))}`);
    expect(forged.status).toBe(401);

    const foreign = driver.api.crypto.encrypt('4718029237489234', 'wwSomeOtherCorp');
    const wrongCorp = await fetch(
      `${callbackUrl()}?${query(driver.api.crypto.signature(timestamp, '42', foreign), foreign)}`,
    );
    expect(wrongCorp.status).toBe(403);
    expect(await wrongCorp.text()).not.toContain('4718029237489234');
  });

  it('refuses a callback for another CorpID (403) or with a stale timestamp (401), sending nothing, logging why without secrets', async () => {
    const before = app.logs.length;
    const xml = driver.api.textXml('zhangsan', '谁牵头川渝通办', String(nextDeliveryId()));
    expect((await driver.deliverXml(xml, { corpId: 'wwSomeOtherCorp' })).status).toBe(403);
    const stale = driver.api.callbackRequest(callbackUrl(), xml, {
      timestamp: Math.floor(Date.now() / 1000) - 2 * 3600,
    });
    const res = await fetch(stale.url, { method: 'POST', body: stale.body });
    expect(res.status).toBe(401);
    expect(driver.sentCount()).toBe(0);
    const reasons = app.logs.slice(before).filter((l) => l.msg === 'request refused');
    expect(reasons.map((l) => l.reason)).toEqual([
      'encrypted for another CorpID',
      'stale or malformed timestamp',
    ]);
    expect(app.logText()).not.toContain(driver.api.secret);
    expect(app.logText()).not.toContain(driver.api.encodingAesKey);
  });

  it('answers a callback WeCom retried because it was slow once: the 5 s retry is dropped', async () => {
    const target = driver.api.callbackRequest(
      callbackUrl(),
      driver.api.textXml('zhangsan', '谁牵头川渝通办', String(nextDeliveryId())),
    );
    // Waiting 0 ms for an answer stands for an answer later than 5 s: every retry is sent.
    const answers = await driver.api.sendCallback(target, 0);
    expect(answers.length).toBe(4);
    expect(answers.every((a) => a.status === 200 && a.body === '')).toBe(true);
    await driver.waitShown('private', 1);
    await driver.sendText('private', '保障措施有哪些');
    expect(await driver.waitShown('private', 2)).toEqual([
      engineText('谁牵头川渝通办'),
      engineText('保障措施有哪些'),
    ]);
  });

  it('fetches the access_token once, and renews it when it expires mid-run without losing the message', async () => {
    await driver.sendText('private', '谁牵头川渝通办');
    await driver.sendText('private', '保障措施有哪些');
    await driver.waitShown('private', 2);
    expect(driver.api.tokenFetches()).toBe(1); // started with one; none per message
    driver.api.expireTokens();
    await driver.sendText('private', '年底前要完成什么');
    const shown = await driver.waitShown('private', 3);
    expect(shown[2]).toBe(engineText('年底前要完成什么'));
    expect(driver.api.tokenFetches()).toBe(2);
  });

  it('keeps the path of an API base URL behind a forwarding proxy', async () => {
    const api = new WecomApi({
      baseUrl: `${driver.apiRoot}/wecom`,
      corpId: driver.api.corpId,
      secret: driver.api.secret,
    });
    driver.api.pathPrefix = '/wecom';
    await api.post('/cgi-bin/message/send', {
      touser: 'zhangsan',
      agentid: driver.api.agentId,
      msgtype: 'text',
      text: { content: '经代理发出' },
    });
    expect(driver.shown('private')).toEqual(['经代理发出']);
  });

  it('offers next questions as a button card whose button events come back as questions', async () => {
    await driver.sendText('private', '谁牵头川渝通办');
    const [card] = await driver.api.waitFor((c) => c.body.msgtype === 'template_card');
    const button = card?.body.template_card?.button_list?.[0];
    expect(button).toBeDefined();
    const asked = button!.key.replace(/^ask:/, '');
    expect(
      (
        await driver.deliverXml(
          driver.api.eventXml('zhangsan', 'template_card_event', {
            EventKey: button!.key,
            TaskId: card!.body.template_card!.task_id,
            CardType: 'button_interaction',
          }),
        )
      ).status,
    ).toBe(200);
    const shown = await driver.waitShown('private', 2);
    expect(shown[1]).toBe(
      app.engine.answer(asked, {
        now: app.clock.now(),
        context: app.engine.answer('谁牵头川渝通办', { now: app.clock.now(), context: null }).context,
      }).answer.text,
    );
  });

  it('says a button of an unknown card has expired', async () => {
    await driver.deliverXml(
      driver.api.eventXml('zhangsan', 'template_card_event', { EventKey: 'something' }),
    );
    expect(await driver.waitShown('private', 1)).toEqual([MESSAGES.buttonExpired]);
  });

  it('answers in a group only when the application is @mentioned, through appchat/send', async () => {
    await driver.sendText('group', '谁牵头川渝通办');
    await driver.sendText('group', '谁牵头川渝通办', { addressed: true });
    expect(await driver.waitShown('group', 1)).toEqual([engineText('谁牵头川渝通办')]);
    expect(driver.api.delivered().every((c) => c.path === '/cgi-bin/appchat/send')).toBe(true);
  });

  it('sends reminders through message/send, with WeCom’s duplicate check against a retried push', async () => {
    await driver.adapter.pushTarget.push(
      'wecom:user:zhangsan',
      { text: '提醒：9月底前实现第三批“川渝通办”事项落地', choices: [], citations: [] },
      { retryKey: 'sub:1' },
    );
    const [sent] = await driver.api.waitFor((c) => c.path === '/cgi-bin/message/send');
    expect(sent?.body).toMatchObject({
      touser: 'zhangsan',
      agentid: driver.api.agentId,
      enable_duplicate_check: 1,
    });
    expect(shownText(sent!.body)).toBe('提醒：9月底前实现第三批“川渝通办”事项落地');
  });
});

describe('the WeCom adapter under the per-member limits', () => {
  it('paces a long answer so that WeCom drops none of its messages', async () => {
    const app = await createApp();
    // The real limits are 30 a minute and 1000 an hour; the same rule on a short clock.
    const driver = new WecomDriver([{ windowMs: 300, max: 4 }]);
    await driver.start(app);
    try {
      await driver.sendText('private', LONG_REPLY_QUESTION);
      await vi.waitFor(
        () => expect(app.logs.some((l) => l.msg === 'update' && l.platform === 'wecom')).toBe(true),
        {
          timeout: 60_000,
        },
      );
      expect(driver.api.delivered().length).toBeGreaterThan(4);
      expect(driver.api.dropped()).toEqual([]);
    } finally {
      await driver.stop();
      await app.close();
    }
  });

  it("leaves a reminder the member limit would hold up to the scheduler's next tick, sending nothing", async () => {
    const app = await createApp();
    const driver = new WecomDriver([{ windowMs: 60_000, max: 1 }]);
    await driver.start(app);
    try {
      const reminder = { text: '提醒：9月底前', choices: [], citations: [] };
      await driver.adapter.pushTarget.push('wecom:user:zhangsan', reminder, { retryKey: 'a' });
      const held = await driver.adapter.pushTarget
        .push('wecom:user:zhangsan', reminder, { retryKey: 'b' })
        .catch((e: unknown) => e);
      expect(held).toBeInstanceOf(PlatformError);
      expect((held as PlatformError).transient).toBe(true);
      expect(driver.api.delivered()).toHaveLength(1);
      expect(driver.api.dropped()).toEqual([]);
    } finally {
      await driver.stop();
      await app.close();
    }
  });
});
