/**
 * `pnpm secrets:rotate`: after setting APP_SECRET to a new value and APP_SECRET_PREVIOUS to the
 * old one, re-seals every TOTP key under the new secret, so the previous one can be dropped.
 * Keys are also re-sealed lazily at their next use; this finishes the job at once.
 */
import { loadConfig } from '../config.js';
import { deriveKeys } from '../core/keys.js';
import { openDatabase } from '../db/client.js';
import { resealTotpSecrets } from '../identity/index.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.appSecretPrevious) {
    throw new Error('Set APP_SECRET_PREVIOUS to the secret being rotated out');
  }
  const handle = await openDatabase(config.database);
  try {
    const keys = deriveKeys(config.appSecret, config.appSecretPrevious);
    const resealed = await handle.db.transaction((tx) => resealTotpSecrets(tx, keys));
    process.stdout.write(
      `Re-sealed the TOTP keys of ${resealed} user(s) under the new APP_SECRET.\n`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
