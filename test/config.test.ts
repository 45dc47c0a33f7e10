import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';

describe('loadConfig', () => {
  it('starts with defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.REMIND_DAYS).toEqual([7, 1]);
    expect(config.REMIND_AT).toBe('09:00');
    expect(config.PLAN_TZ).toBe('Asia/Shanghai');
    expect(config.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ REMIND_AT: '9am' })).toThrow(/REMIND_AT/);
    expect(() => loadConfig({ PLAN_TZ: 'Mars/Base' })).toThrow(/PLAN_TZ/);
    expect(() => loadConfig({ PLAN_NOW: 'yesterday' })).toThrow(/PLAN_NOW/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ LINE_CHANNEL_SECRET: 's' })).toThrow(/LINE_CHANNEL_ACCESS_TOKEN/);
    expect(() => loadConfig({ PORT: 'x' })).toThrow(ConfigError);
    expect(() => loadConfig({ WECOM_ENCODING_AES_KEY: 'short' })).toThrow(/WECOM_ENCODING_AES_KEY/);
    expect(() => loadConfig({ WECOM_AGENT_ID: 'app' })).toThrow(/WECOM_AGENT_ID/);
  });

  it('wants every WeCom variable once one is set, and says which are missing', () => {
    const wecom = {
      WECOM_CORP_ID: 'ww0123456789abcdef',
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 'secret',
      WECOM_TOKEN: 'token',
      WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    };
    expect(loadConfig(wecom).WECOM_API_BASE_URL).toBe('https://qyapi.weixin.qq.com');
    expect(loadConfig(wecom).WECOM_MARKDOWN).toBe(true);
    expect(() => loadConfig({ ...wecom, WECOM_SECRET: '' })).toThrow(/WECOM_SECRET: required/);
  });

  it('reads DingTalk settings: stream mode by default, both credentials or neither', () => {
    const config = loadConfig({ DINGTALK_CLIENT_ID: 'dingkey', DINGTALK_CLIENT_SECRET: 'secret' });
    expect(config.DINGTALK_MODE).toBe('stream');
    expect(config.DINGTALK_API_BASE_URL).toBe('https://api.dingtalk.com');
    expect(() => loadConfig({ DINGTALK_CLIENT_ID: 'dingkey' })).toThrow(/DINGTALK_CLIENT_SECRET/);
    expect(() => loadConfig({ DINGTALK_MODE: 'websocket' })).toThrow(/DINGTALK_MODE/);
  });

  it('parses reminder days into a sorted, de-duplicated list', () => {
    expect(loadConfig({ REMIND_DAYS: '1, 7,3,7' }).REMIND_DAYS).toEqual([7, 3, 1]);
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ REDIS_URL: '', TELEGRAM_BOT_TOKEN: '  ', PLAN_NOW: '' });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(config.PLAN_NOW).toBeUndefined();
  });

  it('gives an empty variable its default rather than a value coerced from ""', () => {
    const config = loadConfig({ PORT: '', DATA_DIR: ' ', PLAN_TZ: '', REMIND_DAYS: '' });
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./data');
    expect(config.PLAN_TZ).toBe('Asia/Shanghai');
    expect(config.REMIND_DAYS).toEqual([7, 1]);
  });
});
