import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseInUseError, lockPgliteDir } from './pglite-lock.js';

const newDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'gh-pglite-lock-')), 'pglite');

describe('lockPgliteDir', () => {
  it('refuses a second holder while the first lives, naming it, and frees the directory on release', async () => {
    const dir = newDir();
    const release = await lockPgliteDir(dir, 0);
    expect(existsSync(`${dir}.lock`)).toBe(true);
    const second = lockPgliteDir(dir, 150);
    await expect(second).rejects.toThrow(DatabaseInUseError);
    await expect(second).rejects.toThrow(`in use by process ${process.pid}`);
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
    (await lockPgliteDir(dir, 0))();
  });

  it('waits for a holder that lets go (a restart that overlaps)', async () => {
    const dir = newDir();
    const release = await lockPgliteDir(dir, 0);
    setTimeout(release, 150);
    const next = await lockPgliteDir(dir, 2_000);
    next();
  });

  it('takes over the lock of a process that is gone', async () => {
    const dir = newDir();
    await lockPgliteDir(dir, 0);
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(`${dir}.lock`, String(gone));
    const release = await lockPgliteDir(dir, 0);
    release();
  });
});
