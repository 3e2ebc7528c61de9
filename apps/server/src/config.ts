import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { GEO_HEADERS, type GeoHeader } from './core/geo.js';

/** Published in the README: never acceptable on a server people can reach. */
export const DEFAULT_DEMO_PASSWORD = 'Gatehouse-demo-1';

const booleanFlag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** Unset: http://localhost:<PORT>, so `PORT=3900 pnpm start` prints and uses its own address. */
  APP_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /**
   * A direct connection used only for LISTEN (and migrations), when DATABASE_URL goes through a
   * transaction pooler such as PgBouncer, where LISTEN hears nothing (decision 020).
   */
  DATABASE_LISTEN_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  PGLITE_DIR: z.string().min(1).default('.data/pglite'),
  APP_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The secret being rotated out: what it signed or sealed still opens until re-sealed/expired. */
  APP_SECRET_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Gatehouse <security@localhost>'),
  /** How often each instance's mail worker looks for due outbox rows. */
  MAIL_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(2000),
  /** How long a worker's claim on due mail holds; a killed instance's mail is due again after it. */
  MAIL_CLAIM_LEASE_MS: z.coerce.number().int().min(1000).default(300_000),
  TRUST_PROXY: z.string().default('loopback'),
  /** Geo headers believed from a trusted proxy, comma-separated; unset: none (DESIGN §2). */
  TRUST_GEO_HEADERS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((name) => name.trim().toLowerCase())
        .filter((name) => name !== ''),
    )
    .pipe(z.array(z.enum(GEO_HEADERS, `must name geo headers among ${GEO_HEADERS.join(', ')}`)))
    .optional(),
  GEOIP_DB: z.string().optional(),
  SEED_DEMO: booleanFlag.optional(),
  DEMO_PASSWORD: z.string().min(12).default(DEFAULT_DEMO_PASSWORD),
  STORAGE_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 ** 30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().optional(),
  API_TOKEN_RATE_LIMIT: z.coerce.number().int().positive().default(600),
  AUDIT_CHECKPOINT_EVERY_ENTRIES: z.coerce.number().int().positive().default(1000),
  AUDIT_CHECKPOINT_EVERY_MINUTES: z.coerce.number().positive().default(10),
  /** Serve HTTPS directly (development, tests, DBSC); both or neither. */
  TLS_CERT_FILE: z.string().optional(),
  TLS_KEY_FILE: z.string().optional(),
  /** Lifetime of the device-bound cookie `__Host-gh_bound` (decision 025). */
  DBSC_COOKIE_SECONDS: z.coerce.number().int().min(30).max(86_400).default(600),
});

export interface AppConfig {
  production: boolean;
  port: number;
  appUrl: URL;
  /** `listenUrl`: a direct connection for LISTEN and migrations when `url` is a pooler's. */
  database:
    | { driver: 'postgres'; url: string; listenUrl?: string }
    | { driver: 'pglite'; dir: string };
  appSecret: string;
  appSecretPrevious: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  mailPollIntervalMs: number;
  mailClaimLeaseMs: number;
  trustProxy: string;
  /** The geo headers a trusted proxy's answer is believed for; empty: geo comes from GEOIP_DB only. */
  trustGeoHeaders: readonly GeoHeader[];
  geoipDb: string | undefined;
  seedDemo: boolean;
  demoPassword: string;
  storageQuotaBytes: number;
  /** Under test every response is parsed with its route's schema (a mismatch is a 500). */
  checkResponses: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  webDist: string | undefined;
  /** Requests one API token may make per minute (429 with Retry-After beyond). */
  apiTokenRateLimit: number;
  /** An org's audit head is signed once this many entries or minutes have passed (decision 012). */
  auditCheckpointEvery: { entries: number; minutes: number };
  /** The certificate and key (PEM file paths) when the server itself speaks HTTPS. */
  tls: { certFile: string; keyFile: string } | undefined;
  /** How long a device-bound session's bound cookie lasts before the browser renews it. */
  dbscCookieSeconds: number;
}

export class ConfigError extends Error {}

/** Validates the environment once; a bad value names its variable. */
export function loadConfig(env: NodeJS.ProcessEnv, dataDir = '.data'): AppConfig {
  // An empty variable means unset, as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.APP_SECRET) {
    throw new ConfigError('Invalid environment:\n  APP_SECRET: required in production');
  }
  if (Boolean(e.TLS_CERT_FILE) !== Boolean(e.TLS_KEY_FILE)) {
    const missing = e.TLS_CERT_FILE ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE';
    throw new ConfigError(
      `Invalid environment:\n  ${missing}: TLS_CERT_FILE and TLS_KEY_FILE go together`,
    );
  }
  // Demo accounts exist in production only when asked for by name, never with the README's password.
  const seedDemo = e.SEED_DEMO ?? !production;
  if (e.DATABASE_LISTEN_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      'Invalid environment:\n  DATABASE_LISTEN_URL: only meaningful with DATABASE_URL (the pooled connection)',
    );
  }
  if (production && seedDemo && e.DEMO_PASSWORD === DEFAULT_DEMO_PASSWORD) {
    throw new ConfigError(
      'Invalid environment:\n  DEMO_PASSWORD: SEED_DEMO=1 in production needs a DEMO_PASSWORD other than the published default',
    );
  }
  return {
    production,
    port: e.PORT,
    appUrl: new URL(e.APP_URL ?? `http://localhost:${e.PORT}`),
    database: e.DATABASE_URL
      ? {
          driver: 'postgres',
          url: e.DATABASE_URL,
          ...(e.DATABASE_LISTEN_URL ? { listenUrl: e.DATABASE_LISTEN_URL } : {}),
        }
      : { driver: 'pglite', dir: e.PGLITE_DIR },
    appSecret: e.APP_SECRET ?? localSecret(dataDir),
    appSecretPrevious: e.APP_SECRET_PREVIOUS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailPollIntervalMs: e.MAIL_POLL_INTERVAL_MS,
    mailClaimLeaseMs: e.MAIL_CLAIM_LEASE_MS,
    trustProxy: e.TRUST_PROXY,
    trustGeoHeaders: [...new Set(e.TRUST_GEO_HEADERS ?? [])],
    geoipDb: e.GEOIP_DB,
    seedDemo,
    demoPassword: e.DEMO_PASSWORD,
    storageQuotaBytes: e.STORAGE_QUOTA_BYTES,
    checkResponses: e.NODE_ENV === 'test',
    logLevel: e.LOG_LEVEL,
    webDist: e.WEB_DIST,
    apiTokenRateLimit: e.API_TOKEN_RATE_LIMIT,
    auditCheckpointEvery: {
      entries: e.AUDIT_CHECKPOINT_EVERY_ENTRIES,
      minutes: e.AUDIT_CHECKPOINT_EVERY_MINUTES,
    },
    tls:
      e.TLS_CERT_FILE && e.TLS_KEY_FILE
        ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE }
        : undefined,
    dbscCookieSeconds: e.DBSC_COOKIE_SECONDS,
  };
}

/** Outside production a secret is generated once and kept beside the embedded database. */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
