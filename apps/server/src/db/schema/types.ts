import { customType } from 'drizzle-orm/pg-core';

/** bytea as a Node Buffer on both drivers (PGlite yields Uint8Array, node-postgres Buffer). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
  toDriver: (value) => value,
});
