import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';

const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run store', () => {
  let dir: string;
  const run = (...args: string[]) => {
    const { REDIS_URL: _ignored, ...env } = process.env;
    const result = spawnSync(TSX, ['src/cli/store.ts', ...args], {
      cwd: ROOT,
      env: { ...env, DATA_DIR: join(dir, 'data') },
      encoding: 'utf8',
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'workplan-cli-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('backs up while the store is in use, refuses to restore until it is free, then restores', async () => {
    const store = await EmbeddedStore.open(join(dir, 'data'), { clock: systemClock });
    await store.addSubscription({
      conversationId: 'telegram:1',
      target: { kind: 'all' },
      createdAt: '2022-09-20T01:00:00.000Z',
    });
    const file = join(dir, 'backup.db');
    const backup = run('backup', file);
    expect(backup).toMatchObject({ code: 0 });
    expect(backup.out).toContain(`to ${file}`);

    const refused = run('restore', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/store_unavailable: .* is in use by another workplan-bot process/);
    await store.removeSubscriptions('telegram:1', null);
    await store.close();

    const restored = run('restore', file);
    expect(restored).toMatchObject({ code: 0 });
    expect(restored.out).toMatch(/the database it replaced is .*before-restore/);
    const reopened = await EmbeddedStore.open(join(dir, 'data'), { clock: systemClock });
    expect(await reopened.listSubscriptions('telegram:1')).toHaveLength(1);
    await reopened.close();
  });

  it('prints its usage for a command it does not know', () => {
    const result = run('vacuum');
    expect(result.code).toBe(2);
    expect(result.err).toContain('npm run store -- backup FILE');
  });
});
