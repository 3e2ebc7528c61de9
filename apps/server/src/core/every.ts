/** A pending run, as the timers hand it back (Node's Timeout, or a test's). */
export type TimerHandle = { unref?(): unknown } | number | object;

/** How the next run is scheduled: Node's timers by default, a test's own otherwise. */
export interface Timers {
  setTimeout(run: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

const nodeTimers: Timers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface EveryOptions {
  /** The pause between the end of one run and the start of the next. */
  intervalMs: number;
  /** Up to this much more, drawn per run, so that instances started together spread out. */
  jitterMs: number;
  /** Where a run's failure is reported; the next run is scheduled as usual. */
  logger: { warn(details: { err: unknown }, message: string): void };
  /** What the task is, for the log line ("session sweep"). */
  name: string;
  timers?: Timers;
  random?: () => number;
}

/**
 * Runs `task` every `intervalMs` (plus jitter), never two runs at once: the next is scheduled
 * when the previous settles, so a slow run delays the next instead of overlapping it. A failure
 * is logged and does not stop the loop. The timer never keeps the process alive. Returns a stop
 * function: no run starts after it (one in flight finishes, and schedules nothing).
 */
export function every(task: () => Promise<void>, options: EveryOptions): () => void {
  const timers = options.timers ?? nodeTimers;
  const random = options.random ?? Math.random;
  let stopped = false;
  let pending: TimerHandle | undefined;

  const schedule = (): void => {
    if (stopped) return;
    const delay = options.intervalMs + Math.floor(random() * options.jitterMs);
    pending = timers.setTimeout(() => void run(), delay);
    if (typeof pending === 'object' && 'unref' in pending) pending.unref?.();
  };

  const run = async (): Promise<void> => {
    pending = undefined;
    try {
      await task();
    } catch (err: unknown) {
      options.logger.warn({ err }, `${options.name} failed`);
    } finally {
      schedule();
    }
  };

  schedule();
  return () => {
    stopped = true;
    if (pending !== undefined) timers.clearTimeout(pending);
    pending = undefined;
  };
}
