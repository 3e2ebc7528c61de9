import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUDIT_ACTIONS, type AuditAction } from '@gatehouse/shared';
import { describe, expect, it } from 'vitest';

/**
 * Every action the shared taxonomy declares is written somewhere (issue 19): an action nobody
 * emits is a promise the audit log does not keep, and a filter on the audit page that never
 * matches. This reads the server's source (tests excluded) for each action in a place that
 * writes a row: a route's declared action, `emit` / `succeedAs` / `successRows` / `refusal`, or
 * a row built by hand (`action: '…'`). Reading a row (`eq(auditLogs.action, '…')`) does not count.
 */
const SRC = fileURLToPath(new URL('.', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const source = sourceFiles(SRC)
  .map((path) => readFileSync(path, 'utf8'))
  .join('\n');

const WRITES = [
  // defineRoute({ audit: 'X' }) or audit: { success: 'X', failure: 'Y' }
  String.raw`\b(?:audit|success|failure):\s*'NAME'`,
  // audit.emit('X', …), audit.succeedAs('X', …), audit.successRows('X'), refusal('X', …)
  String.raw`\b(?:emit|succeedAs|successRows|refusal)\(\s*'NAME'`,
  // DBSC's row builders: refused(deps, db, origin, found, 'X', …), row(origin, found, 'X', …)
  String.raw`\b(?:refused|row)\([^)]*'NAME'`,
  // a job's outcome (http/job.ts#runJob): { action: mailed ? 'X' : undefined }
  String.raw`\baction:\s*[\w.]+\s*\?\s*'NAME'`,
  // a row built by hand (seed, public share, chain migration, refusal windows)
  String.raw`\baction:\s*'NAME'`,
  // a constant the runner writes with
  String.raw`'NAME'\s+satisfies\s+AuditAction`,
];

function isWritten(action: string, text: string): boolean {
  return WRITES.some((pattern) => new RegExp(pattern.replaceAll('NAME', action)).test(text));
}

describe('declared audit actions', () => {
  it('are each written by the server', () => {
    const never = (Object.keys(AUDIT_ACTIONS) as AuditAction[]).filter(
      (action) => !isWritten(action, source),
    );
    expect(
      never,
      'declared in packages/shared but never written: emit them or remove them',
    ).toEqual([]);
  });

  it('does not count a read as a write', () => {
    expect(isWritten('SESSION_REVOKED', "eq(auditLogs.action, 'SESSION_REVOKED')")).toBe(false);
    expect(isWritten('SESSION_REVOKED', "audit.emit(\n  'SESSION_REVOKED', {})")).toBe(true);
    expect(isWritten('SOMETHING_NEW', source)).toBe(false);
  });
});
