import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  type CDPSession,
  chromium,
  expect,
  request,
  test,
} from '@playwright/test';
import { PASSWORD, uniqueEmail, visitorAddress } from './support.js';

/**
 * Device-bound sessions (DBSC, decision 025) in Debian's Chromium, over the server's own TLS
 * listener with a throwaway certificate. Chromium registers DBSC only for a certificate it
 * trusts: `--ignore-certificate-errors` is not enough, the certificate's key is pinned with
 * `--ignore-certificate-errors-spki-list`. Software keys stand in for a TPM.
 */
const TLS_PORT = Number(process.env.E2E_TLS_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 1);
const ORIGIN = `https://localhost:${TLS_PORT}`;
const SERVER_DIR = fileURLToPath(new URL('../../apps/server', import.meta.url));
const BOUND_COOKIE = '__Host-gh_bound';
const SESSION_COOKIE = '__Host-gh_session';
/** Playwright's own feature list: replaced by ours (on a command line the last one wins). */
const PLAYWRIGHT_FEATURES = 'CDPScreenshotNewSurface,SkipListAccountsWithoutGaiaCookies';
/** Debian's Chromium, as in playwright.config.ts. */
const executablePath =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const DBSC_FEATURES =
  'DeviceBoundSessions,EnableBoundSessionCredentialsSoftwareKeysForManualTesting';

interface DbscEvent {
  sessionId?: string;
  succeeded: boolean;
  creationEventDetails?: { fetchResult: string };
  refreshEventDetails?: { refreshResult: string; fetchResult?: string };
  terminationEventDetails?: { deletionReason: string };
  challengeEventDetails?: { challengeResult: string };
}

let dir: string;
let certPem: Buffer;
let server: ChildProcess | undefined;
let browser: Browser;

function makeCertificate(): { cert: string; key: string; spki: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  certPem = readFileSync(cert);
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return { cert, key, spki: createHash('sha256').update(der).digest('base64') };
}

