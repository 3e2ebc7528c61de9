// `node scripts/production-tree.mjs <dir>`: lays out, from a built checkout (`pnpm build`), what
// production runs, in the repository's layout (the server finds the SPA and the migrations
// relative to its own files):
//   <dir>/apps/server/dist          main.js and the compiled commands in dist/cli/
//   <dir>/apps/server/node_modules  the server's production dependencies only (no tsx, no vitest)
//   <dir>/apps/web/dist             the built SPA
//   <dir>/drizzle                   the SQL migrations applied at start
// The Dockerfile's build stage runs it, and CI runs the result (scripts/check-production-tree.mjs),
// so what CI checks is what the image holds.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));

/** The built outputs the tree is made of: a missing one means `pnpm build` did not run. */
const BUILT = ['apps/server/dist/main.js', 'apps/web/dist/index.html'];

export function assembleProductionTree(out) {
  const missing = BUILT.filter((file) => !existsSync(path.join(REPO, file)));
  if (missing.length > 0) {
    throw new Error(`${missing.join(' and ')} missing: run \`pnpm build\` first`);
  }
  // `deploy --prod` copies the server package (its `files`: dist/) with a node_modules of its
  // production dependencies only, resolved from the lockfile. --legacy: this workspace does not
  // inject workspace packages, and the server bundles @gatehouse/shared (a devDependency).
  const server = path.join(out, 'apps/server');
  const args = ['--filter', '@gatehouse/server', '--prod', 'deploy', '--legacy', server];
  const deploy = spawnSync('pnpm', args, { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  if (deploy.status !== 0) throw new Error(`pnpm deploy exited with ${deploy.status}`);
  cpSync(path.join(REPO, 'drizzle'), path.join(out, 'drizzle'), { recursive: true });
  mkdirSync(path.join(out, 'apps/web'), { recursive: true });
  cpSync(path.join(REPO, 'apps/web/dist'), path.join(out, 'apps/web/dist'), { recursive: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [out] = process.argv.slice(2);
  if (!out) {
    process.stderr.write('usage: node scripts/production-tree.mjs <output directory>\n');
    process.exit(2);
  }
  try {
    assembleProductionTree(path.resolve(out));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : err}\n`);
    process.exit(1);
  }
}
