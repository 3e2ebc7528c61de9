import type { DevMailResponse } from '@gatehouse/shared';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { type Enrolled, enrolTotp } from './support/totp.js';
import {
  PASSWORD,
  post,
  randomAddress,
  type SignedInAgent,
  signIn,
  signUp,
  stepUp,
} from './support/users.js';

const MINUTE_MS = 60_000;
const WRONG_CODE = '000000';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** The password step from `agent` (a browser of its own), answered with an mfaToken. */
async function passwordStep(agent: Agent, email: string): Promise<string> {
  const res = await agent
    .post('/api/auth/login')
    .set('Origin', ORIGIN)
    .set('X-Forwarded-For', randomAddress())
    .send({ email, password: PASSWORD });
  expect(res.body.mfaRequired).toBe(true);
  return res.body.mfaToken as string;
}

function codeStep(agent: Agent, mfaToken: string, code: string) {
  return agent.post('/api/auth/login/mfa').set('Origin', ORIGIN).send({ mfaToken, code });
}

/** An owner with TOTP whose own browser (the sign-up's) is known to the account. */
async function ownerWithTotp(): Promise<{ owner: SignedInAgent; totp: Enrolled }> {
  const owner = await signUp(t);
  const totp = await enrolTotp(t, owner);
  return { owner, totp };
}

/** A stranger who has the password fails five codes at the sign-in step, from a browser of its own. */
async function strangerFailsFiveCodes(email: string): Promise<Agent> {
  const stranger = request.agent(t.app);
  const mfaToken = await passwordStep(stranger, email);
  for (let i = 0; i < 5; i += 1)
    expect((await codeStep(stranger, mfaToken, WRONG_CODE)).status).toBe(400);
  return stranger;
}

describe('the second-factor lock is per party', () => {
  it('locks a stranger with the stolen password out of the code step, on any browser and any new mfaToken, even with a right code', async () => {
    const { owner, totp } = await ownerWithTotp();
    const stranger = await strangerFailsFiveCodes(owner.email);
    const again = await passwordStep(stranger, owner.email);
    const locked = await codeStep(stranger, again, totp.nextCode());
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const otherBrowser = request.agent(t.app);
    const fresh = await passwordStep(otherBrowser, owner.email);
    expect((await codeStep(otherBrowser, fresh, totp.nextCode())).status).toBe(429);
  });

  it('leaves the owner’s own session and known browser untouched by the stranger’s failures', async () => {
    const { owner, totp } = await ownerWithTotp();
    await strangerFailsFiveCodes(owner.email);
    await stepUp(owner, 'REVOKE_ALL_OTHER_SESSIONS', { code: totp.nextCode() });
    await post(owner, '/api/auth/logout').expect(204);
    const mfaToken = await passwordStep(owner.agent, owner.email);
    expect((await codeStep(owner.agent, mfaToken, totp.nextCode())).status).toBe(200);
  });

  it('lets a thief with one session’s cookie lock only that session’s step-up', async () => {
    const owner = await signUp(t);
    const stolen = await signIn(t, owner.email);
    for (let i = 0; i < 5; i += 1) {
      await post(stolen, '/api/security/stepup/verify')
        .send({ purpose: 'REVOKE_SESSION', password: `wrong-${i}` })
        .expect(400);
    }
    const locked = await post(stolen, '/api/security/stepup/verify').send({
      purpose: 'REVOKE_SESSION',
      password: PASSWORD,
    });
    expect(locked.status).toBe(429);
    await stepUp(owner, 'REVOKE_SESSION');
    const revoke = `/api/security/sessions/${stolen.body.session.id}/revoke`;
    expect((await post(owner, revoke)).status).toBe(200);
  });

  it('holds a known browser to its own 5 failures at the code step', async () => {
    const { owner, totp } = await ownerWithTotp();
    await post(owner, '/api/auth/logout').expect(204);
    const mfaToken = await passwordStep(owner.agent, owner.email);
    for (let i = 0; i < 5; i += 1)
      expect((await codeStep(owner.agent, mfaToken, WRONG_CODE)).status).toBe(400);
    expect((await codeStep(owner.agent, mfaToken, totp.nextCode())).status).toBe(429);
    t.clock.advance(15 * MINUTE_MS);
    const next = await passwordStep(owner.agent, owner.email);
    expect((await codeStep(owner.agent, next, totp.nextCode())).status).toBe(200);
  });

  it('gives strangers 20 failures a day: a fifth window of five stays locked after 15 minutes', async () => {
    const { owner, totp } = await ownerWithTotp();
    for (let window = 0; window < 4; window += 1) {
      await strangerFailsFiveCodes(owner.email);
      t.clock.advance(15 * MINUTE_MS);
    }
    const stranger = request.agent(t.app);
    const mfaToken = await passwordStep(stranger, owner.email);
    const locked = await codeStep(stranger, mfaToken, totp.nextCode());
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(15 * 60);
  });

  it('lets the owner reset the password with a code from a known browser while strangers are locked', async () => {
    const { owner, totp } = await ownerWithTotp();
    await strangerFailsFiveCodes(owner.email);
    await request(t.app)
      .post('/api/auth/password/forgot')
      .set('Origin', ORIGIN)
      .set('X-Forwarded-For', randomAddress())
      .send({ email: owner.email })
      .expect(202);
    await t.deps.background.drain();
    const box = (await request(t.app).get('/api/dev/mail').expect(200)).body as DevMailResponse;
    const link = box.messages.find((m) => m.to === owner.email && m.kind === 'password_reset');
    const token = /reset-password\?token=([\w-]+)/.exec(link?.text ?? '')?.[1] ?? '';
    const body = { token, newPassword: 'a-brand-new-passphrase-42', code: totp.nextCode() };
    const reset = (agent: Agent) =>
      agent.post('/api/auth/password/reset').set('Origin', ORIGIN).send(body);
    expect((await reset(request.agent(t.app))).status).toBe(429);
    expect((await reset(owner.agent)).status).toBe(204);
  });
});
