import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type request from 'supertest';
import type { Response } from 'supertest';
import { appendAuditRows } from '../../src/audit/chain.js';
import { runAuditVerify } from '../../src/cli/audit-verify.js';
import { auditChainOf } from '../../src/http/route-steps.js';
import type { TestApp } from './app.js';

/** Reads a streamed body as text whatever its content type. */
export function asText(req: request.Test): Promise<Response> {
  return req.buffer(true).parse((res, done) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
    });
    res.on('end', () => done(null, text));
  });
}

const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-audit-'));
let files = 0;
export function tempFile(name: string, content: string): string {
  files += 1;
  const file = path.join(dir, `${files}-${name}`);
  writeFileSync(file, content);
  return file;
}

/** Runs the offline CLI on an export and a key file: its exit code and what it printed. */
export async function cliVerify(exported: string, publicKeyPem: string) {
  const lines: string[] = [];
  const code = await runAuditVerify(
    [tempFile('export.jsonl', exported), '--public-key', tempFile('key.pem', publicKeyPem)],
    (line) => lines.push(line),
  );
  return { code, output: lines.join('\n') };
}

/** Appends `count` sign-in failures to an org's chain the way a request would, 500 a transaction. */
export async function appendVolume(t: TestApp, orgId: string, count: number): Promise<void> {
  for (let done = 0; done < count; done += 500) {
    const rows = Array.from({ length: Math.min(500, count - done) }, (_, i) => ({
      orgId,
      action: 'LOGIN_FAILURE' as const,
      outcome: 'FAIL' as const,
      actorUserId: null,
      realUserId: null,
      isImpersonating: false,
      targetType: null,
      targetId: null,
      ip: '198.51.100.7',
      userAgent: `bot ${done + i}`,
      country: null,
      city: null,
      failureReason: 'INVALID_CREDENTIALS',
      before: null,
      after: null,
      metadata: { email: `x${done + i}@example.test` },
    }));
    await t.deps.db.transaction((tx) =>
      appendAuditRows(tx, rows, t.clock.now(), auditChainOf(t.deps)),
    );
  }
}
