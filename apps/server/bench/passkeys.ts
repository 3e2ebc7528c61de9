/**
 * Passkey sign-in against password sign-in (DESIGN §12, reported): the same account kind, from
 * a browser each has used before (no alert), interleaved, one at a time. A password sign-in is
 * one request dominated by argon2id; a passkey sign-in is two (options, then the ES256 assertion
 * checked by @simplewebauthn), timed together as the person waits for them.
 */
import { authenticationOptionsSchema, registrationOptionsSchema } from '@gatehouse/shared';
import { z } from 'zod';
import { SoftAuthenticator } from '../test/support/soft-authenticator.js';
import { fmt, type Row } from './http-rows.js';
import { APP_URL, BENCH_PASSWORD, benchEmail, percentile } from './support.js';
import { ORIGIN, signIn, startTarget } from './throughput.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);
/** Each sign-in opens a session: stay under the bench org's limit of 100 per user. */
const SIGN_INS = Number(process.env.BENCH_PASSKEY_SIGN_INS ?? 45);

const jsonSchema = z.record(z.string(), z.unknown());

async function call(
  port: number,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ json: unknown; cookies: string[] }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} failed: ${res.status} ${text}`);
  return {
    json: text ? jsonSchema.parse(JSON.parse(text)) : {},
    cookies: res.headers.getSetCookie().map((c) => c.split(';')[0] ?? ''),
  };
}

/** Registers a passkey for the bench user through the API, as the Security page does. */
async function registerPasskey(port: number, authenticator: SoftAuthenticator) {
  const session = await signIn(port, 'passkeys');
  const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  await call(
    port,
    '/api/security/stepup/verify',
    { purpose: 'MFA_CHANGE', password: BENCH_PASSWORD },
    headers,
  );
  const options = await call(port, '/api/security/passkeys/register/options', {}, headers);
  const response = authenticator.register(registrationOptionsSchema.parse(options.json));
  await call(port, '/api/security/passkeys/register/verify', { response }, headers);
  return session.cookie.split('; ').find((c) => c.startsWith('gh_device=')) ?? '';
}

async function timedPasswordSignIn(port: number, device: string): Promise<number> {
  const started = performance.now();
  await call(
    port,
    '/api/auth/login',
    { email: benchEmail('alerts'), password: BENCH_PASSWORD },
    { cookie: device },
  );
  return performance.now() - started;
}

async function timedPasskeySignIn(
  port: number,
  device: string,
  authenticator: SoftAuthenticator,
): Promise<number> {
  const started = performance.now();
  const options = await call(port, '/api/auth/passkey/options', {}, { cookie: device });
  const response = authenticator.assert(authenticationOptionsSchema.parse(options.json));
  await call(port, '/api/auth/passkey/verify', { response }, { cookie: device });
  return performance.now() - started;
}

export async function passkeySignInRow(url: string): Promise<Row> {
  log(`passkey sign-in vs password sign-in, ${SIGN_INS} of each…`);
  const gatehouse = await startTarget('gatehouse', url);
  try {
    const authenticator = new SoftAuthenticator({ origin: new URL(APP_URL).origin });
    const passkeyDevice = await registerPasskey(gatehouse.port, authenticator);
    const known = await signIn(gatehouse.port, 'alerts');
    const passwordDevice = known.cookie.split('; ').find((c) => c.startsWith('gh_device=')) ?? '';
    const password: number[] = [];
    const passkey: number[] = [];
    for (let i = 0; i < SIGN_INS; i += 1) {
      password.push(await timedPasswordSignIn(gatehouse.port, passwordDevice));
      passkey.push(await timedPasskeySignIn(gatehouse.port, passkeyDevice, authenticator));
    }
    const sorted = (values: number[]) => [...values].sort((x, y) => x - y);
    const k50 = percentile(sorted(passkey), 50);
    const k99 = percentile(sorted(passkey), 99);
    const p50 = percentile(sorted(password), 50);
    const p99 = percentile(sorted(password), 99);
    return {
      what: `passkey sign-in (options + ES256 assertion) vs password sign-in (argon2id) (p50 ${fmt(k50, 1)} vs ${fmt(p50, 1)} ms)`,
      measured: `p99 ${fmt(k99, 1)} vs ${fmt(p99, 1)} ms`,
      goal: 'reported (p50/p99)',
      met: true,
    };
  } finally {
    await gatehouse.stop();
  }
}
