import type { StepUpPurpose } from '@gatehouse/shared';
import { BENCH_PASSWORD } from './support.js';
import { type Load, ORIGIN, type SignedIn } from './throughput.js';

export function writeHeaders(owner: SignedIn): Record<string, string> {
  return {
    cookie: owner.cookie,
    origin: ORIGIN,
    'x-csrf-token': owner.csrfToken,
    'content-type': 'application/json',
  };
}

/**
 * The owner signing out the org's sessions one by one, `POST /api/security/sessions/:id/revoke`:
 * target loaded within the org, step-up checked, the session revoked and its NOTIFY sent, the
 * audit row appended to the org's chain, all in one transaction. Each request takes the next id.
 */
export function sessionRevokes(owner: SignedIn, sessionIds: readonly string[]): Load {
  let next = 0;
  return {
    path: '/api/security/sessions/0/revoke',
    method: 'POST',
    headers: writeHeaders(owner),
    // Past the last id the same one again: a 404, which fails the measurement loudly.
    vary: () => {
      const id = sessionIds[Math.min(next, sessionIds.length - 1)];
      next += 1;
      return { path: `/api/security/sessions/${id}/revoke` };
    },
  };
}

/**
 * The owner's policy save, `PATCH /api/org/security`: step-up checked, the settings row locked
 * and changed, its audit row appended to the org's chain, all in one transaction. Every request
 * changes the value, so no write is a no-op.
 */
export function policySave(owner: SignedIn): Load {
  let n = 0;
  return {
    path: '/api/org/security',
    method: 'PATCH',
    headers: writeHeaders(owner),
    vary: () => {
      n += 1;
      return { body: JSON.stringify({ maxSessionsPerUser: 50 + (n % 50) }) };
    },
  };
}

/**
 * A step-up grant for the owner's session. Grants last minutes and the bench's clock is real, so
 * this runs right before each round rather than once at the start.
 */
export async function grantStepUp(
  port: number,
  owner: SignedIn,
  purpose: StepUpPurpose,
): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/api/security/stepup/verify`, {
    method: 'POST',
    headers: writeHeaders(owner),
    body: JSON.stringify({ purpose, password: BENCH_PASSWORD }),
  });
  if (!res.ok) throw new Error(`step-up failed: ${res.status} ${await res.text()}`);
}
