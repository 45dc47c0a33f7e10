import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { FakeServer, readJson, type FakeResponse } from './fake-server.ts';
import type { FakeStreamGateway } from './dingtalk-stream.ts';
import { shownOfProactive, shownOfSessionBody } from './dingtalk-templates.ts';

/** What reached the fake: where it went ("user:<staffId>", "group:<cid>") and what it showed. */
export interface DingtalkCall {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** "session" (a session webhook), "user" (batchSend), "group" (groupMessages/send), or "other". */
  via: 'session' | 'user' | 'group' | 'other';
  to: string;
  /** The text as the client shows it: a card's Markdown line breaks read as plain ones. */
  text: string;
  /** The questions a card's buttons send (dtmd sendMessage links), in order. */
  buttons: string[];
}

export interface DingtalkFailure {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

const GROUP_MSG_PARAM_MAX_BYTES = 15_000;

/**
 * The DingTalk OpenAPI (api.dingtalk.com) and session webhooks on loopback, strict where DingTalk
 * is: the AppKey/AppSecret for a token; tokens that expire (and `expireTokens()` to make them expire
 * mid-run) answered 401 InvalidAuthentication; the robotCode; msgKey/msgParam checked per template;
 * a group msgParam over 15,000 bytes refused; session webhooks that expire (`expireSessions()`);
 * a staff id that left listed in invalidStaffIdList (HTTP 200, nothing sent); more than
 * `perConversationLimit` sends to one conversation within `limitWindowMs` flow-controlled (a user:
 * flowControlledStaffIdList, HTTP 200 and nothing sent; a group: 429). It also opens Stream mode
 * connections on its gateway (POST /v1.0/gateway/connections/open).
 */
export class FakeDingtalkApi extends FakeServer<DingtalkCall, DingtalkFailure> {
  readonly clientId = 'dingfakeappkey00001';
  readonly clientSecret = 'fake-dingtalk-app-secret_for-tests';
  readonly robotCode = this.clientId;
  tokenTtlSeconds = 7200;
  perConversationLimit = 20;
  limitWindowMs = 60_000;
  tokenRequests = 0;
  /** Where the fake listens, once started. */
  baseUrl = '';
  private readonly tokens = new Map<string, number>();
  private readonly sessions = new Map<string, { to: string; expiresAt: number }>();
  private readonly goneStaff = new Set<string>();
  private readonly goneGroups = new Set<string>();
  private readonly sendsTo = new Map<string, number[]>();
  private gateway: FakeStreamGateway | null = null;

  override async start(port = 0): Promise<string> {
    this.baseUrl = await super.start(port);
    return this.baseUrl;
  }

  attachGateway(gateway: FakeStreamGateway): void {
    this.gateway = gateway;
  }

  /** Every token handed out so far stops working, as when one expires or is reset early. */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** A session webhook for a conversation ("user:<staffId>" or "group:<cid>"), valid `ttlMs`. */
  openSession(to: string, ttlMs = 90 * 60_000): { url: string; expiresAt: number } {
    const key = randomUUID().replaceAll('-', '');
    const expiresAt = Date.now() + ttlMs;
    this.sessions.set(key, { to, expiresAt });
    return { url: `${this.baseUrl}/robot/sendBySession?session=${key}`, expiresAt };
  }

  expireSessions(): void {
    for (const s of this.sessions.values()) s.expiresAt = 0;
  }

  forgetStaff(staffId: string): void {
    this.goneStaff.add(staffId);
  }
  forgetGroup(cid: string): void {
    this.goneGroups.add(cid);
  }

  /** Messages shown in a conversation, whichever way they came. */
  shownTo(to: string): DingtalkCall[] {
    return this.calls.filter((c) => c.to === to && c.via !== 'other');
  }

  protected async handle(req: IncomingMessage): Promise<FakeResponse> {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readJson<Record<string, unknown>>(req);
    const failure = this.takeFailure(url.pathname);
    if (failure) {
      return {
        status: failure.status,
        body: { code: failure.code, message: failure.message },
        headers: failure.headers ?? {},
      };
    }
    if (req.method !== 'POST') return error(404, 'NotFound', 'no such API');
    switch (url.pathname) {
      case '/v1.0/oauth2/accessToken':
        return this.accessToken(body);
      case '/v1.0/gateway/connections/open':
        return this.openConnection(body);
      case '/robot/sendBySession':
        return this.sendBySession(req, url.searchParams.get('session') ?? '', body);
      case '/v1.0/robot/oToMessages/batchSend':
      case '/v1.0/robot/groupMessages/send':
        return this.send(req, url.pathname, body);
      default:
        return error(404, 'NotFound', 'no such API');
    }
  }

