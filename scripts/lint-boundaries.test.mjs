// Proves that `pnpm lint:boundaries` (.dependency-cruiser.cjs) fires: dependency-cruiser runs with
// the repository's config on a fixture tree (scripts/fixtures/boundaries/) that breaks each server
// rule once, and must report exactly those breaks. Run by `pnpm lint` (decision 019).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/boundaries/', import.meta.url));

function cruise(outputType) {
  return spawnSync(
    `${root}node_modules/.bin/depcruise`,
    ['apps/server/src', '--config', `${root}.dependency-cruiser.cjs`, '--output-type', outputType],
    { cwd: fixture, encoding: 'utf8' },
  );
}

// `err` is what `pnpm lint:boundaries` prints (its exit code fails CI); `json` names each break.
const { status } = cruise('err');
const report = JSON.parse(cruise('json').stdout);
const broken = report.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);

test('the boundaries check fails on the fixture', () => {
  assert.notEqual(status, 0);
});

test('a feature importing another feature, even its index.ts, is refused', () => {
  assert.ok(
    broken.includes(
      'server-feature-isolation: apps/server/src/features/alpha/index.ts -> apps/server/src/features/beta/index.ts',
    ),
    broken.join('\n'),
  );
});

test('a layer below the features importing one is refused', () => {
  assert.ok(
    broken.includes(
      'server-layers-below-features: apps/server/src/identity/index.ts -> apps/server/src/features/alpha/index.ts',
    ),
    broken.join('\n'),
  );
});

test("reaching past identity's face is refused; the face itself is not", () => {
  assert.ok(
    broken.includes(
      'server-identity-face: apps/server/src/features/alpha/index.ts -> apps/server/src/identity/sessions/kernel.ts',
    ),
    broken.join('\n'),
  );
  assert.ok(
    !broken.some(
      (b) =>
        b.endsWith('-> apps/server/src/identity/index.ts') && b.startsWith('server-identity-face'),
    ),
  );
});

test('core/ importing a layer above it is refused', () => {
  assert.ok(
    broken.includes(
      'server-core-primitives: apps/server/src/core/primitive.ts -> apps/server/src/identity/index.ts',
    ),
    broken.join('\n'),
  );
});
