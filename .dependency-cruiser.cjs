// The layer and feature boundaries of STYLE.md "Layout", checked by `pnpm lint` (and so by CI)
// through `pnpm lint:boundaries`.
// Paths are relative to the repository root. `$1` in a `to` pattern is the folder captured by the
// `from` pattern, so "another feature" means a feature folder other than the importer's own.

const SERVER_FEATURES = '^apps/server/src/features/';
const WEB_FEATURES = '^apps/web/src/features/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'server-feature-internals',
      severity: 'error',
      comment:
        "A server feature uses another feature only through that feature's index.ts; " +
        'when two features need the same internals, they move down a layer (core/, db/, http/).',
      from: { path: `${SERVER_FEATURES}([^/]+)/`, pathNot: '\\.test\\.ts$' },
      to: {
        path: SERVER_FEATURES,
        pathNot: [`${SERVER_FEATURES}$1/`, `${SERVER_FEATURES}[^/]+/index\\.ts$`],
      },
    },
    {
      name: 'server-layers-below-features',
      severity: 'error',
      comment:
        'core/, db/ and http/ are the layers features build on: they never import a feature.',
      from: { path: '^apps/server/src/(core|db|http)/' },
      to: { path: SERVER_FEATURES },
    },
    {
      name: 'server-core-without-http',
      severity: 'error',
      comment: 'core/ is rules and primitives without HTTP: it never imports from http/.',
      from: { path: '^apps/server/src/core/' },
      to: { path: '^apps/server/src/http/' },
    },
    {
      name: 'server-no-cycles',
      severity: 'error',
      comment: 'No circular imports on the server: a cycle is two modules that are really one.',
      from: { path: '^apps/server/src/' },
      to: { circular: true },
    },
    {
      name: 'web-feature-isolation',
      severity: 'error',
      comment:
        'A web feature imports nothing from another feature (bulletproof-react); what two ' +
        'features share lives in app/, api/, components/, lib/ or stores/.',
      from: { path: `${WEB_FEATURES}([^/]+)/` },
      to: { path: WEB_FEATURES, pathNot: `${WEB_FEATURES}$1/` },
    },
    {
      name: 'shared-without-apps',
      severity: 'error',
      comment: 'packages/shared is what both apps build on: it imports nothing from apps/.',
      from: { path: '^packages/shared/' },
      to: { path: '^apps/' },
    },
    {
      name: 'resolvable',
      severity: 'error',
      comment:
        'Every import resolves; otherwise the rules above would silently pass over it ' +
        '(and the build or the type checker would fail later anyway).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    // A type-only import couples two folders as much as a value import does. (The server's
    // `./x.js` specifiers for `./x.ts` files resolve as TypeScript resolves them, built in.)
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
