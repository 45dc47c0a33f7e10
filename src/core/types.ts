import type { Answer } from '../engine/types.ts';

/**
 * The core owns these shapes; every adapter maps its platform's updates to them and back.
 * Conversation ids are prefixed by platform: "telegram:123", "line:U4af…", "web:abc".
 */
export interface IncomingMessage {
  platform: string;
  conversationId: string;
  /**
   * Who owns the subscriptions made here and gets their reminders, when not the conversation itself:
   * the web chat's browser (a device id), shared by every conversation (新对话) of that browser.
   */
  subscriberId?: string;
  /** Who sent it, prefixed like the conversation id; used for rate limiting. */
  userId: string;
  text: string;
  isGroup: boolean;
  /** A one-off turn (an API call without a chat id): no follow-up context is read or kept. */
  ephemeral?: boolean;
  /**
   * The address the user reached the bot at, no trailing slash ("https://gov.example/workplan"),
   * when the edge knows it (a trusted proxy's X-Forwarded-Prefix; src/http/public-url.ts): absolute
   * links (the calendar feed) use it before PUBLIC_URL.
   */
  publicUrl?: string;
}

/** A button, chip or quick reply: the label shown, and the text sent when tapped. */
export interface Choice {
  label: string;
  text: string;
}

export interface Citation {
  taskId: string;
  title: string;
  /** The key of the task's plan when plans are loaded side by side (issue 10). */
  plan?: string;
}

/** A platform-neutral reply. Adapters render it as HTML, Flex, cards, or plain text. */
export interface Reply {
  text: string;
  choices: Choice[];
  citations: Citation[];
  /** The engine's structured answer, when the reply is one: richer adapters render from it. */
  answer?: Answer;
  /** Set when the turn was refused rather than answered, so an edge can say so in its own terms (HTTP 429). */
  refused?: 'rate_limited';
}

export const textReply = (text: string, choices: Choice[] = []): Reply => ({
  text,
  choices,
  citations: [],
});

/** Sends a reply outside a conversation turn (reminders). Throws PlatformError on failure. */
export interface PushTarget {
  readonly platform: string;
  push(conversationId: string, reply: Reply, options: { retryKey: string }): Promise<void>;
}
