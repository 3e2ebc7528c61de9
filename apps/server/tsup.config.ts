import { defineConfig } from 'tsup';

/**
 * The operator's and auditor's commands, compiled to `dist/cli/<name>.js` beside `dist/main.js`:
 * production (the Docker image) runs them with `node`, never through tsx. The output names are
 * what operators type (README, Dockerfile, scripts/check-production-tree.mjs); the sources may
 * move. A new command is one line here and one check in that script.
 */
const CLI_ENTRIES = {
  'cli/audit-verify': 'src/cli/audit-verify.ts',
  'cli/audit-migrate': 'src/cli/audit-migrate.ts',
  'cli/rotate-secrets': 'src/cli/rotate-secrets.ts',
  'cli/gatehouse': 'src/cli/gatehouse.ts',
};

/**
 * Production runs plain JavaScript: `node dist/main.js`, no TypeScript loader at runtime.
 * @gatehouse/shared is TypeScript source, so it is compiled into the bundle (with what it alone
 * imports); every package in `dependencies` stays an external import resolved from node_modules,
 * so native argon2 and the one zod instance are the installed ones.
 *
 * Paths built from `import.meta.url` must hold from src/ and from dist/ alike: app.ts's
 * `../../web/dist` does (src/app.ts and dist/*.js are equally deep, and only main.js serves the
 * SPA), and db/client.ts looks for drizzle/ by walking up, so it finds it from dist/cli/ too.
 * The Docker image keeps the repository's layout for the same reason.
 */
export default defineConfig({
  entry: { main: 'src/main.ts', ...CLI_ENTRIES },
  format: 'esm',
  platform: 'node',
  // The oldest Node in package.json's engines: the bundle must not need a newer one.
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  // Keep `node:fs` rather than `fs` in the output: unambiguous, and what the source says.
  removeNodeProtocol: false,
  noExternal: [/^@gatehouse\/shared(\/|$)/],
});
