import { describe, expect, it } from 'vitest';
import { every, type TimerHandle, type Timers } from './every.js';

/** Timers that only fire when the test says so: what is scheduled, and after how long. */
class FakeTimers implements Timers {
  readonly scheduled: { id: number; ms: number; run: () => void }[] = [];
  readonly cleared: number[] = [];
  #next = 1;
  setTimeout(run: () => void, ms: number): TimerHandle {
    const id = this.#next++;
    this.scheduled.push({ id, ms, run });
    return id;
  }
  clearTimeout(handle: TimerHandle): void {
    this.cleared.push(handle as number);
    const i = this.scheduled.findIndex((s) => s.id === handle);
    if (i >= 0) this.scheduled.splice(i, 1);
  }
  /** Fires the one pending timer. */
  fire(): void {
    const due = this.scheduled.shift();
    if (!due) throw new Error('nothing scheduled');
    due.run();
  }
}

/** A promise the test settles by hand. */
function deferred() {
  let resolve: () => void = () => {};
  let reject: (err: unknown) => void = () => {};
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise<void>((r) => setImmediate(r));

function setup(task: () => Promise<void>, random = () => 0.5) {
  const timers = new FakeTimers();
  const warnings: { err: unknown; message: string }[] = [];
  const logger = {
    warn: ({ err }: { err: unknown }, message: string) => warnings.push({ err, message }),
  };
  const stop = every(task, {
    intervalMs: 1_000,
    jitterMs: 200,
    logger,
    name: 'test sweep',
    timers,
    random,
  });
  return { timers, warnings, stop };
}

describe('every', () => {
  it('waits the interval plus a jitter drawn per run before each run', async () => {
    const draws = [0, 0.999, 0.5];
    let runs = 0;
    const { timers } = setup(
      async () => {
        runs += 1;
      },
      () => draws.shift() ?? 0,
    );
    expect(runs).toBe(0);
    expect(timers.scheduled.map((s) => s.ms)).toEqual([1_000]);
    timers.fire();
    await settle();
    expect(runs).toBe(1);
    expect(timers.scheduled.map((s) => s.ms)).toEqual([1_199]);
    timers.fire();
    await settle();
    expect(timers.scheduled.map((s) => s.ms)).toEqual([1_100]);
  });

  it('never overlaps: the next run is scheduled only when the current one settles', async () => {
    const current = deferred();
    let running = 0;
    let most = 0;
    const { timers } = setup(async () => {
      running += 1;
      most = Math.max(most, running);
      await current.promise;
      running -= 1;
    });
    timers.fire();
    await settle();
    expect(running).toBe(1);
    expect(timers.scheduled).toEqual([]);
    current.resolve();
    await settle();
    expect(running).toBe(0);
    expect(timers.scheduled).toHaveLength(1);
    expect(most).toBe(1);
  });

  it('logs a failed run and keeps going', async () => {
    const boom = new Error('database away');
    let calls = 0;
    const { timers, warnings } = setup(async () => {
      calls += 1;
      if (calls === 1) throw boom;
    });
    timers.fire();
    await settle();
    expect(warnings).toEqual([{ err: boom, message: 'test sweep failed' }]);
    expect(timers.scheduled).toHaveLength(1);
    timers.fire();
    await settle();
    expect(calls).toBe(2);
    expect(warnings).toHaveLength(1);
  });

  it('stops cleanly: the pending timer is cleared, and a run in flight schedules nothing', async () => {
    const idle = setup(async () => {});
    idle.stop();
    expect(idle.timers.scheduled).toEqual([]);
    expect(idle.timers.cleared).toEqual([1]);

    const current = deferred();
    const busy = setup(() => current.promise);
    busy.timers.fire();
    await settle();
    busy.stop();
    current.resolve();
    await settle();
    expect(busy.timers.scheduled).toEqual([]);
  });
});
