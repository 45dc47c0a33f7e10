import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { FakeTelegramApi, parseTelegramHtml } from './fakes/telegram-api.ts';
import { post } from './harness.ts';

const SECRET = 'crash-test-secret';

/** `npm start` in a child process, on its own port; resolves with the port once it listens. */
async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'workplan-bot started' && entry.port) resolve(entry.port);
      } catch {
        // not a log line
      }
    });
  });
  return { child, port };
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/**
 * Issue 12's repro, as an operator would run it: the platform's sendMessage hangs, the server is
 * killed with -9 before it answers the webhook, a new server starts on the same DATA_DIR, and the
 * same update_id comes again as Telegram redelivers it.
 */
describe('an update whose server died before answering', () => {
  it('is answered, once, when Telegram delivers it again to the restarted server', async () => {
    const telegram = new FakeTelegramApi();
    const dataDir = await mkdtemp(join(tmpdir(), 'workplan-crash-'));
    const env = {
      DATA_DIR: dataDir,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: await telegram.start(),
      // A lease far longer than the test: only dropping the dead server's lease answers at once.
      DELIVERY_LEASE_MS: String(10 * 60_000),
    };
    const update = JSON.stringify({
      update_id: 4242,
      message: {
        message_id: 1,
        date: 1663635600,
        from: { id: 99, is_bot: false, first_name: '钱' },
        chat: { id: 99, type: 'private', first_name: '钱' },
        text: '谁牵头川渝通办',
      },
    });
    const deliver = (port: number) =>
      post(`http://127.0.0.1:${port}/telegram/webhook`, update, {
        'x-telegram-bot-api-secret-token': SECRET,
      });
    const children: ChildProcess[] = [];
    try {
      const first = await startServer(env);
      children.push(first.child);
      const hung = telegram.hold('sendMessage');
      const unanswered = deliver(first.port).catch((e: unknown) => e);
      await hung.reached;
      await killed(first.child);
      expect(await unanswered).toBeInstanceOf(Error); // Telegram got no answer: it will deliver again

      const second = await startServer(env);
      children.push(second.child);
      // The restarted server holds DATA_DIR's lock, so the lease the dead one left is dropped at
      // open: the redelivery is answered at once, not with 503 until the 10 s lease runs out.
      const answer = await deliver(second.port);
      expect(answer.status).toBe(200);
      expect((await deliver(second.port)).status).toBe(200); // done now: dropped

      const sent = await telegram.waitFor((c) => c.method === 'sendMessage' && c.payload.chat_id === 99);
      expect(sent).toHaveLength(1);
      expect(parseTelegramHtml(String(sent[0]?.payload.text)).text).toContain('省政府办公厅');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(
        telegram.calls.filter((c) => c.method === 'sendMessage' && c.payload.chat_id === 99),
      ).toHaveLength(1);
    } finally {
      for (const child of children)
        if (child.exitCode === null && child.signalCode === null) await killed(child);
      await telegram.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
