/**
 * The IP-rule hot path (DESIGN §12): `GET /api/auth/me` for a member of an org with 1,000 rules
 * against a member of an org with none, in alternating rounds on the same server process.
 */
import { hashPassword } from '../src/core/passwords.js';
import type { DatabaseHandle } from '../src/db/client.js';
import { ipRules, orgSecuritySettings, orgs, users } from '../src/db/schema/index.js';
import { fmt, ROUNDS, type Row } from './http-rows.js';
import { BENCH_PASSWORD, benchEmail, summarise } from './support.js';
import { CONNECTIONS, DURATION_S, measure, signIn, startTarget } from './throughput.js';

const RULES = 1_000;
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** An org whose member signs in as `rules`, with 1,000 deny rules none of which match loopback. */
async function seedRulesOrg(handle: DatabaseHandle): Promise<void> {
  const now = new Date();
  const [org] = await handle.db
    .insert(orgs)
    .values({ name: 'Bench rules', slug: 'bench-rules', createdAt: now })
    .returning();
  if (!org) throw new Error('no org');
  await handle.db.insert(orgSecuritySettings).values({ orgId: org.id, maxSessionsPerUser: 100 });
  await handle.db.insert(users).values({
    orgId: org.id,
    email: benchEmail('rules'),
    name: 'rules',
    role: 'member',
    passwordHash: await hashPassword(BENCH_PASSWORD),
    createdAt: now,
  });
  // Half IPv4 /24s in 100.64.0.0/10, half IPv6 /48s in 2001:db8::/32: a realistic mixed list.
  await handle.db.insert(ipRules).values(
    Array.from({ length: RULES }, (_, i) => ({
      orgId: org.id,
      action: 'deny' as const,
      cidr:
        i % 2 === 0
          ? `100.${64 + (i >> 9)}.${(i >> 1) & 255}.0/24`
          : `2001:db8:${i.toString(16)}::/48`,
      note: `bench ${i}`,
      createdAt: now,
    })),
  );
}

export async function ipRulesRow(url: string, handle: DatabaseHandle): Promise<Row> {
  await seedRulesOrg(handle);
  log(`IP rules: ${ROUNDS} alternating rounds of ${DURATION_S} s, ${CONNECTIONS} connections…`);
  const gatehouse = await startTarget('gatehouse', url);
  try {
    const none = await signIn(gatehouse.port, 'gatehouse');
    const ruled = await signIn(gatehouse.port, 'rules');
    const loads = [
      ['none', { path: '/api/auth/me', headers: { cookie: none.cookie } }],
      ['rules', { path: '/api/auth/me', headers: { cookie: ruled.cookie } }],
    ] as const;
    const rps = { none: [] as number[], rules: [] as number[] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let i = 0; i < loads.length; i += 1) {
        const entry = loads[(i + round) % loads.length];
        if (entry) rps[entry[0]].push((await measure(gatehouse.port, entry[1])).rps);
      }
      log(
        `  round ${round + 1}: none ${fmt(rps.none[round] ?? 0, 0)}, 1,000 rules ${fmt(rps.rules[round] ?? 0, 0)}`,
      );
    }
    const ratio = summarise(rps.rules.map((value, i) => value / (rps.none[i] ?? Number.NaN)));
    const median = (xs: number[]) => fmt(summarise(xs).median, 0);
    return {
      what: `GET /api/auth/me with ${RULES.toLocaleString('en-GB')} IP rules in the org vs none (${median(rps.rules)} vs ${median(rps.none)} req/s)`,
      measured: `${fmt(ratio.median, 2)}× (${fmt(ratio.min, 2)}–${fmt(ratio.max, 2)})`,
      goal: '≥ 0.95×',
      met: ratio.median >= 0.95,
    };
  } finally {
    await gatehouse.stop();
  }
}
