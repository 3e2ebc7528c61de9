import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestCounter } from '../src/core/request-counter.js';
import { throttleCount } from '../src/core/throttle.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const rule = { limit: 100, windowMs: 60_000 };
const freshKey = (): string => `counter-test:${randomUUID()}`;

describe('request counter (per-key limits counted locally, flushed to the shared counters)', () => {
  it('writes the first request of a window through, then counts in memory until a flush', async () => {
    const counter = new RequestCounter(t.deps.db, t.clock);
    const key = freshKey();
    for (let i = 0; i < 20; i += 1) expect(await counter.count(key, rule, t.clock.now())).toBe(0);
    expect(await throttleCount(t.deps.db, key, t.clock.now())).toBe(1);
    await counter.flush();
    expect(await throttleCount(t.deps.db, key, t.clock.now())).toBe(20);
    await counter.flush();
    expect(await throttleCount(t.deps.db, key, t.clock.now())).toBe(20);
  });

  it('is exact near the limit on one instance, and refuses with the wait to the window end', async () => {
    const counter = new RequestCounter(t.deps.db, t.clock);
    const key = freshKey();
    const small = { limit: 5, windowMs: 60_000 };
    for (let i = 0; i < 5; i += 1) expect(await counter.count(key, small, t.clock.now())).toBe(0);
    t.clock.advance(10_000);
    expect(await counter.count(key, small, t.clock.now())).toBe(50);
    expect(await counter.count(key, small, t.clock.now())).toBe(50);
    t.clock.advance(50_000);
    expect(await counter.count(key, small, t.clock.now())).toBe(0);
    expect(await throttleCount(t.deps.db, key, t.clock.now())).toBe(1);
  });

  it('sees another instance’s requests once they are flushed', async () => {
    const a = new RequestCounter(t.deps.db, t.clock);
    const b = new RequestCounter(t.deps.db, t.clock);
    const key = freshKey();
    for (let i = 0; i < 60; i += 1) expect(await a.count(key, rule, t.clock.now())).toBe(0);
    await a.flush();
    let admitted = 0;
    for (let i = 0; i < 60; i += 1)
      if ((await b.count(key, rule, t.clock.now())) === 0) admitted += 1;
    expect(admitted).toBe(40);
    // The first instance last saw 60 of 100: it admits at most half of the 40 it believes left
    // (or one flush interval of requests) before it writes through and learns the count is over.
    await b.flush();
    let more = 0;
    for (let i = 0; i < 30; i += 1) if ((await a.count(key, rule, t.clock.now())) === 0) more += 1;
    expect(more).toBe(20);
    expect(await throttleCount(t.deps.db, key, t.clock.now())).toBe(141);
  });

  it('drops unflushed requests of a window that ended instead of counting them in the next', async () => {
    const counter = new RequestCounter(t.deps.db, t.clock);
    const key = freshKey();
    for (let i = 0; i < 10; i += 1) await counter.count(key, rule, t.clock.now());
    t.clock.advance(60_000);
    await counter.flush();
    expect(await throttleCount(t.deps.db, key, t.clock.now())).toBe(0);
  });
});
