/**
 * `pnpm secrets:rotate`: after setting APP_SECRET to a new value and APP_SECRET_PREVIOUS to the
 * old one, re-seals every TOTP key under the new secret, so the previous one can be dropped.
 * Keys are also re-sealed lazily at their next use; this finishes the job at once.
 */
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { deriveKeys } from '../core/keys.js';
import { openDatabase } from '../db/client.js';
import { users } from '../db/schema/index.js';
import { usersWithSealedSecrets } from '../features/second-factor/index.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.appSecretPrevious) {
    throw new Error('Set APP_SECRET_PREVIOUS to the secret being rotated out');
  }
  const keys = deriveKeys(config.appSecret, config.appSecretPrevious);
  const handle = await openDatabase(config.database);
  let resealed = 0;
  try {
    for (const row of await usersWithSealedSecrets(handle.db)) {
      const reseal = (sealed: string | null): string | null => {
        if (!sealed) return sealed;
        const { plain, stale } = keys.totpSecrets.open(sealed, row.id);
        return stale ? keys.totpSecrets.seal(plain, row.id) : sealed;
      };
      const totpSecretEnc = reseal(row.totpSecretEnc);
      const totpPendingSecretEnc = reseal(row.totpPendingSecretEnc);
      if (totpSecretEnc === row.totpSecretEnc && totpPendingSecretEnc === row.totpPendingSecretEnc)
        continue;
      await handle.db
        .update(users)
        .set({ totpSecretEnc, totpPendingSecretEnc })
        .where(eq(users.id, row.id));
      resealed += 1;
    }
  } finally {
    await handle.close();
  }
  process.stdout.write(
    `Re-sealed the TOTP keys of ${resealed} user(s) under the new APP_SECRET.\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
