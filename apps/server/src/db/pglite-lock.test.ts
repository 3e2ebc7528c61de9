import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
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

  it('takes over the lock of a process that is gone, or of an earlier process with our pid', async () => {
    const dir = newDir();
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    for (const pid of [gone, process.pid]) {
      writeFileSync(`${dir}.lock`, JSON.stringify({ pid, host: hostname() }));
      (await lockPgliteDir(dir, 0))();
    }
  });

  it('honours a lock from another host (a container on the same volume) until it goes stale', async () => {
    const dir = newDir();
    writeFileSync(`${dir}.lock`, JSON.stringify({ pid: 1, host: 'elsewhere' }));
    await expect(lockPgliteDir(dir, 0)).rejects.toThrow('in use by process 1 on elsewhere');
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(`${dir}.lock`, longAgo, longAgo);
    (await lockPgliteDir(dir, 0))();
  });
});
