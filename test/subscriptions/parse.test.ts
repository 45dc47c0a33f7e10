import { describe, expect, it } from 'vitest';
import { meansAll, parseCommand } from '../../src/subscriptions/parse.ts';

describe('subscription command words', () => {
  it('reads subscribe in Chinese and as a Telegram command, with or without the bot name', () => {
    expect(parseCommand('订阅 省大数据中心')).toEqual({ kind: 'subscribe', target: '省大数据中心' });
    expect(parseCommand('订阅大数据中心')).toEqual({ kind: 'subscribe', target: '大数据中心' });
    expect(parseCommand('订阅：“川渝通办”。')).toEqual({ kind: 'subscribe', target: '川渝通办' });
    expect(parseCommand('/subscribe 4.1')).toEqual({ kind: 'subscribe', target: '4.1' });
    expect(parseCommand('/subscribe@WorkplanBot 4.1')).toEqual({ kind: 'subscribe', target: '4.1' });
    expect(parseCommand('／subscribe 全部')).toEqual({ kind: 'subscribe', target: '全部' });
    expect(parseCommand('订阅')).toEqual({ kind: 'subscribe', target: '' });
  });

  it('reads unsubscribe, with or without a target', () => {
    expect(parseCommand('取消订阅 4.1')).toEqual({ kind: 'unsubscribe', target: '4.1' });
    expect(parseCommand('退订')).toEqual({ kind: 'unsubscribe', target: '' });
    expect(parseCommand('退订 全部')).toEqual({ kind: 'unsubscribe', target: '全部' });
    expect(parseCommand('/unsubscribe@WorkplanBot 省大数据中心')).toEqual({
      kind: 'unsubscribe',
      target: '省大数据中心',
    });
  });

  it('reads the list and due commands', () => {
    expect(parseCommand('我的订阅')).toEqual({ kind: 'list' });
    expect(parseCommand(' 我的订阅？')).toEqual({ kind: 'list' });
    expect(parseCommand('/mysubs')).toEqual({ kind: 'list' });
    expect(parseCommand('近期截止')).toEqual({ kind: 'due' });
    expect(parseCommand('/due@WorkplanBot')).toEqual({ kind: 'due' });
  });

  it('leaves questions and other commands to the engine', () => {
    for (const text of [
      '谁牵头川渝通办',
      '9月底前要完成什么',
      '/start',
      '/help',
      '/due 4.1',
      '最近的截止是什么',
    ])
      expect(parseCommand(text)).toBeNull();
  });

  it('knows the words for everything', () => {
    expect(meansAll('全部')).toBe(true);
    expect(meansAll('All')).toBe(true);
    expect(meansAll('全部门')).toBe(false);
  });
});

describe('command text is normalised before any word is matched', () => {
  it.each([
    ['a zero-width space', '订阅 全\u200b部'],
    ['a right-to-left override (U+202E)', '订阅 \u202e全部'],
    ['a control character', '订阅 全\u0007部'],
    ['a space', '订阅 全 部'],
    ['an ideographic space and a byte-order mark', '\ufeff订阅\u3000全　部'],
    ['full-width letters', '／ｓｕｂｓｃｒｉｂｅ 全部'],
  ])('"订阅 全部" with %s subscribes to everything', (_what, text) => {
    const command = parseCommand(text);
    expect(command).toEqual({ kind: 'subscribe', target: '全部' });
    expect(meansAll(command?.kind === 'subscribe' ? command.target : '')).toBe(true);
  });

  it('keeps the space that separates ASCII words and reads hidden characters in other commands', () => {
    expect(parseCommand('/subscribe\u200b 4.1')).toEqual({ kind: 'subscribe', target: '4.1' });
    expect(parseCommand('我的\u200d订阅')).toEqual({ kind: 'list' });
    expect(parseCommand('退 订\u202e 4.1')).toEqual({ kind: 'unsubscribe', target: '4.1' });
    expect(parseCommand('订阅 省大数据 中心')).toEqual({ kind: 'subscribe', target: '省大数据中心' });
    expect(parseCommand('/subscribe@WorkplanBot 省大数据中心')).toEqual({
      kind: 'subscribe',
      target: '省大数据中心',
    });
  });
});
