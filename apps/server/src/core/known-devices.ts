import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { knownDevices } from '../db/schema/index.js';
import type { DeviceInfo } from './device.js';
import type { GeoPoint } from './geo.js';

/** Records (or refreshes) the browser a user signed in from, keyed by the hashed gh_device id. */
export async function rememberDevice(
  db: Executor,
  userId: string,
  client: { deviceIdHash: string; device: DeviceInfo; geo: GeoPoint | null },
  now: Date,
): Promise<void> {
  const lastCountry = client.geo?.country ?? null;
  await db
    .insert(knownDevices)
    .values({
      userId,
      deviceIdHash: client.deviceIdHash,
      label: client.device.label,
      firstSeenAt: now,
      lastSeenAt: now,
      lastCountry,
    })
    .onConflictDoUpdate({
      target: [knownDevices.userId, knownDevices.deviceIdHash],
      set: {
        label: client.device.label,
        lastSeenAt: now,
        lastCountry: sql`coalesce(${lastCountry}, ${knownDevices.lastCountry})`,
      },
    });
}
