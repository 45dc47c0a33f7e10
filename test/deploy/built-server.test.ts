import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TELEGRAM_WEBHOOK_SECRET, startFakePlatforms } from '../adapters/fakes/all-platforms.ts';
import { fakeRobotMessage } from '../adapters/fakes/dingtalk-api.ts';
import { lineTextEvent } from '../adapters/fakes/line-api.ts';
import { shownText } from '../adapters/fakes/wecom-api.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The server as production runs it: `npm run build`'s JavaScript under plain `node`, no transpiler.
 * Each test starts one on an ephemeral port, reads the start-up line for its address, and stops it
 * by signal, as an operator, systemd or `docker stop` would.
 */
interface Running {
  child: ChildProcess;
  url: string;
  lines: string[];
  exited: Promise<number | null>;
}

/**
 * Every process a test started, and the servers npm started below them: a test that fails before
 * it stops its server must not leave it holding the data lock (and the next test failing for that).
 */
const started: ChildProcess[] = [];
const serverPids: number[] = [];
afterEach(() => {
  for (const child of started.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of serverPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already, as it should be.
    }
  }
});

async function start(
  command: string,
  args: string[],
  dataDir: string,
  env: Record<string, string> = {},
): Promise<Running> {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        lines.push(line);
        // Log lines are JSON; the DingTalk SDK also prints plain lines of its own ("connect success").
        const url = line.startsWith('{') ? (JSON.parse(line) as { url?: string }).url : undefined;
        if (url) resolve(url);
      }
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before starting`)));
  });
  return { child, url, lines, exited };
}

describe('the built server', () => {
  let dataDir = '';
  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'inherit' });
    dataDir = await mkdtemp(join(tmpdir(), 'workplan-built-'));
  }, 120_000);
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('says in one line where to open the page, which adapters run and which plan it loaded', async () => {
    const server = await start(process.execPath, ['dist/adapters/main.js'], dataDir);
    const line = server.lines
      .map((l) => JSON.parse(l) as { msg: string })
      .find((l) => l.msg.includes(server.url));
    expect(line?.msg).toMatch(
      /^workplan-bot: open http:\/\/127\.0\.0\.1:\d+\/ · adapters: web · plan: .+2022年工作要点 \(23 tasks, seeds\/.+\.txt\)/,
    );
    const health = await fetch(new URL('healthz', server.url));
    expect(health.status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  // The bundle loads each platform's SDK (and LINE's undici) as chunks of its own: an import that
  // works under the test runner can still fail there, as `(await import('undici')).Pool` did.
  it('answers on LINE, Telegram, WeCom and DingTalk (Stream mode) through the bundled adapters', async () => {
    const fakes = await startFakePlatforms();
    const { line, telegram, wecom, dingtalk, gateway } = fakes;
    try {
      const server = await start(process.execPath, ['dist/adapters/main.js'], dataDir, fakes.env);
      const lineBody = JSON.stringify({
        destination: 'U0bot',
        events: [
          lineTextEvent({
            webhookEventId: '01BUILTSERVER0000000000000',
            replyToken: 'built-server-reply-token',
            userId: 'U4af4980629ab5f3f2c0f2c1b0e6c4d11',
            text: '谁牵头川渝通办',
          }),
        ],
      });
      const lineAnswer = await fetch(new URL('line/webhook', server.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-line-signature': line.webhookSignature(lineBody),
        },
        body: lineBody,
      });
      expect(lineAnswer.status).toBe(200);
      const telegramAnswer = await fetch(new URL('telegram/webhook', server.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': FAKE_TELEGRAM_WEBHOOK_SECRET,
        },
        body: JSON.stringify({
          update_id: 1,
          message: {
            message_id: 1,
            date: 1663635600,
            chat: { id: 1001, type: 'private' },
            from: { id: 1001, is_bot: false, first_name: 'A' },
            text: '谁牵头川渝通办',
          },
        }),
      });
      expect(telegramAnswer.status).toBe(200);
      const callback = wecom.callbackRequest(
        new URL('wecom/callback', server.url).href,
        wecom.textXml('zhangsan', '谁牵头川渝通办', '7000000000000000001'),
      );
      const wecomAnswer = await fetch(callback.url, { method: 'POST', body: callback.body });
      expect(wecomAnswer.status).toBe(200);
      // DingTalk Stream: the server connects to the gateway, which then pushes the robot message.
      await expect.poll(() => gateway.openConnections, { timeout: 15_000 }).toBeGreaterThan(0);
      gateway.deliver(
        fakeRobotMessage(dingtalk, { staffId: 'manager4711' }, { text: { content: '谁牵头川渝通办' } }),
      );
      // Each webhook is answered once its reply went out (LINE) or was handed to grammY (Telegram).
      await expect.poll(() => telegram.textsTo(1001).length, { timeout: 15_000 }).toBe(1);
      expect(line.replies().map((r) => r.body.replyToken)).toEqual(['built-server-reply-token']);
      expect(line.replies()[0]?.body.messages?.[0]?.text).toContain('省大数据中心');
      expect(telegram.textsTo(1001)[0]).toContain('省大数据中心');
      // WeCom is answered at once and sent to after (its 5 s limit): the text, then the choices as a card.
      await expect.poll(() => wecom.delivered().length, { timeout: 15_000 }).toBeGreaterThan(0);
      expect(shownText(wecom.delivered()[0]!.body)).toContain('省大数据中心');
      await expect
        .poll(() => dingtalk.calls.filter((c) => c.via === 'session').length, { timeout: 15_000 })
        .toBeGreaterThan(0);
      expect(dingtalk.calls.find((c) => c.via === 'session')?.text).toContain('省大数据中心');
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      await fakes.stop();
    }
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops gracefully on ${signal}, releasing the port`, async () => {
      const server = await start(process.execPath, ['dist/adapters/main.js'], dataDir);
      server.child.kill(signal);
      expect(await server.exited).toBe(0);
      expect(server.lines.some((l) => l.includes(`"signal":"${signal}"`))).toBe(true);
      await expect(fetch(new URL('healthz', server.url))).rejects.toThrow();
    });
  }

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'runs under `npm start` as node alone below npm, and stops when npm is sent %s',
    async (signal) => {
      const server = await start('npm', ['start', '--silent'], dataDir);
      const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(server.child.pid)], {
        encoding: 'utf8',
      }).trim();
      serverPids.push(...children.split('\n').map((line) => Number(line.trim().split(' ')[0])));
      // One child, the server itself: no shell, no tsx, no second node.
      expect(children.split('\n')).toHaveLength(1);
      // With the V8 heap flags and the allocator setting npm start gives it (README, Operations → Memory).
      expect(children).toMatch(
        /^\d+ node --max-semi-space-size=2 --heap-growing-percent=20 --liftoff-only dist\/adapters\/main\.js$/,
      );
      const serverPid = Number(children.split(' ')[0]);
      // glibc rewrites GLIBC_TUNABLES in the process's own environment once it has read it (2.36
      // keeps only some of the tunables there), so only its start is checked.
      expect(readFileSync(`/proc/${serverPid}/environ`, 'utf8').split('\0')).toContainEqual(
        expect.stringMatching(/^GLIBC_TUNABLES=glibc\.malloc\.arena_max=2(:|$)/),
      );
      server.child.kill(signal);
      await server.exited;
      await expect(fetch(new URL('healthz', server.url))).rejects.toThrow();
      expect(() => process.kill(serverPid, 0)).toThrow();
      // The data lock went with it: another server takes the same DATA_DIR at once.
      const next = await start(process.execPath, ['dist/adapters/main.js'], dataDir);
      next.child.kill('SIGTERM');
      expect(await next.exited).toBe(0);
    },
  );
});
