// The layer and feature boundaries of STYLE.md "Layout" and decision 019, checked by `pnpm lint` (and so by CI)
// through `pnpm lint:boundaries`.
// Paths are relative to the repository root. `$1` in a `to` pattern is the folder captured by the
// `from` pattern, so "another feature" means a feature folder other than the importer's own.

const SERVER_FEATURES = '^apps/server/src/features/';
const WEB_FEATURES = '^apps/web/src/features/';
/** What server features stand on (decision 019); none of it imports a feature. */
const SERVER_LAYERS = ['identity', 'audit', 'alerts', 'mail', 'network', 'http', 'core', 'db'];
/** Layers with one public face (index.ts) that the rest of the server imports. */
const FACED_LAYERS = ['identity', 'audit', 'alerts', 'mail', 'network'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'server-feature-isolation',
      severity: 'error',
      comment:
        'A server feature imports nothing from another feature, not even its index.ts (decision ' +
        '019): what two features share moves down to identity/, audit/, alerts/, mail/, ' +
        'network/, http/, core/ or db/. Only app.ts wires features together.',
      from: { path: `${SERVER_FEATURES}([^/]+)/` },
      to: { path: SERVER_FEATURES, pathNot: `${SERVER_FEATURES}$1/` },
    },
    {
      name: 'server-layers-below-features',
      severity: 'error',
      comment: `The layers features stand on never import a feature: ${SERVER_LAYERS.join('/, ')}/.`,
      from: { path: `^apps/server/src/(${SERVER_LAYERS.join('|')})/` },
      to: { path: SERVER_FEATURES },
    },
    ...FACED_LAYERS.map((layer) => ({
      name: `server-${layer}-face`,
      severity: 'error',
      comment:
        `Outside ${layer}/, code uses it through its one face, ${layer}/index.ts (and app.ts ` +
        'mounts its routes.ts / reactions.ts): its files are its own business.',
      from: { path: '^apps/server/src/', pathNot: `^apps/server/src/${layer}/` },
      to: {
        path: `^apps/server/src/${layer}/`,
        pathNot: `^apps/server/src/${layer}/(index|routes|reactions)\\.ts$`,
      },
    })),
    {
      name: 'server-identity-below-alerts',
      severity: 'error',
      comment:
        'identity/ is the floor alerts, mail and the features stand on: it imports none of them.',
      from: { path: '^apps/server/src/identity/' },
      to: { path: '^apps/server/src/(alerts|mail)/' },
    },
    {
      name: 'server-core-primitives',
      severity: 'error',
      comment: 'core/ is primitives without business rules: it imports no layer above db/.',
      from: { path: '^apps/server/src/core/' },
      to: {
        path: `^apps/server/src/(${SERVER_LAYERS.filter((l) => l !== 'core' && l !== 'db').join('|')})/`,
      },
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
