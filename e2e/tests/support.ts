import { randomBytes } from 'node:crypto';
import { type Browser, expect, type Page } from '@playwright/test';

export const PASSWORD = 'correct-horse-battery-staple';

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}@example.test`;
}

/**
 * An address of its own for each visitor (RFC 2544's benchmarking range). The server trusts
 * loopback as a proxy, so X-Forwarded-For places the browser there: each test is a different
 * visitor, as in life, and the per-address sign-up allowance (10 an hour) is not shared by the
 * whole suite.
 */
export function visitorAddress(): string {
  const [a = 0, b = 0] = randomBytes(2);
  return `198.18.${a}.${b}`;
}

/** Signs up a new org through the UI (each test builds its own). */
export async function signUpThroughUi(page: Page, orgName = 'Test Org'): Promise<string> {
  const email = uniqueEmail('owner');
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': visitorAddress() });
  await page.goto('/signup');
  await page.getByLabel('Organisation name').fill(orgName);
  await page.getByLabel('Your name').fill('Olive Owner');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Documents' })).toBeVisible();
  return email;
}

export async function signInThroughUi(
  page: Page,
  email: string,
  password = PASSWORD,
): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Documents' })).toBeVisible();
}

/** A second, separate browser profile: another device. */
export async function otherDevice(browser: Browser, userAgent?: string): Promise<Page> {
  const context = await browser.newContext(userAgent ? { userAgent } : {});
  return context.newPage();
}

/**
 * Adds a person to the org from the Team page (as its owner or an admin); returns their email.
 * An admin or an owner needs step-up ROLE_CHANGE: `verify` answers it with the password.
 */
export async function addUserThroughUi(
  page: Page,
  name: string,
  role = 'member',
  verify = role !== 'member',
): Promise<string> {
  const email = uniqueEmail(role);
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add user' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Role').selectOption(role);
  await dialog.getByLabel('Initial password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  if (verify) await verifyWithPassword(page);
  await expect(dialog).toBeHidden();
  return email;
}

/** Answers "Verify to continue" with the password (accounts without a second factor). */
export async function verifyWithPassword(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Verify to continue' });
  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Verify' }).click();
  await expect(dialog).toBeHidden();
}
