import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRoutes } from '../src/app.js';
import { createTestApp, ORIGIN, type TestApp } from './support/app.js';
import { signIn, signUp } from './support/users.js';

let t: TestApp;
let ownerEmail: string;
beforeAll(async () => {
  t = await createTestApp();
  ownerEmail = (await signUp(t)).email;
});
afterAll(async () => {
  await t.close();
});

const UUID = '00000000-0000-4000-8000-000000000000';
const BODIES: [string, string][] = [
  ['invalid JSON', '{"email": '],
  ['a JSON array', '[1,2,3]'],
  ['JSON null', 'null'],
  ['a JSON string', '"hello"'],
  ['a JSON number', '42'],
  [
    'wrong types',
    JSON.stringify({ email: 5, password: true, name: [], role: {}, purpose: 1, orgName: null }),
  ],
  [
    'huge strings',
    JSON.stringify({
      email: `${'a'.repeat(5000)}@x.test`,
      password: 'p'.repeat(10_000),
      name: 'n'.repeat(5000),
    }),
  ],
  ['deep nesting', `${'{"a":'.repeat(500)}1${'}'.repeat(500)}`],
  ['prototype keys', '{"__proto__": {"role": "owner"}, "constructor": {"prototype": {}}}'],
];

describe('malformed input on every API route', () => {
  // Sign-out last: it ends the session the other routes are probed with.
  const routes = () =>
    apiRoutes(t.deps)
      .map((r) => r.def)
      .sort((a, b) => Number(a.path === '/auth/logout') - Number(b.path === '/auth/logout'));

  it('covers every route the app mounts (every operation in the OpenAPI document)', async () => {
    const doc = await request(t.app).get('/api/openapi.json');
    const operations = Object.entries(doc.body.paths as Record<string, object>).flatMap(
      ([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`),
    );
    const probed = routes().map((d) => `${d.method} /api${d.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(probed.sort()).toEqual(operations.sort());
  });

  for (const [name, body] of BODIES) {
    it(`answers ${name} with a 4xx JSON error, never a 5xx`, async () => {
      const owner = await signIn(t, ownerEmail);
      for (const def of routes()) {
        const path = `/api${def.path.replace(':id', UUID)}`;
        const req = owner.agent[def.method](path)
          .set('Origin', ORIGIN)
          .set('X-CSRF-Token', owner.csrf)
          .set('Content-Type', 'application/json');
        const res = def.method === 'get' ? await req : await req.send(body);
        const what = `${def.method.toUpperCase()} ${path} with ${name}`;
        expect(res.status, what).toBeLessThan(500);
        // Still signed in: the route looked at the input rather than refusing the caller.
        expect(res.status, what).not.toBe(401);
        if (res.status >= 400)
          expect(res.body).toEqual(
            expect.objectContaining({ error: expect.any(String), message: expect.any(String) }),
          );
      }
    });
  }

  it('answers invalid JSON with 400 INVALID_JSON', async () => {
    const res = await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .set('Content-Type', 'application/json')
      .send('{"email":');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('INVALID_JSON');
  });

  it('answers a body over 100 kB with 413', async () => {
    const res = await request(t.app)
      .post('/api/auth/login')
      .set('Origin', ORIGIN)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(120_000) }));
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown /api route with a JSON 404', async () => {
    const owner = await signIn(t, ownerEmail);
    const res = await owner.agent.get('/api/no/such/thing');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('NOT_FOUND');
  });

  it('answers malformed ids and query strings with a 4xx', async () => {
    const owner = await signIn(t, ownerEmail);
    for (const path of [
      '/api/security/sessions?userId=not-a-uuid',
      '/api/security/sessions?userId=a&userId=b',
    ]) {
      const res = await owner.agent.get(path);
      expect(res.status).toBe(422);
    }
    const res = await owner.agent
      .post("/api/security/sessions/'%20or%201=1/revoke")
      .set('Origin', ORIGIN)
      .set('X-CSRF-Token', owner.csrf);
    expect(res.status).toBeLessThan(500);
  });
});

/** The top-level field names a request schema takes (objects, through pipes and wrappers). */
function fieldsOf(schema: unknown): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodPipe) return fieldsOf(schema.in);
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault)
    return fieldsOf(schema.unwrap());
  return [];
}

/** Each hostile text as a JSON string, and as a URL can carry it (a surrogate as its CESU-8 bytes). */
const HOSTILE: [string, string, string][] = [
  ['NUL', 'a\u0000b', 'a%00b'],
  ['a lone high surrogate', 'x\uD800', 'x%ED%A0%80'],
  ['a lone low surrogate', '\uDC00y', '%ED%B0%80y'],
  ['bidi controls', '\u202Eexe.txt\u2066', encodeURIComponent('\u202Eexe.txt\u2066')],
];

describe('hostile text in every field, query and path parameter of every route', () => {
  const routes = () =>
    apiRoutes(t.deps)
      .map((r) => r.def)
      .sort((a, b) => Number(a.path === '/auth/logout') - Number(b.path === '/auth/logout'));

  for (const [name, text, inUrl] of HOSTILE) {
    it(`answers ${name} with a 4xx (or a success that stored it safely), never a 5xx`, async () => {
      const owner = await signIn(t, ownerEmail);
      let probes = 0;
      for (const def of routes()) {
        const query = fieldsOf(def.query)
          .map((key) => `${key}=${inUrl}`)
          .join('&');
        const path = `/api${def.path.replace(/:(\w+)/g, () => inUrl)}${query ? `?${query}` : ''}`;
        const body = Object.fromEntries(
          fieldsOf(def.openApiBody ?? def.body).map((key) => [key, text]),
        );
        const req = owner.agent[def.method](path)
          .set('Origin', ORIGIN)
          .set('X-CSRF-Token', owner.csrf);
        const res = def.method === 'get' ? await req : await req.send(body);
        const what = `${def.method.toUpperCase()} ${def.path} with ${name}`;
        expect(res.status, what).toBeLessThan(500);
        expect(res.status, what).not.toBe(401);
        if (res.status >= 400)
          expect(res.body, what).toEqual(
            expect.objectContaining({ error: expect.any(String), message: expect.any(String) }),
          );
        probes += 1;
      }
      expect(probes).toBe(routes().length);
    });
  }

  it('names the field that holds NUL', async () => {
    const owner = await signIn(t, ownerEmail);
    const res = await owner.agent
      .post('/api/admin/users')
      .set('Origin', ORIGIN)
      .set('X-CSRF-Token', owner.csrf)
      .send({ email: 'x@example.test', name: 'Bad\u0000Name', role: 'member', password: 'p' });
    expect(res.status).toBe(422);
    expect(res.body.issues.map((i: { path: string }) => i.path)).toContain('name');
  });
});
