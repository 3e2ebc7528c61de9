import { expect, test } from '@playwright/test';
import { lowestContrast } from './contrast';
import { otherDevice, signInThroughUi, signUpThroughUi, verifyWithPassword } from './support';

test('this device is listed first, each session says when it signed in, and the page has a favicon', async ({
  page,
  browser,
}) => {
  const email = await signUpThroughUi(page);
  const laptop = await otherDevice(browser);
  await signInThroughUi(laptop, email);
  await page.goto('/settings/security');
  const sessions = page.getByRole('list', { name: 'Sessions' }).getByRole('listitem');
  await expect(sessions).toHaveCount(2);
  await expect(sessions.first()).toContainText('This device');
  await expect(sessions.nth(0)).toContainText('Signed in');
  await expect(sessions.nth(1)).toContainText('Signed in');
  const favicon = await page.locator('link[rel="icon"]').getAttribute('href');
  expect((await page.request.get(favicon ?? '/missing')).status()).toBe(200);
});

test('with no filter, "Sign out all matching" is not the loudest control; countries are picked by name', async ({
  page,
  browser,
}) => {
  const email = await signUpThroughUi(page);
  await signInThroughUi(await otherDevice(browser), email);
  await page.goto('/admin/sessions');
  const all = page.getByRole('button', { name: 'Sign out all matching' });
  await expect(all).toBeVisible();
  // A quiet (secondary) button: not the red of a destructive primary.
  expect(await all.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(
    'rgb(220, 38, 38)',
  );
  await page.getByLabel('Country').selectOption('Portugal');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/country=PT/);
});

test('the API-token page explains the typed client in the page', async ({ page }) => {
  await signUpThroughUi(page);
  await page.goto('/admin/api-tokens');
  const using = page.getByRole('region', { name: 'Using a token' });
  await expect(using).toContainText('Authorization: Bearer');
  await expect(using).toContainText("import { createGatehouseClient } from '@gatehouse/client'");
  await expect(page.getByText(/see the README/i)).toHaveCount(0);
});

test('the active-users card reads clearly in the dark theme (WCAG AA contrast)', async ({
  page,
}) => {
  await signUpThroughUi(page);
  await page.goto('/account/security');
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  const card = page
    .getByRole('list', { name: 'Active users' })
    .locator('xpath=ancestor::section[1]');
  await expect(card.getByText('(you)')).toBeVisible();
  const { ratio, text } = await lowestContrast(card);
  expect(ratio, `“${text}”`).toBeGreaterThanOrEqual(4.5);
});

test('a token that expires in 90 days says "in 3 months", with the exact time on hover', async ({
  page,
}) => {
  await signUpThroughUi(page);
  await page.goto('/admin/api-tokens');
  await page.getByRole('button', { name: 'Create token' }).click();
  const form = page.getByRole('dialog', { name: 'Create API token' });
  await form.getByLabel('Name').fill('Quarterly report');
  await form.getByRole('checkbox', { name: /sessions:read/ }).check();
  await form.getByLabel('Expires').selectOption({ label: '90 days' });
  await form.getByRole('button', { name: 'Create token' }).click();
  await verifyWithPassword(page);
  await page
    .getByRole('dialog', { name: 'Copy your new token' })
    .getByRole('button', { name: 'Done' })
    .click();

  const token = page.getByRole('list', { name: 'API tokens' }).getByRole('listitem');
  await expect(token).toContainText('expires in 3 months');
  await expect(token).not.toContainText('expires just now');
  const expires = token.locator('time').nth(1);
  await expect(expires).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
  await expect(expires).toHaveAttribute('title', /\d{4}, \d{2}:\d{2}:\d{2}/);
});
