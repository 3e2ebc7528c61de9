import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from './support/api-tokens.js';
import { createTestApp, type TestApp } from './support/app.js';
import { appendVolume } from './support/audit.js';
import { signUp } from './support/users.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('a streamed export', () => {
  it('stops reading the log when the client goes away', async () => {
    const owner = await signUp(t);
    await appendVolume(t, owner.body.org.id, 6_000);
    const { secret } = await createToken(owner, ['audit:read']);
    const server = t.app.listen(0);
    const { port } = server.address() as AddressInfo;
    try {
      const firstChunk = await new Promise<number>((resolve, reject) => {
        const req = http.get(
          {
            port,
            path: '/api/audit/export?format=jsonl',
            headers: { authorization: `Bearer ${secret}` },
          },
          (res) => {
            res.once('data', (chunk: Buffer) => {
              req.destroy();
              resolve(chunk.length);
            });
          },
        );
        req.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code !== 'ECONNRESET') reject(err);
        });
      });
      expect(firstChunk).toBeGreaterThan(0);
      await t.deps.background.drain();
      expect(t.logs()).toContain('audit export stopped: the client went away');
    } finally {
      server.close();
    }
  });
});
