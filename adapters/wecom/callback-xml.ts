import { XMLParser } from 'fast-xml-parser';
import * as z from 'zod';
import { BadInputError } from '../../src/errors.ts';

/*
 * WeCom's callback XML (接收消息与事件, developer.work.weixin.qq.com/document/path/90238 and 90240).
 * Every value stays a string: MsgId is a 64-bit number that a JS number would round.
 */
const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  processEntities: true,
  htmlEntities: false,
  trimValues: false,
});

function parseXml(text: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parser.parse(text, true);
  } catch (e) {
    throw new BadInputError(`${what} is not XML (${(e as Error).message})`, { cause: e });
  }
  const root = (parsed as { xml?: unknown } | null)?.xml;
  if (typeof root !== 'object' || root === null) throw new BadInputError(`${what} has no <xml> root`);
  return root as Record<string, unknown>;
}

const text = z.string();

/** The POST body: the ciphertext and whom it is for. */
const EnvelopeSchema = z.looseObject({ Encrypt: text.min(1), ToUserName: text.optional() });

/** The ciphertext of a callback body, or BadInputError (400). */
export function encryptedPart(body: Buffer): string {
  const result = EnvelopeSchema.safeParse(parseXml(body.toString('utf8'), 'body'));
  if (!result.success) throw new BadInputError('body has no <Encrypt>', { cause: result.error });
  return result.data.Encrypt.trim();
}

/**
 * The decrypted message or event. Loose: WeCom adds event kinds and fields, and one the adapter
 * does not know is ignored, not refused. ChatId is present when the message was sent in a group
 * chat (the application @mentioned there).
 */
export const WecomMessageSchema = z.looseObject({
  ToUserName: text,
  FromUserName: text.min(1),
  CreateTime: text.regex(/^\d+$/),
  MsgType: text.min(1),
  AgentID: text.optional(),
  Content: text.optional(),
  MsgId: text.optional(),
  Event: text.optional(),
  EventKey: text.optional(),
  TaskId: text.optional(),
  ChatId: text.optional(),
});
export type WecomMessage = z.infer<typeof WecomMessageSchema>;

/** Decrypted plaintext → a message, or BadInputError (400). */
export function parseMessage(plain: string): WecomMessage {
  const result = WecomMessageSchema.safeParse(parseXml(plain, 'message'));
  if (!result.success) throw new BadInputError('not a WeCom message', { cause: result.error });
  return result.data;
}
