import * as z from 'zod';
import { BadInputError } from '../../src/errors.ts';
import { parseJsonBody } from '../../src/http/body.ts';

/*
 * The fields of a webhook body the adapter reads, checked after the signature. Objects are loose:
 * LINE adds event types and fields over time, and an event the adapter does not know is ignored,
 * not refused.
 */
const Source = z.looseObject({
  type: z.string(),
  userId: z.string().optional(),
  groupId: z.string().optional(),
  roomId: z.string().optional(),
});
const Mentionee = z.looseObject({
  type: z.string(),
  index: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
  userId: z.string().optional(),
  isSelf: z.boolean().optional(),
});
const MessageContent = z.looseObject({
  type: z.string(),
  id: z.string(),
  text: z.string().optional(),
  mention: z.looseObject({ mentionees: z.array(Mentionee) }).optional(),
});
export const LineEventSchema = z.looseObject({
  type: z.string(),
  webhookEventId: z.string().min(1),
  timestamp: z.number(),
  mode: z.string().optional(),
  source: Source.optional(),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
  replyToken: z.string().optional(),
  message: MessageContent.optional(),
  postback: z.looseObject({ data: z.string() }).optional(),
});
export type LineEvent = z.infer<typeof LineEventSchema>;
export type LineMentionee = z.infer<typeof Mentionee>;

export const LineWebhookBodySchema = z.looseObject({
  destination: z.string(),
  events: z.array(LineEventSchema),
});
export type LineWebhookBody = z.infer<typeof LineWebhookBodySchema>;

/** Signed raw body → the webhook body, or BadInputError (400). */
export function parseWebhookBody(raw: Buffer): LineWebhookBody {
  const result = LineWebhookBodySchema.safeParse(parseJsonBody(raw));
  if (!result.success) throw new BadInputError('body is not a LINE webhook', { cause: result.error });
  return result.data;
}

/** "line:<groupId|roomId|userId>": where a reply or a reminder goes. */
export function conversationIdOf(source: LineEvent['source']): string | null {
  const id = source?.groupId ?? source?.roomId ?? source?.userId;
  return id ? `line:${id}` : null;
}
