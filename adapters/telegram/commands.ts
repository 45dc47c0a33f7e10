import type { BotCommand } from 'grammy/types';

/**
 * Telegram's slash commands are spellings of the words every platform understands, so the core
 * (and the subscription handlers plugged into it) only ever sees one vocabulary.
 * Unknown commands reach the core as typed, which keeps the router open for new ones.
 */
const COMMAND_TO_TEXT: Record<string, (args: string) => string> = {
  due: (args) => join('近期截止', args),
  subscribe: (args) => join('订阅', args),
  unsubscribe: (args) => join('取消订阅', args),
  mysubs: () => '我的订阅',
};

export const HELP_COMMANDS = new Set(['start', 'help']);

export function commandAsText(command: string, args: string): string {
  const toText = COMMAND_TO_TEXT[command];
  return toText ? toText(args) : join(`/${command}`, args);
}

/** The menu Telegram shows next to the input box (setMyCommands). */
export const COMMAND_MENU: BotCommand[] = [
  { command: 'help', description: '怎么提问（附示例）' },
  { command: 'due', description: '近期截止的工作节点' },
  { command: 'subscribe', description: '订阅截止提醒，如 /subscribe 省大数据中心' },
  { command: 'mysubs', description: '我的订阅' },
  { command: 'unsubscribe', description: '取消订阅' },
];

const join = (word: string, args: string) => (args ? `${word} ${args}` : word);
