import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Starts log-child.ts; resolves with what it printed once `done(out)` holds or it exits. */
function child(mode: 'quiet' | 'exit', done: (out: string) => boolean): Promise<string> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/log-child.ts', mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (done(out)) {
        proc.kill('SIGKILL');
        resolve(out);
      }
    });
    proc.once('exit', () => resolve(out));
  });
}

describe('the log', () => {
  it('writes a line of a quiet server without waiting for more lines to fill its buffer', async () => {
    const out = await child('quiet', (o) => o.includes('\n'));
    expect(JSON.parse(out.split('\n')[0]!)).toMatchObject({ msg: 'one line', n: 1 });
  });

  it('writes every buffered line when the process exits', async () => {
    const out = await child('exit', () => false);
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { n: number }).n),
    ).toEqual([1, 2, 3]);
  });
});
