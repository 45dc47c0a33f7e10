import type { IncomingMessage } from 'node:http';
import { FakeServer, readJson, type FakeResponse } from './fake-server.ts';

export interface TelegramCall {
  method: string;
  payload: Record<string, unknown>;
}

/** A canned failure: what the Bot API answers instead of success. */
export interface TelegramFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export const FAKE_BOT = {
  id: 7000001,
  is_bot: true,
  first_name: 'Workplan',
  username: 'workplan_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
} as const;

/**
 * A Bot API on loopback that behaves like Telegram where the adapter depends on it: the token in
 * the path, JSON bodies, { ok, result } envelopes, HTML parse mode that rejects broken markup, the
 * 4096-character limit, 429 with retry_after, and blocked chats.
 */
export class FakeTelegramApi extends FakeServer<TelegramCall, TelegramFailure> {
  readonly token = '7000001:fake-token_for-tests';
  private readonly blocked = new Set<number>();
  private readonly holds = new Map<string, { arrived: () => void; released: Promise<void> }>();
  private readonly updates: unknown[] = [];
  private nextMessageId = 1;
  private webhook: { url: string; allowed_updates: unknown } | null = null;

  /**
   * Holds the next call of `method` unanswered until released: `reached` resolves once the call has
   * arrived. Lets a test observe work in flight without timing anything.
   */
  hold(method: string): { reached: Promise<void>; release: () => void } {
    let arrived: () => void = () => {};
    let release: () => void = () => {};
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.set(method, { arrived, released });
    return { reached, release };
  }

  blockChat(chatId: number): void {
    this.blocked.add(chatId);
  }

  /** For long polling: getUpdates hands this out. */
  queueUpdate(update: unknown): void {
    this.updates.push(update);
  }

  /** The plain text of every sendMessage to a chat, in order, as Telegram would display it. */
  textsTo(chatId: number): string[] {
    return this.calls
      .filter((c) => c.method === 'sendMessage' && c.payload.chat_id === chatId)
      .map((c) => parseTelegramHtml(String(c.payload.text)).text);
  }

  protected async handle(req: IncomingMessage): Promise<FakeResponse> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (!match || match[1] !== this.token) {
      return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
    }
    const method = match[2] as string;
    const payload = await readJson<Record<string, unknown>>(req);

    const hold = this.holds.get(method);
    if (hold) {
      this.holds.delete(method);
      hold.arrived();
      await hold.released;
    }
    const failure = this.takeFailure(method);
    if (failure) {
      this.record({ method: `${method}:failed`, payload });
      return { status: failure.error_code, body: { ok: false, ...failure } };
    }
    const result = await this.respond(method, payload);
    if ('error' in result) return { status: result.error.error_code, body: { ok: false, ...result.error } };
    this.record({ method, payload });
    return { status: 200, body: { ok: true, result: result.ok } };
  }

  private async respond(
    method: string,
    payload: Record<string, unknown>,
  ): Promise<{ ok: unknown } | { error: TelegramFailure }> {
    switch (method) {
      case 'getMe':
        return { ok: FAKE_BOT };
      case 'setWebhook':
        this.webhook = { url: String(payload.url), allowed_updates: payload.allowed_updates };
        return { ok: true };
      case 'deleteWebhook':
        this.webhook = null;
        return { ok: true };
      case 'getWebhookInfo':
        return {
          ok: {
            url: this.webhook?.url ?? '',
            has_custom_certificate: false,
            pending_update_count: 0,
            allowed_updates: this.webhook?.allowed_updates,
          },
        };
      case 'setMyCommands':
      case 'answerCallbackQuery':
      case 'answerInlineQuery':
        return { ok: true };
      case 'getUpdates':
        return { ok: await this.takeUpdates(Number(payload.offset ?? 0)) };
      case 'sendMessage':
        return this.sendMessage(payload);
      default:
        return { error: { error_code: 404, description: 'Not Found: method not found' } };
    }
  }

  private sendMessage(payload: Record<string, unknown>): { ok: unknown } | { error: TelegramFailure } {
    const chatId = payload.chat_id as number;
    if (this.blocked.has(chatId)) {
      return { error: { error_code: 403, description: 'Forbidden: bot was blocked by the user' } };
    }
    const raw = String(payload.text ?? '');
    const parsed = payload.parse_mode === 'HTML' ? parseTelegramHtml(raw) : { text: raw, error: null };
    if (parsed.error) {
      return {
        error: { error_code: 400, description: `Bad Request: can't parse entities: ${parsed.error}` },
      };
    }
    if (parsed.text.trim().length === 0) {
      return { error: { error_code: 400, description: 'Bad Request: message text is empty' } };
    }
    if (parsed.text.length > 4096) {
      return { error: { error_code: 400, description: 'Bad Request: message is too long' } };
    }
    return {
      ok: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' },
        from: FAKE_BOT,
        text: parsed.text,
      },
    };
  }

  /** Long polling, shortened: hands out what is queued, or an empty batch after a moment. */
  private async takeUpdates(offset: number): Promise<unknown[]> {
    for (let i = 0; i < 20; i++) {
      const ready = this.updates.filter((u) => (u as { update_id: number }).update_id >= offset);
      if (ready.length > 0) {
        this.updates.splice(0, this.updates.length, ...ready);
        return ready;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return [];
  }
}

const TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'code', 'pre', 'a']);

/**
 * Telegram's HTML parse mode, strictly: only its tags, properly nested; "<", ">" and "&" in text
 * only as entities. Returns the text as displayed, or why Telegram would refuse it.
 */
export function parseTelegramHtml(html: string): { text: string; error: string | null } {
  let text = '';
  const open: string[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i] as string;
    if (c === '<') {
      const end = html.indexOf('>', i);
      const tag = end < 0 ? null : /^<(\/?)([a-z-]+)(\s[^<>]*)?>$/.exec(html.slice(i, end + 1));
      if (!tag || !TAGS.has(tag[2] as string)) return { text, error: `unsupported start tag at ${i}` };
      if (tag[1]) {
        if (open.pop() !== tag[2]) return { text, error: `unmatched end tag at ${i}` };
      } else open.push(tag[2] as string);
      i = end + 1;
    } else if (c === '>') {
      return { text, error: `unescaped ">" at ${i}` };
    } else if (c === '&') {
      const entity = /^&(lt|gt|amp|quot|#\d+);/.exec(html.slice(i));
      if (!entity) return { text, error: `unescaped "&" at ${i}` };
      const name = entity[1] as string;
      text += name.startsWith('#')
        ? String.fromCodePoint(Number(name.slice(1)))
        : ({ lt: '<', gt: '>', amp: '&', quot: '"' } as Record<string, string>)[name];
      i += entity[0].length;
    } else {
      text += c;
      i++;
    }
  }
  return open.length > 0 ? { text, error: `unclosed <${open.join('>, <')}>` } : { text, error: null };
}