/** /readyz over TLS, trusting only the throwaway certificate. */
function ready(): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpsRequest(`${ORIGIN}/readyz`, { ca: certPem, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(path.join(tmpdir(), 'gh-dbsc-'));
  const tls = makeCertificate();
  server = spawn('node', ['--enable-source-maps', 'dist/main.js'], {
    cwd: SERVER_DIR,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      PORT: String(TLS_PORT),
      APP_URL: ORIGIN,
      TLS_CERT_FILE: tls.cert,
      TLS_KEY_FILE: tls.key,
      DATABASE_URL: '',
      PGLITE_DIR: 'memory://',
      SEED_DEMO: '0',
      LOG_LEVEL: 'warn',
      APP_SECRET: 'e2e-dbsc-secret-that-is-long-enough-0123456789',
    },
  });
  await expect.poll(ready, { timeout: 90_000, intervals: [500] }).toBe(true);
  browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    ignoreDefaultArgs: [`--enable-features=${PLAYWRIGHT_FEATURES}`],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--ignore-certificate-errors-spki-list=${tls.spki}`,
      `--enable-features=${PLAYWRIGHT_FEATURES},${DBSC_FEATURES}`,
    ],
  });
});

test.afterAll(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The DevTools DBSC events of a page's context, as they come. */
async function watchDbsc(
  context: BrowserContext,
): Promise<{ events: DbscEvent[]; cdp: CDPSession }> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  const events: DbscEvent[] = [];
  // Events newer than Playwright's protocol types: subscribed to by name.
  const on = cdp.on.bind(cdp) as unknown as (
    event: string,
    listener: (e: DbscEvent) => void,
  ) => void;
  on('Network.deviceBoundSessionEventOccurred', (event) => events.push(event));
  await cdp.send('Network.enable');
  await (cdp.send as unknown as (method: string, params: object) => Promise<unknown>)(
    'Network.enableDeviceBoundSessions',
    { enable: true },
  );
  return { events, cdp };
}

test('a device-bound session registers, renews its cookie, refuses a copied cookie and ends on revoke', async () => {
  test.setTimeout(120_000);
  const context = await browser.newContext({
    extraHTTPHeaders: { 'x-forwarded-for': visitorAddress() },
  });
  const page = await context.newPage();
  const { events } = await watchDbsc(context);
  const email = uniqueEmail('bound');

  await test.step('sign-in answer → the session registers', async () => {
    // Sign-up offers no binding (its answer for a taken email must look the same): sign in.
    const api = await request.newContext({
      baseURL: ORIGIN,
      ignoreHTTPSErrors: true,
      extraHTTPHeaders: { Origin: ORIGIN, 'x-forwarded-for': visitorAddress() },
    });
    const signUp = await api.post('/api/auth/signup', {
      data: { orgName: 'Bound Org', name: 'Olive Owner', email, password: PASSWORD },
    });
    expect(signUp.status()).toBe(201);
    await api.dispose();
    await page.goto(`${ORIGIN}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Documents' })).toBeVisible();
  });
  const created = await expect
    .poll(() => events.some((e) => e.creationEventDetails), { timeout: 10_000 })
    .toBe(true)
    .then(() => true)
    .catch(() => false);
  test.skip(
    !created,
    'needs a DBSC-capable Chromium: this one sent no Network.deviceBoundSessionEventOccurred creation event after the registration header',
  );
  const creation = events.find((e) => e.creationEventDetails);
  expect(creation?.succeeded).toBe(true);
  expect(creation?.creationEventDetails?.fetchResult).toBe('Success');
  const sessionId = creation?.sessionId ?? '';
  expect((await context.cookies()).map((c) => c.name)).toContain(BOUND_COOKIE);

  await test.step('the session list says "Device-bound"', async () => {
    await page.goto(`${ORIGIN}/settings/security`);
    await expect(page.getByText('Device-bound').first()).toBeVisible();
  });

  await test.step('bound cookie removed → Chrome refreshes and the page keeps working', async () => {
    await context.clearCookies({ name: BOUND_COOKIE });
    await page.goto(`${ORIGIN}/`);
    await expect(page.getByRole('heading', { name: 'Documents' })).toBeVisible();
    await expect
      .poll(() => events.some((e) => e.refreshEventDetails?.refreshResult === 'Refreshed'))
      .toBe(true);
    expect((await context.cookies()).map((c) => c.name)).toContain(BOUND_COOKIE);
  });

  await test.step('the session cookie alone, copied into another context, is refused', async () => {
    const session = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
    expect(session).toBeDefined();
    const thief = await browser.newContext({ ignoreHTTPSErrors: true });
    if (session) await thief.addCookies([session]);
    // The server lets through, for a few seconds after binding, requests sent before the
    // bound cookie arrived: the copy is refused once that is over.
    await expect
      .poll(
        async () => {
          const res = await thief.request.get(`${ORIGIN}/api/auth/me`);
          return `${res.status()} ${((await res.json()) as { reason?: string }).reason}`;
        },
        { timeout: 15_000 },
      )
      .toBe('401 device_proof_required');
    const stolen = await thief.newPage();
    await stolen.goto(`${ORIGIN}/`);
    await expect(stolen.getByText('This browser could not prove it is the device')).toBeVisible();
    await thief.close();
  });

  await test.step('revoked elsewhere → the next refresh ends it', async () => {
    const api = await request.newContext({
      baseURL: ORIGIN,
      ignoreHTTPSErrors: true,
      extraHTTPHeaders: { Origin: ORIGIN, 'x-forwarded-for': visitorAddress() },
    });
    const login = await api.post('/api/auth/login', { data: { email, password: PASSWORD } });
    expect(login.status()).toBe(200);
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
    const headers = { 'X-CSRF-Token': csrf };
    const verified = await api.post('/api/security/stepup/verify', {
      headers,
      data: { purpose: 'REVOKE_SESSION', password: PASSWORD },
    });
    expect(verified.status()).toBe(200);
    const revoked = await api.post(`/api/security/sessions/${sessionId}/revoke`, { headers });
    expect(revoked.status()).toBe(200);
    await api.dispose();
    const before = events.length;
    await context.clearCookies({ name: BOUND_COOKIE });
    await page.goto(`${ORIGIN}/`);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect
      .poll(() =>
        events
          .slice(before)
          .some(
            (e) =>
              e.terminationEventDetails !== undefined ||
              e.refreshEventDetails?.refreshResult === 'ServerRequestedTermination' ||
              e.refreshEventDetails?.fetchResult === 'ServerRequestedTermination',
          ),
      )
      .toBe(true);
  });
  await context.close();
});
