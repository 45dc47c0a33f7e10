import * as z from 'zod';
import { ConfigError } from './errors.ts';
import { parseTrustProxy } from './http/client-address.ts';

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string())
  .optional()
  .transform((s) => (s ? s : undefined));

const url = z.url({ protocol: /^https?$/ });

const dayList = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'a comma-separated list of whole days, like "7,1"')
  .transform((s) => [...new Set(s.split(',').map((d) => Number(d.trim())))].sort((a, b) => b - a));

/** Every setting the app reads from the environment. Parsed once, at start. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PLAN_FILE: optionalString,
  /** A folder of plans, every .txt loaded side by side (issue 10); default seeds/. PLAN_FILE loads one file instead. */
  PLAN_DIR: optionalString,
  /** The default plan's key ("sichuan-2022-fangguanfu") or file name; else the newest of the most common issuer. */
  PLAN_DEFAULT: optionalString,
  /** The plan's year when neither its title, document number nor issue date gives one. */
  PLAN_YEAR: z.coerce.number().int().min(2000).max(2100).optional(),
  DATA_DIR: z.string().default('./data'),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL')
      .optional(),
  ),
  PUBLIC_URL: optionalString.pipe(url.optional()),

  TELEGRAM_BOT_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^\d+:[\w-]+$/, 'a bot token like 123456:ABC-DEF…')
      .optional(),
  ),
  TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, '1-256 characters of A-Z, a-z, 0-9, _ and -')
      .optional(),
  ),
  TELEGRAM_API_ROOT: url.default('https://api.telegram.org'),

  LINE_CHANNEL_SECRET: optionalString,
  LINE_CHANNEL_ACCESS_TOKEN: optionalString,
  LINE_API_BASE_URL: url.default('https://api.line.me'),
  /** In LINE groups and rooms, a message starting with this word is meant for the bot. */
  LINE_BOT_KEYWORD: z.string().min(1).default('小助手'),

  /** WeCom (企业微信) self-built application: 我的企业 → 企业ID. */
  WECOM_CORP_ID: optionalString,
  /** The application's AgentId (应用管理 → the app). */
  WECOM_AGENT_ID: optionalString.pipe(z.string().regex(/^\d+$/, 'the numeric AgentId').optional()),
  WECOM_SECRET: optionalString,
  /** 接收消息 → 设置API接收: the Token and EncodingAESKey entered there. */
  WECOM_TOKEN: optionalString,
  WECOM_ENCODING_AES_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{43}$/, '43 characters of a-z, A-Z and 0-9')
      .optional(),
  ),
  WECOM_API_BASE_URL: url.default('https://qyapi.weixin.qq.com'),
  /** Send markdown (shown by the WeCom client, not by the WeChat plug-in 微信插件); "false" sends text. */
  WECOM_MARKDOWN: z
    .enum(['true', 'false'], 'true or false')
    .default('true')
    .transform((v) => v === 'true'),

  /** DingTalk enterprise internal robot (企业内部机器人): the app's AppKey (Client ID) and AppSecret. */
  DINGTALK_CLIENT_ID: optionalString,
  DINGTALK_CLIENT_SECRET: optionalString,
  /** The robot's robotCode; for an enterprise internal app's robot it is the AppKey, the default. */
  DINGTALK_ROBOT_CODE: optionalString,
  /** stream: an outbound connection, no public address needed; http: POST /dingtalk/callback. */
  DINGTALK_MODE: z.enum(['stream', 'http']).default('stream'),
  DINGTALK_API_BASE_URL: url.default('https://api.dingtalk.com'),

  REMIND_DAYS: dayList.default([7, 1]),
  REMIND_AT: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time like "09:00"')
    .default('09:00'),
  PLAN_TZ: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone like "Asia/Shanghai"')
    .default('Asia/Shanghai'),
  PLAN_NOW: optionalString.pipe(z.iso.datetime({ offset: true }).optional()),
  REMINDER_TICK_MS: z.coerce.number().int().min(100).default(60_000),
  /**
   * How long (ms) an update is held as in progress before a redelivery may handle it (core/delivery.ts):
   * it must outlast the webhook's answer (seconds), and is what a redelivery waits after a crash on Redis.
   */
  DELIVERY_LEASE_MS: z.coerce.number().int().min(1_000).default(10_000),
  /** At SIGTERM, requests in progress get this long (ms) to finish; then their connections are closed. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Questions a user may ask per minute before being asked to slow down. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),

  /**
   * Deployment behind a reverse proxy (see src/http/client-address.ts): which proxies may name the
   * client in X-Forwarded-For / Forwarded — a hop count ("1" for one nginx) or addresses and CIDRs.
   * Unset: the headers are ignored.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseTrustProxy(value);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    }),
  /** New web conversations (chat ids this server has not seen) one client address may start per hour. */
  NEW_CHATS_PER_HOUR: z.coerce.number().int().min(1).default(120),
  /** When set, GET /metrics wants `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: optionalString.pipe(
    z.string().min(16, 'at least 16 characters (a random token: openssl rand -hex 32)').optional(),
  ),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Parses the environment; the error names each variable that is wrong and why. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const config = parseWith(ConfigSchema, env);
  if (Boolean(config.LINE_CHANNEL_SECRET) !== Boolean(config.LINE_CHANNEL_ACCESS_TOKEN)) {
    const missing = config.LINE_CHANNEL_SECRET ? 'LINE_CHANNEL_ACCESS_TOKEN' : 'LINE_CHANNEL_SECRET';
    throw new ConfigError(
      `invalid configuration:\n  ${missing}: required when the other LINE variable is set`,
    );
  }
  const wecom = WECOM_VARIABLES.filter((name) => config[name] !== undefined);
  if (wecom.length > 0 && wecom.length < WECOM_VARIABLES.length) {
    const missing = WECOM_VARIABLES.filter((name) => config[name] === undefined);
    throw new ConfigError(
      `invalid configuration:\n  ${missing.join(', ')}: required when another WECOM_ variable is set`,
    );
  }
  if (Boolean(config.DINGTALK_CLIENT_ID) !== Boolean(config.DINGTALK_CLIENT_SECRET)) {
    const missing = config.DINGTALK_CLIENT_ID ? 'DINGTALK_CLIENT_SECRET' : 'DINGTALK_CLIENT_ID';
    throw new ConfigError(
      `invalid configuration:\n  ${missing}: required when the other DingTalk variable is set`,
    );
  }
  return config;
}

/** All needed for WeCom; none set turns it off. */
export const WECOM_VARIABLES = [
  'WECOM_CORP_ID',
  'WECOM_AGENT_ID',
  'WECOM_SECRET',
  'WECOM_TOKEN',
  'WECOM_ENCODING_AES_KEY',
] as const;

export type PlanConfig = Pick<
  Config,
  'PLAN_FILE' | 'PLAN_DIR' | 'PLAN_DEFAULT' | 'PLAN_YEAR' | 'PLAN_TZ' | 'PLAN_NOW'
>;

/**
 * The settings the CLI uses (which plan, its time zone and clock), checked by the server's own rules,
 * so a chat platform's variables left in the shell cannot stop a question from the command line.
 */
export function loadPlanConfig(env: NodeJS.ProcessEnv = process.env): PlanConfig {
  return parseWith(
    ConfigSchema.pick({
      PLAN_FILE: true,
      PLAN_DIR: true,
      PLAN_DEFAULT: true,
      PLAN_YEAR: true,
      PLAN_TZ: true,
      PLAN_NOW: true,
    }),
    env,
  );
}

function parseWith<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  // An empty variable (`PORT=` from a compose file) means unset, so its default applies: coerced,
  // "" would have been port 0, a random one.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = schema.safeParse(set);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`, { cause: result.error });
  }
  return result.data;
}
