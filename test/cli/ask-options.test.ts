import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

const ask = (args: string[]) =>
  spawnSync(TSX, ['src/cli/ask.ts', ...args], { cwd: ROOT, encoding: 'utf8', input: '' });

describe('ask command-line options', () => {
  it('answers an unknown option with the usage text and exit code 2, not an internal error', () => {
    const run = ask(['--jsno', '谁牵头川渝通办']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--jsno'");
    expect(run.stderr).toContain('usage:');
    expect(run.stderr).not.toMatch(/internal|TypeError/);
    expect(run.stdout).toBe('');
  });

  it('says so when --plan has no file after it', () => {
    const run = ask(['--plan']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--plan');
    expect(run.stderr).toContain('usage:');
  });
});
