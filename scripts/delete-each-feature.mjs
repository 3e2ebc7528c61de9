// `pnpm check:features`: STYLE's test of a feature, for every server feature (decision 019).
// In a scratch copy of the server's sources, delete one feature folder, its import and entry in
// app.ts's FEATURES (and in cli/gatehouse.ts's COMMANDS, for a feature with an operator command),
// then typecheck the rest (apps/server/src); put it back; next feature.
// Prints a table feature → ok / FAIL (with the first errors). Exit 1 if any failed.
// The copy shares node_modules with the repository through symlinks; nothing here is modified.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const server = join(root, 'apps/server');
const scratch = mkdtempSync(join(tmpdir(), 'gatehouse-features-'));
const copy = join(scratch, 'apps/server');

function prepare() {
  cpSync(join(root, 'tsconfig.base.json'), join(scratch, 'tsconfig.base.json'));
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'));
  cpSync(join(server, 'src'), join(copy, 'src'), { recursive: true });
  symlinkSync(join(server, 'node_modules'), join(copy, 'node_modules'));
  // The sources only: a feature's own tests (apps/server/test) go with it.
  const tsconfig = JSON.parse(readFileSync(join(server, 'tsconfig.json'), 'utf8'));
  writeFileSync(
    join(copy, 'tsconfig.json'),
    JSON.stringify({ ...tsconfig, include: ['src'], exclude: ['src/**/*.test.ts'] }),
  );
}

/**
 * `text` without the import of the feature and each use of what it imported: a list entry
 * (`  authFeature,`) or a map entry (`['ip-rules:clear', ipRulesClear]`). Null if nothing is
 * imported from it here.
 */
function unwired(text, name) {
  const lines = text.split('\n');
  const importAt = lines.findIndex((l) => l.includes(`features/${name}/`) && /^import /.test(l));
  if (importAt < 0) return null;
  const ids = /^import \{ ([\w, ]+) \} from/.exec(lines[importAt])?.[1].split(', ') ?? [];
  let out = lines.filter((_, i) => i !== importAt).join('\n');
  for (const id of ids) {
    out = out
      .replace(new RegExp(`\\n  ${id},(?=\\n)`), '')
      .replace(new RegExp(`\\[[^\\[\\]]*, ${id}\\],? ?`), '');
  }
  return out;
}

/** Where features are wired: app.ts (FEATURES) always, cli/gatehouse.ts for a command. */
const WIRING = ['src/app.ts', 'src/cli/gatehouse.ts'];

function typecheck() {
  const tsc = join(root, 'node_modules/.bin/tsc');
  const run = spawnSync(tsc, ['-p', join(copy, 'tsconfig.json'), '--noEmit'], {
    cwd: copy,
    encoding: 'utf8',
  });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}

prepare();
const featuresDir = join(copy, 'src/features');
const wiring = new Map(WIRING.map((file) => [file, readFileSync(join(copy, file), 'utf8')]));
// `pnpm check:features ip-rules team` checks only those.
const only = process.argv.slice(2);
const names = readdirSync(featuresDir).filter(
  (n) => existsSync(join(featuresDir, n, 'index.ts')) && (only.length === 0 || only.includes(n)),
);
const rows = [];
const started = Date.now();
for (const name of names.sort()) {
  const edits = [...wiring].map(([file, text]) => [file, unwired(text, name)]);
  const app = edits.find(([file]) => file === 'src/app.ts')?.[1];
  if (!app || app.includes(`features/${name}/`)) {
    rows.push([name, 'FAIL', 'not one import and one FEATURES entry in app.ts']);
    continue;
  }
  const aside = join(scratch, `aside-${name}`);
  renameSync(join(featuresDir, name), aside);
  for (const [file, text] of edits) if (text !== null) writeFileSync(join(copy, file), text);
  const { ok, output } = typecheck();
  rows.push([name, ok ? 'ok' : 'FAIL', ok ? '' : output.split('\n').slice(0, 5).join('\n    ')]);
  renameSync(aside, join(featuresDir, name));
  for (const [file, text] of wiring) writeFileSync(join(copy, file), text);
}
rmSync(scratch, { recursive: true, force: true });

const width = Math.max(...rows.map(([n]) => n.length), 'feature'.length);
console.log(`${'feature'.padEnd(width)}  deleted, the rest typechecks`);
for (const [name, verdict, detail] of rows) {
  console.log(`${name.padEnd(width)}  ${verdict}${detail ? `\n    ${detail}` : ''}`);
}
const seconds = Math.round((Date.now() - started) / 1000);
const failed = rows.filter(([, verdict]) => verdict !== 'ok').length;
console.log(`\n${rows.length - failed}/${rows.length} features deletable (${seconds}s)`);
process.exit(failed > 0 ? 1 : 0);
