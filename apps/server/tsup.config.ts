import { defineConfig } from 'tsup';

/**
 * Production runs plain JavaScript: `node dist/main.js`, no TypeScript loader at runtime.
 * @gatehouse/shared is TypeScript source, so it is compiled into the bundle (with what it alone
 * imports); every package in `dependencies` stays an external import resolved from node_modules,
 * so native argon2 and the one zod instance are the installed ones.
 *
 * Paths built from `import.meta.url` must hold from src/ and from dist/ alike: app.ts's
 * `../../web/dist` does (src/app.ts and dist/*.js are equally deep), and db/client.ts looks for
 * drizzle/ by walking up. The Docker image keeps the repository's layout for the same reason.
 */
export default defineConfig({
  entry: { main: 'src/main.ts', 'rotate-secrets': 'src/cli/rotate-secrets.ts' },
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  // Keep `node:fs` rather than `fs` in the output: unambiguous, and what the source says.
  removeNodeProtocol: false,
  noExternal: [/^@gatehouse\/shared(\/|$)/],
});
