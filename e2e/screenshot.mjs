// Retakes docs/screenshot.png (the demo owner's Active sessions page with three devices) and
// docs/screens/<page>-desktop.png / -phone.png (every page the owner sees, at 1280×800 and 390×844).
// Usage: start the app with demo data and the CDN geo headers believed
// (`TRUST_GEO_HEADERS=cf-ipcountry,cf-ipcity pnpm start`), then `pnpm --filter @gatehouse/e2e screenshot [base-url]`.
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://localhost:3000';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

// The app trusts loopback as a proxy, so forwarded address and CDN geo headers place each device.
async function signIn(userAgent, [ip, country, city], viewport) {
  const extraHTTPHeaders = { 'x-forwarded-for': ip, 'cf-ipcountry': country, 'cf-ipcity': city };
  const context = await browser.newContext({
    userAgent,
    extraHTTPHeaders,
    ...(viewport ? { viewport } : {}),
  });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill('owner@acme.test');
  await page.getByLabel('Password').fill('Gatehouse-demo-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Documents' }).waitFor();
  return page;
}

await signIn(
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  ['89.160.20.130', 'SE', 'Linköping'],
);
await signIn('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0', [
  '216.160.83.57',
  'US',
  'Milton',
]);
const page = await signIn(
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  ['81.2.69.142', 'GB', 'London'],
  { width: 1100, height: 560 },
);
await page.goto(`${base}/settings/security`);
await page.getByRole('list', { name: 'Sessions' }).getByRole('listitem').nth(2).waitFor();
await page.screenshot({ path: new URL('../docs/screenshot.png', import.meta.url).pathname });

const PAGES = {
  documents: '/',
  security: '/settings/security',
  team: '/admin/users',
  sessions: '/admin/sessions',
  'session-security': '/account/security',
  'ip-rules': '/admin/ip-rules',
  'api-tokens': '/admin/api-tokens',
  audit: '/admin/audit',
  alerts: '/admin/alerts',
};
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const screens = new URL('../docs/screens/', import.meta.url).pathname;
for (const [size, viewport] of Object.entries(SIZES)) {
  const owner = await signIn(
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
    ['81.2.69.142', 'GB', 'London'],
    viewport,
  );
  for (const [name, path] of Object.entries(PAGES)) {
    await owner.goto(`${base}${path}`);
    // Each page's first heading, then no request in flight: the page as a person first sees it.
    await owner.getByRole('heading', { level: 1 }).first().waitFor();
    await owner.waitForLoadState('networkidle');
    await owner.screenshot({ path: `${screens}${name}-${size}.png` });
  }
}
await browser.close();
