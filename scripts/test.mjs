// `pnpm test`: unit and integration tests on embedded PGlite, the integration suite again on
// Postgres when DATABASE_URL is set, then the browser tests against the built app (`test:e2e`
// builds the server bundle and the SPA first; turbo's cache makes that free after `pnpm build`).
import { spawnSync } from 'node:child_process';

function run(label, args) {
  console.log(`\n── ${label} ──`);
  const result = spawnSync('pnpm', args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`\n✗ ${label} failed`);
    process.exit(result.status ?? 1);
  }
}

run('unit + integration tests (PGlite)', ['run', 'test:unit']);
if (process.env.DATABASE_URL) {
  run('integration tests (Postgres at DATABASE_URL)', ['run', 'test:pg']);
} else {
  console.log('\n(DATABASE_URL not set: skipping the Postgres run of the integration suite)');
}
run('build the app, then browser tests (Playwright, Chromium)', ['run', 'test:e2e']);
