/** A subscription command in the words every platform shares (Telegram's /commands included). */
export type Command =
  | { kind: 'subscribe'; target: string }
  | { kind: 'unsubscribe'; target: string }
  | { kind: 'list' }
  | { kind: 'due' };

/** The words that start the commands; buttons the bot offers are written with them. */
export const VERBS = { subscribe: '订阅', unsubscribe: '退订' } as const;

// "/subscribe@MyBot 4.1" in Telegram groups; full-width slash from Chinese keyboards. The space
// before a Chinese argument is gone after normalisation ("/subscribe@MyBot省大数据中心").
const SLASH = /^[/／]([a-z]+)(?:@[A-Za-z0-9_]+)?(?:\s*([\s\S]*))?$/;
const SLASH_COMMANDS: Record<string, Command['kind']> = {
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  mysubs: 'list',
  due: 'due',
};
const UNSUBSCRIBE = /^(?:取消订阅|退订)[\s:：]*([\s\S]*)$/;
const SUBSCRIBE = /^订阅[\s:：]*([\s\S]*)$/;
const LIST = /^(?:我的订阅|查看订阅|订阅列表)$/;
const DUE = /^(?:近期截止|近期截止事项)$/;

/** Quotes and closing punctuation people add around a target: 订阅“川渝通办”。 */
const cleanTarget = (text: string): string =>
  text
    .trim()
    .replace(/^["“”'‘’「『《]+|["“”'‘’」』》。！!？?，,；;\s]+$/g, '')
    .trim();

const ASCII_WORD = /[A-Za-z0-9]/;

/**
 * The text as a reader sees it, before any command word is matched: compatibility forms folded
 * (NFKC: full-width letters, U+3000), invisible format characters (zero-width spaces, bidi controls
 * such as U+202E, Unicode category Cf) dropped, control characters (Cc) read as spaces, and spaces
 * kept only between two ASCII letters or digits ("/subscribe 4.1", "all plan"), since Chinese is
 * written without them: "订阅 全 部" is "订阅全部".
 */
export function normalizeCommandText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/\p{Cc}/gu, ' ')
    .trim()
    .replace(/\s+/g, (space, offset: number, whole: string) =>
      ASCII_WORD.test(whole[offset - 1] ?? '') && ASCII_WORD.test(whole[offset + space.length] ?? '')
        ? ' '
        : '',
    );
}

/** Null for anything that is not a subscription command: it is then a question for the engine. */
export function parseCommand(text: string): Command | null {
  const trimmed = normalizeCommandText(text);
  const slash = SLASH.exec(trimmed);
  if (slash) {
    const kind = SLASH_COMMANDS[(slash[1] ?? '').toLowerCase()];
    if (!kind) return null;
    if (kind === 'subscribe' || kind === 'unsubscribe') return { kind, target: cleanTarget(slash[2] ?? '') };
    return slash[2]?.trim() ? null : { kind };
  }
  const plain = trimmed.replace(/[。！!？?\s]+$/, '');
  if (LIST.test(plain)) return { kind: 'list' };
  if (DUE.test(plain)) return { kind: 'due' };
  const unsubscribe = UNSUBSCRIBE.exec(trimmed);
  if (unsubscribe) return { kind: 'unsubscribe', target: cleanTarget(unsubscribe[1] ?? '') };
  const subscribe = SUBSCRIBE.exec(trimmed);
  if (subscribe) return { kind: 'subscribe', target: cleanTarget(subscribe[1] ?? '') };
  return null;
}

const ALL_WORDS = new Set(['全部', '所有', '全部任务', '所有任务', '全部事项', 'all']);

/** "订阅 全部" follows the whole plan; "退订 全部" removes every subscription. */
export const meansAll = (target: string): boolean => ALL_WORDS.has(target.toLowerCase());
