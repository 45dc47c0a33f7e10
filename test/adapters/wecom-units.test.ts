import { describe, expect, it } from 'vitest';
import { actionOf, conversationIdOf, deliveryIdOf } from '../../adapters/wecom/addressing.ts';
import type { WecomMessage } from '../../adapters/wecom/callback-xml.ts';
import { WecomCrypto, WecomCryptoError } from '../../adapters/wecom/crypto.ts';
import { Pacer } from '../../adapters/pacer.ts';

/*
 * The official sample of 加解密方案说明 (developer.work.weixin.qq.com/document/path/90968) and of
 * the official weworkapi callback Sample: Token QDG6eK, EncodingAESKey jWmY…B2C, CorpID
 * wx5823bf96d3bd56c7.
 */
const SAMPLE = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  corpId: 'wx5823bf96d3bd56c7',
  verify: {
    msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
    plain: '1616140317555161061',
  },
  message: {
    msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
    timestamp: '1409659813',
    nonce: '1372623149',
    encrypt:
      'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  },
};

describe('WeCom callback crypto (official sample vectors)', () => {
  const crypto = new WecomCrypto(SAMPLE.token, SAMPLE.encodingAesKey);

  it('signs and decrypts the URL verification echostr', () => {
    const { msgSignature, timestamp, nonce, echostr, plain } = SAMPLE.verify;
    expect(crypto.signature(timestamp, nonce, echostr)).toBe(msgSignature);
    expect(crypto.verify(msgSignature, timestamp, nonce, echostr)).toBe(true);
    expect(crypto.decrypt(echostr)).toEqual({ message: plain, receiveId: SAMPLE.corpId });
  });

  it('signs and decrypts the sample message', () => {
    const { msgSignature, timestamp, nonce, encrypt } = SAMPLE.message;
    expect(crypto.verify(msgSignature, timestamp, nonce, encrypt)).toBe(true);
    const { message, receiveId } = crypto.decrypt(encrypt);
    expect(receiveId).toBe(SAMPLE.corpId);
    expect(message).toContain('<Content><![CDATA[hello]]></Content>');
    expect(message).toContain('<MsgId>4561255354251345929</MsgId>');
  });

  it('refuses a wrong signature and a tampered or truncated ciphertext', () => {
    const { msgSignature, timestamp, nonce, encrypt } = SAMPLE.message;
    expect(crypto.verify(msgSignature, timestamp, String(Number(nonce) + 1), encrypt)).toBe(false);
    expect(crypto.verify('not-hex', timestamp, nonce, encrypt)).toBe(false);
    expect(() => crypto.decrypt(encrypt.slice(0, 40))).toThrow(WecomCryptoError);
    const other = new WecomCrypto(SAMPLE.token, 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
    expect(() => other.decrypt(encrypt)).toThrow(WecomCryptoError);
  });

  it('round-trips Chinese text, padding to 32 bytes', () => {
    const encrypted = crypto.encrypt('谁牵头川渝通办？', SAMPLE.corpId);
    expect(Buffer.from(encrypted, 'base64').length % 32).toBe(0);
    expect(crypto.decrypt(encrypted)).toEqual({ message: '谁牵头川渝通办？', receiveId: SAMPLE.corpId });
  });
});

describe('pacing under the per-member limits', () => {
  it('lets a message go only when it fits in every window', async () => {
    let now = 0;
    const pacer = new Pacer({
      windows: [
        { windowMs: 100, max: 2 },
        { windowMs: 1_000, max: 3 },
      ],
      now: () => now,
    });
    const send = async () => undefined;
    await pacer.run('a', send);
    await pacer.run('a', send);
    expect(pacer.waitMs('a')).toBe(100);
    expect(pacer.waitMs('b')).toBe(0);
    now = 101;
    await pacer.run('a', send);
    now = 300;
    expect(pacer.waitMs('a')).toBe(700); // the hour-like window is full until the first send leaves it
  });
});

describe('what a WeCom callback asks', () => {
  const message = (fields: Partial<WecomMessage>): WecomMessage => ({
    ToUserName: 'ww5fake0corp0id1d',
    FromUserName: 'zhangsan',
    CreateTime: '1663635600',
    MsgType: 'text',
    ...fields,
  });

  it('takes every private text as a question, and a bare one as asking for help', () => {
    expect(actionOf(message({ Content: ' 谁牵头川渝通办 ' }))).toEqual({
      kind: 'ask',
      text: '谁牵头川渝通办',
    });
    expect(actionOf(message({ Content: '' }))).toEqual({ kind: 'ask', text: '帮助' });
  });

  it('in a group, answers only a message that @mentions, without the mention', () => {
    const group = { ChatId: 'wrkGroup' };
    expect(actionOf(message({ ...group, Content: '今天开会吗' }))).toEqual({ kind: 'ignore' });
    expect(actionOf(message({ ...group, Content: '@工作计划助手\u2005谁牵头川渝通办' }))).toEqual({
      kind: 'ask',
      text: '谁牵头川渝通办',
    });
    expect(conversationIdOf(message(group))).toBe('wecom:chat:wrkGroup');
    expect(conversationIdOf(message({}))).toBe('wecom:user:zhangsan');
  });

  it('keys a message by MsgId and an event by who sent it and when', () => {
    expect(deliveryIdOf(message({ MsgId: '4561255354251345929' }))).toBe('msg:4561255354251345929');
    const tap = message({ MsgType: 'event', Event: 'template_card_event', EventKey: 'ask:时间节点' });
    expect(deliveryIdOf(tap)).toBe('event:zhangsan:1663635600:template_card_event:ask:时间节点');
    expect(actionOf(tap)).toEqual({ kind: 'ask', text: '时间节点' });
    expect(actionOf(message({ MsgType: 'image' }))).toEqual({ kind: 'ignore' });
  });
});
