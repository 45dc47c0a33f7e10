import * as z from 'zod';
import { BadInputError } from '../../src/errors.ts';
import { parseJsonBody } from '../../src/http/body.ts';

/*
 * A robot message as DingTalk delivers it, the same JSON in both modes: the HTTP callback's body,
 * or the `data` of a Stream frame on topic /v1.0/im/bot/messages/get (open.dingtalk.com,
 * 企业内部机器人 "接收消息"; dingtalk-stream's RobotMessageBase). Objects are loose: DingTalk adds
 * fields, and a message kind the adapter does not read is ignored, not refused.
 */
export const RobotMessageSchema = z.looseObject({
  msgId: z.string().min(1),
  msgtype: z.string(),
  /** "1" one-to-one, "2" group. */
  conversationType: z.string(),
  /** The open conversation id (cid…): groupMessages/send takes it as openConversationId. */
  conversationId: z.string().min(1),
  senderId: z.string().optional(),
  /** The sender's userId in the organisation: oToMessages/batchSend takes it in userIds. */
  senderStaffId: z.string().optional(),
  robotCode: z.string().optional(),
  sessionWebhook: z.string().optional(),
  /** Epoch milliseconds after which the session webhook no longer answers. */
  sessionWebhookExpiredTime: z.number().optional(),
  createAt: z.number().optional(),
  isInAtList: z.boolean().optional(),
  text: z.looseObject({ content: z.string() }).optional(),
  /** richText and audio (its speech recognition) carry their words here. */
  content: z
    .looseObject({
      recognition: z.string().optional(),
      richText: z.array(z.looseObject({ text: z.string().optional() })).optional(),
    })
    .optional(),
});
export type RobotMessage = z.infer<typeof RobotMessageSchema>;

/** A JSON text (a callback body or a Stream frame's data) → a robot message, or BadInputError (400). */
export function parseRobotMessage(raw: Buffer | string): RobotMessage {
  const json = parseJsonBody(typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw);
  const result = RobotMessageSchema.safeParse(json);
  if (!result.success)
    throw new BadInputError('body is not a DingTalk robot message', { cause: result.error });
  return result.data;
}

export const isGroup = (m: RobotMessage): boolean => m.conversationType === '2';

/**
 * Where replies and reminders for this message go:
 * - a group: "dingtalk:group:<openConversationId>" (groupMessages/send);
 * - one-to-one: "dingtalk:user:<staffId>" (oToMessages/batchSend);
 * - one-to-one with no staffId (someone outside the organisation): "dingtalk:chat:<conversationId>",
 *   answered through the session webhook only, since the proactive APIs cannot address it.
 */
export function conversationIdOf(m: RobotMessage): string {
  if (isGroup(m)) return `dingtalk:group:${m.conversationId}`;
  return m.senderStaffId ? `dingtalk:user:${m.senderStaffId}` : `dingtalk:chat:${m.conversationId}`;
}

/** The sender, for the per-user rate limit. */
export function senderIdOf(m: RobotMessage): string {
  return `dingtalk:user:${m.senderStaffId ?? m.senderId ?? m.conversationId}`;
}

/**
 * The question a message asks, or null when it carries no words (a picture, a file). DingTalk only
 * delivers a group message to the robot when it @mentions it, and removes the mention from the text;
 * a group message that says it is not for the robot (isInAtList false) is ignored all the same.
 * A bare mention asks what the bot can do.
 */
export function questionOf(m: RobotMessage): string | null {
  if (isGroup(m) && m.isInAtList === false) return null;
  let words: string | undefined;
  if (m.msgtype === 'text') words = m.text?.content;
  else if (m.msgtype === 'richText')
    words = (m.content?.richText ?? []).map((part) => part.text ?? '').join('');
  else if (m.msgtype === 'audio') words = m.content?.recognition;
  if (words === undefined) return null;
  return words.trim() || '帮助';
}
