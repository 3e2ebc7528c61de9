import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outboxEmails } from '../src/db/schema/index.js';
import {
  CLAIM_LEASE_MS,
  createMailWorker,
  enqueueMail,
  GIVE_UP_AFTER_MS,
  type MailWorker,
  retryDelayMs,
} from '../src/mail/index.js';
import { claimDueMail, markSent } from '../src/mail/queries.js';
import { createTestApp, ORIGIN, type TestApp, testConfig } from './support/app.js';
import { SmtpSink } from './support/smtp.js';
import { randomAddress, signUp } from './support/users.js';

let t: TestApp;
let sink: SmtpSink;
const workers: MailWorker[] = [];

beforeAll(async () => {
  sink = await SmtpSink.reserve();
  t = await createTestApp({
    config: testConfig({ SMTP_URL: sink.url, MAIL_FROM: 'Gatehouse <security@gatehouse.test>' }),
  });
});
afterEach(async () => {
  await sink.stop();
  sink.received.length = 0;
  for (const worker of workers.splice(0)) await worker.stop();
});
afterAll(async () => {
  await t.close();
});

function worker(): MailWorker {
  const created = createMailWorker(
    { db: t.deps.db, clock: t.clock, logger: t.deps.logger },
    t.deps.config,
  );
  workers.push(created);
  return created;
}

async function enqueue(to: string, subject = 'Hello'): Promise<string> {
  await enqueueMail(
    t.deps.db,
    { kind: 'test', to, subject, text: `text of ${subject}`, html: `<p>${subject}</p>` },
    t.clock.now(),
  );
  const [row] = await t.deps.db
    .select()
    .from(outboxEmails)
    .where(eq(outboxEmails.subject, subject));
  if (!row) throw new Error('no row');
  return row.messageId;
}

async function rowOf(messageId: string) {
  const [row] = await t.deps.db
    .select()
    .from(outboxEmails)
    .where(eq(outboxEmails.messageId, messageId));
  if (!row) throw new Error('no row');
  return row;
}

/** Asks for a reset link through the API, as "Forgot password?" does. */
async function forgot(email: string) {
  await request(t.app)
    .post('/api/auth/password/forgot')
    .set('Origin', ORIGIN)
    .set('X-Forwarded-For', randomAddress())
    .send({ email })
    .expect(202);
  await t.deps.background.drain();
}

