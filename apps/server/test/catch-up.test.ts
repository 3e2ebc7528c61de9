import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { openTestDatabase } from './support/database.js';
import { signUp } from './support/users.js';

/**
 * The runner waits for the database handle's catch-up (decision 020) before any cache answers an
 * authenticated request, and never for a public one. The handle's catch-up is replaced by one
 * the test releases, so "waits" is observed rather than timed.
 */
describe('catching up on invalidations before a cached answer', () => {
  let t: TestApp;
  let calls = 0;
  let gate: Promise<void> | undefined;
  beforeAll(async () => {
    const handle = await openTestDatabase();
    t = await createTestApp({
      handle: {
        ...handle,
        caughtUp: () => {
          calls += 1;
          return gate;
        },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await t.handle.close();
  });

  it('holds an authenticated request until the catch-up resolves, and never a public one', async () => {
    const owner = await signUp(t);
    calls = 0;
    await request(t.app).get('/healthz').expect(200);
    await request(t.app).get('/api/auth/me').expect(401);
    expect(calls).toBe(1);

    let release = (): void => undefined;
    gate = new Promise((resolve) => {
      release = resolve;
    });
    let answered = false;
    const pending = owner.agent.get('/api/auth/me').then((res) => {
      answered = true;
      return res;
    });
    // The request has reached the catch-up: it is held there until the gate opens.
    while (calls < 2) await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    release();
    gate = undefined;
    expect((await pending).status).toBe(200);
  });
});
