import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3210);
export const BASE_URL = `http://localhost:${PORT}`;

/** Debian's Chromium: Playwright's own browser downloads are not used. */
const executablePath =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'pnpm --filter @gatehouse/server start',
    url: `${BASE_URL}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      APP_URL: BASE_URL,
      // Browser tests always run on a fresh embedded database, even where DATABASE_URL is set.
      DATABASE_URL: '',
      PGLITE_DIR: 'memory://',
      SEED_DEMO: '1',
      // admin.spec.ts places devices in countries with the (loopback) proxy's CF-IPCountry.
      TRUST_GEO_HEADERS: 'cf-ipcountry',
      LOG_LEVEL: 'warn',
      APP_SECRET: 'e2e-secret-that-is-long-enough-0123456789',
      // Small enough that one 9 MB upload shows the quota message (documents.spec.ts).
      STORAGE_QUOTA_BYTES: String(8 * 1024 * 1024),
    },
  },
});
