import * as z from 'zod';
import { MAX_QUESTION_CHARS } from '../core/bot.ts';
import { BadInputError } from '../errors.ts';
import { INBOX_ID } from '../store/schemas.ts';
import { parseJsonBody } from './body.ts';

/** Far above any 500-character question, even with every character escaped as \uXXXX. */
export const ASK_BODY_LIMIT_BYTES = 16 * 1024;

const CHAT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const CHAT_ID_RULE = 'chat must be 1-64 characters of A-Z, a-z, 0-9, _ and -';
const DEVICE_ID_RULE = 'device must be 1-64 characters of A-Z, a-z, 0-9, _ and -';

/**
 * The body of POST /api/ask and /api/chat. Strict, so a client sending the CLI's `now` or a
 * misspelt field learns that it is ignored instead of silently getting a different answer.
 */
export const AskRequestSchema = z.strictObject(
  {
    question: z
      .string({
        error: (i) => (i.input === undefined ? 'question is required' : 'question must be a string'),
      })
      .trim()
      .min(1, { error: 'question is empty' })
      .max(MAX_QUESTION_CHARS, { error: `question is longer than ${MAX_QUESTION_CHARS} characters` }),
    chat: z.string({ error: 'chat must be a string' }).regex(CHAT_ID, { error: CHAT_ID_RULE }).optional(),
    /**
     * The browser the web chat runs in (kept apart from the chat id, which 新对话 replaces): the
     * owner of the subscriptions made from any of its chats, and where their reminders wait.
     */
    device: z
      .string({ error: 'device must be a string' })
      .regex(CHAT_ID, { error: DEVICE_ID_RULE })
      .optional(),
  },
  {
    error: (i) =>
      i.code === 'unrecognized_keys'
        ? `unknown field(s): ${i.keys.join(', ')}; send {"question": "…", "chat"?: "…", "device"?: "…"}`
        : 'body must be a JSON object like {"question": "谁牵头川渝通办"}',
  },
);
export type AskRequest = z.infer<typeof AskRequestSchema>;

/** Turns a zod failure into one sentence naming each thing that is wrong. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => i.message).join('; ');
}

export function parseAskRequest(body: Buffer): AskRequest {
  // Blank is told apart from malformed by its bytes (JSON's whitespace is ASCII), without decoding
  // the body a second time.
  if (isBlank(body)) throw new BadInputError('body is empty; send {"question": "…"}');
  const result = AskRequestSchema.safeParse(parseJsonBody(body));
  if (!result.success) throw new BadInputError(describeIssues(result.error), { cause: result.error });
  return result.data;
}

/** Only JSON whitespace (RFC 8259 §2: space, tab, LF, CR), or nothing at all. */
function isBlank(body: Buffer): boolean {
  for (const byte of body) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  return true;
}

// "12" is a task of a plan without sections (src/plan/model.ts).
export const TaskIdSchema = z.string().regex(/^\d{1,3}(?:\.\d{1,3}){0,2}$/, {
  error: 'task id must look like "4.1" (section.item), or "12" in a plan without sections',
});

/** "sichuan-2022-fangguanfu": a plan key as the catalogue makes them. */
export const PlanKeySchema = z
  .string()
  .max(120, { error: 'plan must be a plan key like sichuan-2022-fangguanfu' })
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'plan must be a plan key like sichuan-2022-fangguanfu' });

/** ?plan=KEY alone, for the routes that take nothing else. */
export const PlanQuerySchema = z.strictObject(
  { plan: PlanKeySchema.optional() },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown parameter: ${issue.keys.join(', ')}` : undefined,
  },
);

export const TaskQuerySchema = z.strictObject(
  {
    section: z.coerce
      .number({ error: 'section must be a number' })
      .int({ error: 'section must be a whole number' })
      .positive({ error: 'section must be 1 or more' })
      .optional(),
    /** A loaded plan's key (issue 10); the default plan without it. */
    plan: PlanKeySchema.optional(),
  },
  {
    error: (i) =>
      i.code === 'unrecognized_keys' ? `unknown query parameter(s): ${i.keys.join(', ')}` : undefined,
  },
);

/**
 * GET /api/inbox: whose inbox (a browser's device id; or a chat id, for subscriptions made before
 * device ids existed), and the last item id the page has already shown.
 */
export const InboxQuerySchema = z
  .strictObject(
    {
      device: z.string().regex(CHAT_ID, { error: DEVICE_ID_RULE }).optional(),
      chat: z.string().regex(CHAT_ID, { error: CHAT_ID_RULE }).optional(),
      after: z
        .string()
        .regex(INBOX_ID, { error: 'after must be an inbox item id like "1663894830000-0"' })
        .optional(),
    },
    {
      error: (i) =>
        i.code === 'unrecognized_keys' ? `unknown query parameter(s): ${i.keys.join(', ')}` : undefined,
    },
  )
  .refine((q) => (q.device === undefined) !== (q.chat === undefined), {
    error: 'send either device or chat (an older chat id): exactly one of them is required',
  });
