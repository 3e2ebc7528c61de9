/**
 * `pnpm audit:verify <export.jsonl> --public-key <file>`: the auditor's tool. Verifies a JSONL
 * export of `GET /api/audit/export` offline, with nothing but the checkpoints' public key
 * (`GET /api/audit/public-key`); exit 0 with a summary when it holds, 1 with the first broken
 * seq when it does not, 2 when it cannot be read.
 */
import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { publicKeysOf, verifyExport } from '../audit/index.js';

const USAGE = 'usage: pnpm audit:verify <export.jsonl> --public-key <key.pem> [--public-key …]';

export async function runAuditVerify(
  args: readonly string[],
  out: (line: string) => void,
  cwd = process.cwd(),
): Promise<number> {
  let parsed: { values: { 'public-key'?: string[] }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options: { 'public-key': { type: 'string', multiple: true } },
      allowPositionals: true,
    });
  } catch {
    out(USAGE);
    return 2;
  }
  const keyFiles = (parsed.values['public-key'] ?? []).map((k) => path.resolve(cwd, k));
  const files = parsed.positionals.map((f) => path.resolve(cwd, f));
  const [file] = files;
  if (!file || files.length !== 1 || keyFiles.length === 0) {
    out(USAGE);
    return 2;
  }
  const keys = publicKeysOf(keyFiles.map((k) => readFileSync(k, 'utf8')).join('\n'));
  if (keys.size === 0) {
    out(`no PEM public key in ${keyFiles.join(', ')}`);
    return 2;
  }
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const report = await verifyExport(lines, keys);
  if (report.ok) {
    out(
      `OK: ${report.entries} entries of org ${report.orgId}, seq 1–${report.entries}, ` +
        `signed through seq ${report.signedThrough}`,
    );
    return 0;
  }
  out(`BROKEN at seq ${report.brokenAt}: ${report.reason}`);
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // pnpm runs the script in apps/server: paths are the caller's, from where `pnpm` was typed.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  runAuditVerify(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`), cwd)
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    });
}
