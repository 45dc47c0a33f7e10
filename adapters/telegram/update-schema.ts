import * as z from 'zod';
import type { Update } from 'grammy/types';
import { BadInputError } from '../../src/errors.ts';
import { parseJsonBody } from '../../src/http/body.ts';

/*
 * The fields of an update the adapter reads, checked once at the webhook. Everything else passes
 * through untouched (loose objects): Telegram adds fields often, and an unknown update type is
 * simply not handled.
 */
const User = z.looseObject({ id: z.number().int(), is_bot: z.boolean(), first_name: z.string() });
const Chat = z.looseObject({ id: z.number().int(), type: z.string() });
const Entity = z.looseObject({
  type: z.string(),
  offset: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
});
const Message = z.looseObject({
  message_id: z.number().int(),
  date: z.number().int(),
  chat: Chat,
  from: User.optional(),
  text: z.string().optional(),
  entities: z.array(Entity).optional(),
  reply_to_message: z.looseObject({ from: User.optional() }).optional(),
});
const CallbackQuery = z.looseObject({
  id: z.string().min(1),
  from: User,
  data: z.string().optional(),
  // An inaccessible (old) message comes as { chat, message_id, date: 0 }.
  message: z.looseObject({ message_id: z.number().int(), chat: Chat, date: z.number().int() }).optional(),
});
const InlineQuery = z.looseObject({
  id: z.string().min(1),
  from: User,
  query: z.string(),
  offset: z.string(),
});

export const UpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: Message.optional(),
  edited_message: Message.optional(),
  callback_query: CallbackQuery.optional(),
  inline_query: InlineQuery.optional(),
});

/** Raw webhook body → an Update grammY can handle, or BadInputError (400). */
export function parseUpdate(raw: Buffer): Update {
  const result = UpdateSchema.safeParse(parseJsonBody(raw));
  if (!result.success) throw new BadInputError('body is not a Telegram update', { cause: result.error });
  // The fields grammY reads were checked above; the rest is Telegram's to define.
  return result.data as unknown as Update;
}
