/**
 * Bearer-token validation against cookie validation: the same admin read (GET /api/admin/users,
 * one row) by the owner's session cookie and by an API token, in alternating rounds.
 */
import { z } from 'zod';
import { fmt, ROUNDS, type Row } from './http-rows.js';
import { summarise } from './support.js';
import { CONNECTIONS, DURATION_S, measure, signIn, startTarget } from './throughput.js';
import { grantStepUp, writeHeaders } from './writes.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const PATH = '/api/admin/users?limit=1';

export async function bearerTokenRow(url: string): Promise<Row> {
  log(
    `bearer vs cookie: ${ROUNDS} alternating rounds of ${DURATION_S} s, ${CONNECTIONS} connections…`,
  );
  const gatehouse = await startTarget('gatehouse', url);
  try {
    const owner = await signIn(gatehouse.port, 'owner');
    await grantStepUp(gatehouse.port, owner, 'API_TOKEN_CHANGE');
    const res = await fetch(`http://127.0.0.1:${gatehouse.port}/api/admin/api-tokens`, {
      method: 'POST',
      headers: writeHeaders(owner),
      body: JSON.stringify({ name: 'bench', scopes: ['users:read'], expiresInDays: 1 }),
    });
    if (res.status !== 201)
      throw new Error(`token create failed: ${res.status} ${await res.text()}`);
    const { secret } = z.object({ secret: z.string() }).parse(await res.json());
    const cookie: number[] = [];
    const bearer: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const loads = [
        () => measure(gatehouse.port, { path: PATH, headers: { cookie: owner.cookie } }),
        () =>
          measure(gatehouse.port, { path: PATH, headers: { authorization: `Bearer ${secret}` } }),
      ];
      const [first, second] = round % 2 === 0 ? loads : [...loads].reverse();
      const a = await first?.();
      const b = await second?.();
      const [c, t] = round % 2 === 0 ? [a, b] : [b, a];
      cookie.push(c?.rps ?? Number.NaN);
      bearer.push(t?.rps ?? Number.NaN);
      log(`  round ${round + 1}: cookie ${fmt(c?.rps ?? 0, 0)}, bearer ${fmt(t?.rps ?? 0, 0)}`);
    }
    const r = summarise(bearer.map((value, i) => value / (cookie[i] ?? Number.NaN)));
    const median = (values: number[]) => fmt(summarise(values).median, 0);
    return {
      what: `GET ${PATH} with a bearer API token vs the owner's session cookie (${median(bearer)} vs ${median(cookie)} req/s; the token's rate-limit counter is counted in memory and flushed each second)`,
      measured: `${fmt(r.median, 2)}× (${fmt(r.min, 2)}–${fmt(r.max, 2)})`,
      goal: 'reported (no goal in DESIGN §12)',
      met: true,
    };
  } finally {
    await gatehouse.stop();
  }
}
