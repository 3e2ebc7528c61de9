import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKeys } from '../src/core/keys.js';
import { users } from '../src/db/schema/index.js';
import { resealTotpSecrets } from '../src/identity/index.js';
import { createTestApp, ORIGIN, type TestApp, testConfig } from './support/app.js';
import { enrolTotp, totpCode } from './support/totp.js';
import { PASSWORD, post, signUp } from './support/users.js';

const OLD = 'the-old-secret-that-is-long-enough-0123456789';
const NEW = 'the-new-secret-that-is-long-enough-9876543210';

let before: TestApp;
beforeAll(async () => {
  before = await createTestApp({ config: testConfig({ APP_SECRET: OLD }) });
});
afterAll(async () => {
  await before.close();
});

async function appWith(env: Record<string, string>): Promise<TestApp> {
  const app = await createTestApp({ handle: before.handle, config: testConfig(env) });
  app.clock.set(before.clock.now());
  return app;
}

async function sealedSecretOf(email: string): Promise<string> {
  const [row] = await before.deps.db.select().from(users).where(eq(users.email, email));
  if (!row?.totpSecretEnc) throw new Error('no sealed secret');
  return row.totpSecretEnc;
}

describe('rotating APP_SECRET', () => {
  it('keeps enrolled authenticators, CSRF tokens and sessions working, and re-seals keys at their next use', async () => {
    const owner = await signUp(before);
    const { secret } = await enrolTotp(before, owner);
    const rotated = await appWith({ APP_SECRET: NEW, APP_SECRET_PREVIOUS: OLD });
    try {
      // The old CSRF token is still accepted by an instance with the new secret.
      const cookie = String(
        owner.agent.jar
          .getCookie('gh_session', { domain: '127.0.0.1', path: '/', secure: false, script: false })
          ?.toValueString(),
      );
      rotated.clock.advance(60_000);
      const stepUp = await request(rotated.app)
        .post('/api/security/stepup/verify')
        .set('Origin', ORIGIN)
        .set('Cookie', cookie)
        .set('X-CSRF-Token', owner.csrf)
        .send({ purpose: 'REVOKE_SESSION', code: totpCode(secret, rotated.clock.now()) });
      expect(stepUp.status).toBe(200);
      // The key was sealed under the old secret; using it sealed it again under the new one.
      const newOnly = deriveKeys(NEW);
      expect(
        newOnly.totpSecrets.open(await sealedSecretOf(owner.email), owner.body.user.id).plain,
      ).toBe(secret);
    } finally {
      await rotated.close();
    }
    const afterwards = await appWith({ APP_SECRET: NEW });
    try {
      afterwards.clock.advance(120_000);
      const login = await request(afterwards.app)
        .post('/api/auth/login')
        .set('Origin', ORIGIN)
        .send({ email: owner.email, password: PASSWORD })
        .expect(200);
      await request(afterwards.app)
        .post('/api/auth/login/mfa')
        .set('Origin', ORIGIN)
        .send({ mfaToken: login.body.mfaToken, code: totpCode(secret, afterwards.clock.now()) })
        .expect(200);
    } finally {
      await afterwards.close();
    }
  });

  it('re-seals every key at once with `pnpm secrets:rotate`', async () => {
    const owner = await signUp(before);
    const { secret } = await enrolTotp(before, owner);
    const other = await signUp(before);
    await post(other, '/api/security/stepup/verify')
      .send({ purpose: 'MFA_CHANGE', password: PASSWORD })
      .expect(200);
    await post(other, '/api/security/mfa/totp/setup').expect(200);
    const resealed = await resealTotpSecrets(before.deps.db, deriveKeys(NEW, OLD));
    expect(resealed).toBeGreaterThanOrEqual(2);
    const newOnly = deriveKeys(NEW);
    expect(
      newOnly.totpSecrets.open(await sealedSecretOf(owner.email), owner.body.user.id).plain,
    ).toBe(secret);
    expect(() => deriveKeys(OLD).totpSecrets.open(owner.body.user.id, 'x')).toThrow();
    expect(await resealTotpSecrets(before.deps.db, deriveKeys(NEW, OLD))).toBe(0);
  });

  it('without the previous secret, a key sealed under it does not open (why rotation needs both)', async () => {
    const owner = await signUp(before);
    await enrolTotp(before, owner);
    expect(() =>
      deriveKeys('a-third-secret-that-is-long-enough-000000').totpSecrets.open(
        owner.body.user.id,
        'v1.x.y.z',
      ),
    ).toThrow();
  });
});
