import type { Keys } from '../../core/keys.js';
import type { Executor } from '../../db/client.js';
import { updateTotp, usersWithSealedSecrets } from './queries.js';

/**
 * Re-seals every TOTP key (enrolled or pending) that only the previous APP_SECRET opens, under
 * the current one; returns how many users changed. What `pnpm secrets:rotate` runs.
 */
export async function resealTotpSecrets(db: Executor, keys: Keys): Promise<number> {
  let resealed = 0;
  for (const row of await usersWithSealedSecrets(db)) {
    const reseal = (sealed: string | null): string | null => {
      if (!sealed) return sealed;
      const { plain, stale } = keys.totpSecrets.open(sealed, row.id);
      return stale ? keys.totpSecrets.seal(plain, row.id) : sealed;
    };
    const totpSecretEnc = reseal(row.totpSecretEnc);
    const totpPendingSecretEnc = reseal(row.totpPendingSecretEnc);
    if (totpSecretEnc === row.totpSecretEnc && totpPendingSecretEnc === row.totpPendingSecretEnc)
      continue;
    await updateTotp(db, row.id, { totpSecretEnc, totpPendingSecretEnc });
    resealed += 1;
  }
  return resealed;
}
