import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** How long an open waits for another process to let go (a `tsx watch` restart overlaps). */
export const PGLITE_LOCK_WAIT_MS = 5_000;
const POLL_MS = 100;
/** A lock file without a pid yet is being written by its creator, unless it is older than this. */
const UNWRITTEN_GRACE_MS = 2_000;

export class DatabaseInUseError extends Error {}

const systemError = z.object({ code: z.string() });
const codeOf = (err: unknown): string | undefined => systemError.safeParse(err).data?.code;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    // EPERM: it exists but belongs to someone else.
    return codeOf(err) === 'EPERM';
  }
}

function isFresh(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < UNWRITTEN_GRACE_MS;
  } catch {
    return false;
  }
}

function holderOf(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Creates the lock file with this process's id; false if another live process holds it. */
function tryLock(file: string): boolean {
  try {
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err: unknown) {
    if (codeOf(err) !== 'EEXIST') throw err;
  }
  const holder = holderOf(file);
  if (holder !== null && isAlive(holder)) return false;
  if (holder === null && isFresh(file)) return false;
  // Left by a process that is gone: take it over.
  rmSync(file, { force: true });
  return tryLock(file);
}

/**
 * PGlite is one process's database and does not stop a second process from opening the same
 * directory (both would write it, and corrupt it). `<dir>.lock` holds the owner's pid, so the
 * app and an operator command (`pnpm gatehouse`) never open one directory at once. Resolves to
 * the release function.
 */
export async function lockPgliteDir(
  dir: string,
  waitMs = PGLITE_LOCK_WAIT_MS,
): Promise<() => void> {
  const file = `${path.resolve(dir)}.lock`;
  mkdirSync(path.dirname(file), { recursive: true });
  const deadline = Date.now() + waitMs;
  while (!tryLock(file)) {
    if (Date.now() >= deadline) {
      const holder = holderOf(file);
      throw new DatabaseInUseError(
        `The PGlite database in ${dir} is in use by process ${holder ?? '?'}: ` +
          'PGlite is one process’s database, so stop that process (the app) and try again.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return () => {
    if (holderOf(file) === process.pid) unlinkSync(file);
  };
}
