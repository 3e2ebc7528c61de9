import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** A holder touches its lock this often; one untouched for STALE_MS is taken over. */
const HEARTBEAT_MS = 3_000;
const STALE_MS = 10_000;
/** How long an open waits for a holder to let go or go stale (a restart that overlaps). */
export const PGLITE_LOCK_WAIT_MS = STALE_MS + HEARTBEAT_MS;
const POLL_MS = 100;

export class DatabaseInUseError extends Error {}

const holderSchema = z.object({ pid: z.number().int().positive(), host: z.string() });
type Holder = z.infer<typeof holderSchema>;
const systemError = z.object({ code: z.string() });
const codeOf = (err: unknown): string | undefined => systemError.safeParse(err).data?.code;

/** Lock files this process holds: a second open in the same process is refused too. */
const heldHere = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    // EPERM: it exists but belongs to someone else.
    return codeOf(err) === 'EPERM';
  }
}

function holderOf(file: string): Holder | null {
  try {
    return holderSchema.safeParse(JSON.parse(readFileSync(file, 'utf8'))).data ?? null;
  } catch {
    return null;
  }
}

/**
 * Whether the lock is someone's: held in this process, or by a live process on this host (our
 * own pid left in it by an earlier process, as in a restarted container, does not count). From
 * another host (a container on the same volume) only its touch says it is alive.
 */
function isHeld(file: string): boolean {
  if (heldHere.has(file)) return true;
  const holder = holderOf(file);
  if (holder && holder.host === hostname())
    return holder.pid !== process.pid && isAlive(holder.pid);
  try {
    // Unreadable while its creator writes it, or another host's: held while touched lately.
    return Date.now() - statSync(file).mtimeMs <= STALE_MS;
  } catch {
    return false;
  }
}

function tryLock(file: string): boolean {
  try {
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
    closeSync(fd);
    return true;
  } catch (err: unknown) {
    if (codeOf(err) !== 'EEXIST') throw err;
  }
  if (isHeld(file)) return false;
  rmSync(file, { force: true });
  return tryLock(file);
}

/**
 * PGlite is one process's database and does not stop a second process from opening the same
 * directory (both would write it, and corrupt it). `<dir>.lock` names its holder and is touched
 * while held, so the app and an operator command (`pnpm gatehouse`) never open one directory at
 * once, and a crashed holder's lock is taken over. Resolves to the release function.
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
      const who = holder ? `process ${holder.pid} on ${holder.host}` : 'another process';
      throw new DatabaseInUseError(
        `The PGlite database in ${dir} is in use by ${who}: PGlite is one process’s database, ` +
          'so stop that process (the app) and try again.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  heldHere.add(file);
  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(file, now, now);
    } catch {
      // Removed under us: nothing to keep fresh.
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return () => {
    clearInterval(heartbeat);
    heldHere.delete(file);
    if (holderOf(file)?.pid === process.pid) unlinkSync(file);
  };
}