describe('mail worker over SMTP', () => {
  it('delivers a message with its stable Message-ID, sender, text and HTML parts', async () => {
    await sink.listen();
    const owner = await signUp(t);
    await forgot(owner.email);
    expect(await worker().runOnce()).toMatchObject({ sent: 1 });
    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    const [row] = await t.deps.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.to, owner.email));
    expect(mail?.header('message-id')).toBe(row?.messageId);
    expect(mail?.header('from')).toBe('Gatehouse <security@gatehouse.test>');
    expect(mail?.header('to')).toBe(owner.email);
    expect(mail?.header('subject')).toBe('Reset your Gatehouse password');
    expect(mail?.to).toEqual([owner.email]);
    expect(mail?.raw).toMatch(/Content-Type: text\/plain/);
    expect(mail?.raw).toMatch(/Content-Type: text\/html/);
    expect(mail?.decoded).toContain('http://gatehouse.test/reset-password?token=');
    expect(row).toMatchObject({ status: 'sent', attempts: 0, lastError: null, claimId: null });
    // Sent is sent: another run sends nothing more.
    expect(await worker().runOnce()).toMatchObject({ sent: 0 });
    expect(sink.received).toHaveLength(1);
  });

  it('escapes a hostile name in the HTML part and keeps it readable in the text part, quoted in both', async () => {
    await sink.listen();
    const hostile = '<img src=x onerror=alert(1)> "Mallory" & co';
    const res = await request(t.app)
      .post('/api/auth/signup')
      .set('Origin', ORIGIN)
      .set('X-Forwarded-For', randomAddress())
      .send({
        orgName: 'Evil',
        name: hostile,
        email: `evil-${Date.now()}@example.test`,
        password: 'correct-horse-battery-staple',
      })
      .expect(201);
    await forgot(res.body.user.email);
    await worker().runOnce();
    const decoded = sink.received[0]?.decoded ?? '';
    const html = decoded.slice(decoded.indexOf('Content-Type: text/html'));
    expect(html).toContain('“&lt;img src=x onerror=alert(1)&gt; &quot;Mallory&quot; &amp; co”');
    expect(html).not.toContain('<img');
    const text = decoded.slice(
      decoded.indexOf('Content-Type: text/plain'),
      decoded.indexOf('Content-Type: text/html'),
    );
    expect(text).toContain(`“${hostile}”`);
  });

  it('keeps a message through an outage and sends it once the server is back, without a restart', async () => {
    const id = await enqueue('outage@example.test', 'During the outage');
    const sender = worker();
    expect(await sender.runOnce()).toMatchObject({ sent: 0, retrying: 1 });
    const failed = await rowOf(id);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, claimId: null });
    expect(failed.lastError).toMatch(/ECONNREFUSED|ECONNECTION|connect/i);
    expect(failed.nextAttemptAt.getTime()).toBeGreaterThan(t.clock.now().getTime());
    // Not due yet: nothing is tried before the backoff ends.
    await sink.listen();
    expect(await sender.runOnce()).toMatchObject({ sent: 0, retrying: 0 });
    t.clock.advance(retryDelayMs(1, () => 1));
    expect(await sender.runOnce()).toMatchObject({ sent: 1 });
    expect(sink.received.map((m) => m.header('message-id'))).toEqual([id]);
    expect(await rowOf(id)).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
  });

  it('gives up after 24 hours of failures, with the last error kept', async () => {
    const id = await enqueue('never@example.test', 'Never delivered');
    const sender = worker();
    const start = t.clock.now().getTime();
    while (t.clock.now().getTime() - start <= GIVE_UP_AFTER_MS) {
      await sender.runOnce();
      t.clock.advance(60 * 60 * 1000);
    }
    await sender.runOnce();
    const row = await rowOf(id);
    expect(row.status).toBe('failed');
    expect(row.attempts).toBeGreaterThan(20);
    expect(row.lastError).toBeTruthy();
  });

  it('backs off exponentially with jitter, capped at an hour', () => {
    expect(retryDelayMs(1, () => 0)).toBe(15_000);
    expect(retryDelayMs(1, () => 1)).toBe(30_000);
    expect(retryDelayMs(3, () => 1)).toBe(120_000);
    expect(retryDelayMs(30, () => 1)).toBe(3_600_000);
  });

  it('sends each message exactly once when two workers race for the same rows', async () => {
    await sink.listen();
    const ids = await Promise.all(
      Array.from({ length: 25 }, (_, i) => enqueue(`race-${i}@example.test`, `Race ${i}`)),
    );
    const [a, b] = [worker(), worker()];
    const runs = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
    const sent = runs.reduce((n, run) => n + run.sent, 0);
    const received = sink.received.map((m) => m.header('message-id'));
    expect(new Set(received).size).toBe(received.length);
    expect(received.sort()).toEqual([...ids].sort());
    expect(sent).toBeLessThanOrEqual(25 * 2);
    for (const id of ids) expect((await rowOf(id)).status).toBe('sent');
  });

  it('lets another worker take over a claim whose worker died, once its lease ends', async () => {
    await sink.listen();
    const id = await enqueue('lease@example.test', 'Claimed then orphaned');
    const now = t.clock.now();
    const dead = 'a7d0c2a8-58f1-4b5e-9d55-000000000001';
    const [claimed] = await claimDueMail(t.deps.db, {
      claimId: dead,
      now,
      leaseEndsAt: new Date(now.getTime() + CLAIM_LEASE_MS),
      limit: 10,
    });
    expect(claimed?.messageId).toBe(id);
    const survivor = worker();
    expect(await survivor.runOnce()).toMatchObject({ sent: 0 });
    t.clock.advance(CLAIM_LEASE_MS);
    expect(await survivor.runOnce()).toMatchObject({ sent: 1 });
    expect(sink.received.map((m) => m.header('message-id'))).toEqual([id]);
    // The dead worker's claim no longer holds: it cannot mark (or fail) the row.
    expect(await markSent(t.deps.db, { id: claimed?.id ?? '', claimId: dead }, t.clock.now())).toBe(
      false,
    );
  });
});

describe('dev mailbox (no SMTP_URL)', () => {
  it('stores mail, logs one line with the subject and never the body, and lists it', async () => {
    const dev = await createTestApp({ handle: t.handle });
    try {
      const owner = await signUp(dev);
      await request(dev.app)
        .post('/api/auth/password/forgot')
        .set('Origin', ORIGIN)
        .send({ email: owner.email })
        .expect(202);
      await dev.deps.background.drain();
      const sender = createMailWorker(
        { db: dev.deps.db, clock: dev.clock, logger: dev.deps.logger },
        dev.deps.config,
      );
      await sender.runOnce();
      await sender.stop();
      const res = await request(dev.app).get('/api/dev/mail').expect(200);
      const mine = res.body.messages.find((m: { to: string }) => m.to === owner.email);
      expect(mine).toMatchObject({
        subject: 'Reset your Gatehouse password',
        status: 'sent',
        kind: 'password_reset',
      });
      const token = /token=([\w-]+)/.exec(mine.text)?.[1] ?? '';
      expect(token).toHaveLength(43);
      const lines = dev
        .logs()
        .split('\n')
        .filter((line) => line.includes('Reset your Gatehouse password'));
      expect(lines).toHaveLength(1);
      expect(dev.logs()).not.toContain(token);
    } finally {
      await dev.close();
    }
  });

  it('is not there in production', async () => {
    const prod = await createTestApp({
      handle: t.handle,
      config: testConfig({ NODE_ENV: 'production' }),
    });
    try {
      const res = await request(prod.app).get('/api/dev/mail');
      expect(res.status).toBe(404);
      expect(res.body.error).toBe('NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain('token=');
    } finally {
      await prod.close();
    }
  });
});
