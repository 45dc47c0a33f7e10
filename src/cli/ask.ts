import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { toContractJson } from '../engine/contract.ts';
import { emptyContext, type ConversationContext, type Engine } from '../engine/types.ts';
import { openCatalogue } from '../catalogue/open.ts';
import { PlanRouter } from '../catalogue/router.ts';
import { shiftedClock, systemClock } from '../core/clock.ts';
import { loadPlanConfig } from '../config.ts';
import { describeError } from '../errors.ts';

const LineSchema = z.object({
  question: z.string(),
  chat: z.string().max(200).optional(),
  now: z.iso.datetime({ offset: true }).optional(),
});

const USAGE = `usage:
  npm run ask -- "谁牵头川渝通办"          print the reply
  npm run --silent ask -- --json < FILE   one JSON answer per input line
options: --plan FILE (or PLAN_FILE) loads one plan (\`npm run plan -- check FILE\` shows how it reads);
         --plan-dir DIR (or PLAN_DIR, default seeds/) loads every plan of DIR side by side;
         PLAN_DEFAULT=KEY names the plan unqualified questions go to`;

function errorLine(question: string, message: string): string {
  return JSON.stringify({
    question,
    intent: 'unknown',
    agency: null,
    tasks: [],
    text: message,
    query: null,
    error: message,
  });
}

async function answerLines(engine: Engine, now: () => Date): Promise<void> {
  const contexts = new Map<string, ConversationContext>();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    let question = line;
    let chat: string | undefined;
    let at = now();
    if (line.trimStart().startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        process.stdout.write(
          errorLine('', '输入不是有效的 JSON：每行应为问题文本，或 {"question": "…"}') + '\n',
        );
        continue;
      }
      const input = LineSchema.safeParse(parsed);
      if (!input.success) {
        const detail = input.error.issues
          .map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`)
          .join('; ');
        process.stdout.write(errorLine('', `输入格式不对（${detail}）`) + '\n');
        continue;
      }
      question = input.data.question;
      chat = input.data.chat;
      if (input.data.now) at = new Date(input.data.now);
    }
    const context = chat ? (contexts.get(chat) ?? emptyContext()) : emptyContext();
    const { answer, context: next } = engine.answer(question, { now: at, context });
    if (chat) contexts.set(chat, next);
    process.stdout.write(JSON.stringify(toContractJson(answer)) + '\n');
  }
}

/**
 * The command line, or null after saying what is wrong with it: an unknown option or a missing
 * --plan value is the user's slip, so it gets the usage text and exit code 2, not an internal error.
 */
function readArgs() {
  try {
    return parseArgs({
      options: {
        json: { type: 'boolean', default: false },
        plan: { type: 'string' },
        'plan-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    // node:util's parseArgs marks its refusals with ERR_PARSE_ARGS_* codes; anything else is ours.
    if (!String((e as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')) throw e;
    console.error(`ask: ${(e as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return null;
  }
}

async function main(): Promise<void> {
  const args = readArgs();
  if (!args) return;
  const { values, positionals } = args;
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const config = loadPlanConfig();
  const catalogue = openCatalogue(config, { file: values.plan, dir: values['plan-dir'] });
  const engine = new PlanRouter(catalogue, config.PLAN_TZ);
  const clock = config.PLAN_NOW ? shiftedClock(new Date(config.PLAN_NOW)) : systemClock;

  if (values.json) return answerLines(engine, () => clock.now());
  const question = positionals.join(' ');
  if (!question) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  console.log(engine.answer(question, { now: clock.now() }).answer.text);
}

main().catch((e: unknown) => {
  const { code, message } = describeError(e);
  console.error(`ask: ${code}: ${message}`);
  process.exitCode = 1;
});