  private accessToken(body: Record<string, unknown>): FakeResponse {
    this.tokenRequests += 1;
    if (body.appKey !== this.clientId || body.appSecret !== this.clientSecret) {
      return error(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
    }
    const token = randomUUID().replaceAll('-', '');
    this.tokens.set(token, Date.now() + this.tokenTtlSeconds * 1000);
    return { status: 200, body: { accessToken: token, expireIn: this.tokenTtlSeconds } };
  }

  private openConnection(body: Record<string, unknown>): FakeResponse {
    if (body.clientId !== this.clientId || body.clientSecret !== this.clientSecret) {
      return error(401, 'InvalidAuthentication', 'clientId or clientSecret is wrong');
    }
    const subscriptions = (body.subscriptions ?? []) as { type: string; topic: string }[];
    if (!this.gateway) return error(503, 'ServiceUnavailable', 'no gateway');
    return { status: 200, body: this.gateway.openConnection(subscriptions) };
  }

  private sendBySession(req: IncomingMessage, key: string, body: Record<string, unknown>): FakeResponse {
    const session = this.sessions.get(key);
    if (!session || session.expiresAt <= Date.now()) {
      return { status: 200, body: { errcode: 300001, errmsg: 'session webhook expired or unknown' } };
    }
    const shown = shownOfSessionBody(body);
    if (typeof shown === 'string') return { status: 200, body: { errcode: 400105, errmsg: shown } };
    this.record({
      path: '/robot/sendBySession',
      headers: req.headers,
      body,
      via: 'session',
      to: session.to,
      ...shown,
    });
    return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
  }

  private send(req: IncomingMessage, path: string, body: Record<string, unknown>): FakeResponse {
    const token = req.headers['x-acs-dingtalk-access-token'];
    const expiresAt = typeof token === 'string' ? this.tokens.get(token) : undefined;
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      return error(401, 'InvalidAuthentication', '不合法的access_token');
    }
    if (body.robotCode !== this.robotCode) return error(400, 'robot.notExist', 'robot 不存在');
    const shown = shownOfProactive(body);
    if (typeof shown === 'string') return error(400, 'param.invalid', shown);
    const group = path.endsWith('groupMessages/send');
    if (group) {
      const cid = String(body.openConversationId ?? '');
      if (!cid || this.goneGroups.has(cid)) return error(400, 'resource.not.found', '机器人不在群内');
      if (Buffer.byteLength(String(body.msgParam)) > GROUP_MSG_PARAM_MAX_BYTES) {
        return error(400, 'param.invalid', 'msgParam too long');
      }
      if (this.overLimit(`group:${cid}`)) return error(429, 'Throttling.User', 'send too fast');
      this.record({ path, headers: req.headers, body, via: 'group', to: `group:${cid}`, ...shown });
      return { status: 200, body: { processQueryKey: randomUUID() } };
    }
    const userIds = body.userIds;
    if (!Array.isArray(userIds) || userIds.length === 0 || userIds.length > 20) {
      return error(400, 'param.invalid', 'userIds: 1 to 20 staff ids');
    }
    const invalid: string[] = [];
    const limited: string[] = [];
    for (const id of userIds as string[]) {
      if (this.goneStaff.has(id)) invalid.push(id);
      else if (this.overLimit(`user:${id}`)) limited.push(id);
      else this.record({ path, headers: req.headers, body, via: 'user', to: `user:${id}`, ...shown });
    }
    return {
      status: 200,
      body: {
        processQueryKey: randomUUID(),
        invalidStaffIdList: invalid,
        flowControlledStaffIdList: limited,
      },
    };
  }

  private overLimit(to: string): boolean {
    const now = Date.now();
    const recent = (this.sendsTo.get(to) ?? []).filter((t) => t > now - this.limitWindowMs);
    if (recent.length >= this.perConversationLimit) return true;
    recent.push(now);
    this.sendsTo.set(to, recent);
    return false;
  }
}

function error(status: number, code: string, message: string): FakeResponse {
  return { status, body: { code, message, requestid: randomUUID() } };
}

/**
 * A robot message with the fields DingTalk sends (open.dingtalk.com, 企业内部机器人 "接收消息"),
 * carrying a session webhook `api` just opened. A group message is one that @mentions the robot
 * (isInAtList), with the mention already removed from the text, as DingTalk delivers it.
 */
export function fakeRobotMessage(
  api: FakeDingtalkApi,
  options: { staffId: string; groupId?: string; sessionTtlMs?: number },
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const group = options.groupId !== undefined;
  const session = api.openSession(
    group ? `group:${options.groupId}` : `user:${options.staffId}`,
    options.sessionTtlMs,
  );
  return {
    msgId: `msg${randomUUID().replaceAll('-', '')}`,
    msgtype: 'text',
    conversationType: group ? '2' : '1',
    conversationId: options.groupId ?? `cidPrivate${options.staffId}==`,
    ...(group ? { conversationTitle: '放管服工作群', isInAtList: true } : {}),
    chatbotCorpId: 'dingcorpfake',
    chatbotUserId: '$:LWCP_v1:$botfake',
    senderNick: '张三',
    senderId: `$:LWCP_v1:$${options.staffId}`,
    senderStaffId: options.staffId,
    senderCorpId: 'dingcorpfake',
    isAdmin: false,
    robotCode: api.robotCode,
    createAt: Date.now(),
    sessionWebhook: session.url,
    sessionWebhookExpiredTime: session.expiresAt,
    ...fields,
  };
}
