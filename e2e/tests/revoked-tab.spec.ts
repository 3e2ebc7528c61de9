import { expect, type Page, test } from '@playwright/test';
import {
  addUserThroughUi,
  otherDevice,
  signInThroughUi,
  signUpThroughUi,
  verifyWithPassword,
} from './support';

/** Longer than the tab's 10 s look, shorter than a person's patience. */
const WITHIN_SECONDS = { timeout: 20_000 };

const teamRow = (page: Page, email: string) =>
  page.getByRole('list', { name: 'Team members' }).getByRole('listitem').filter({ hasText: email });

test('a tab revoked from another device lands on the sign-in page with why, as soon as it gets focus', async ({
  page,
  browser,
}) => {
  const email = await signUpThroughUi(page);
  const laptop = await otherDevice(browser);
  await signInThroughUi(laptop, email);
  await laptop.goto('/settings/security');
  await expect(laptop.getByText('This device', { exact: true })).toBeVisible();

  await page.goto('/settings/security');
  const sessions = page.getByRole('list', { name: 'Sessions' });
  await sessions.getByRole('button', { name: /^Revoke/ }).click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: 'Sign out', exact: true })
    .click();
  await verifyWithPassword(page);
  await expect(sessions.getByRole('listitem')).toHaveCount(1);

  // No click on the laptop: coming back to its window is enough.
  await laptop.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(laptop).toHaveURL(/\/login\?reason=session_revoked/, { timeout: 5_000 });
  await expect(laptop.getByRole('status')).toContainText('signed out from another device');
});

test('a forced-out member’s open tab lands on the sign-in page within seconds, untouched', async ({
  page,
  browser,
}) => {
  await signUpThroughUi(page);
  const memberEmail = await addUserThroughUi(page, 'Maya Member');
  const member = await otherDevice(browser);
  await signInThroughUi(member, memberEmail);
  await member.goto('/settings/security');
  await expect(member.getByText('This device', { exact: true })).toBeVisible();

  await page.goto('/admin/users');
  await teamRow(page, memberEmail).getByRole('button', { name: 'Force logout' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Force logout' }).click();
  await verifyWithPassword(page);

  await expect(member).toHaveURL(/\/login\?reason=forced_logout/, WITHIN_SECONDS);
  await expect(member.getByRole('status')).toContainText('An administrator signed you out');
});

test('the dev mailbox loads for a browser that is not signed in', async ({ page }) => {
  await page.goto('/dev/mail');
  await expect(page.getByRole('heading', { name: 'Dev mailbox' })).toBeVisible();
  await expect(page.getByText('Loading the dev mailbox…')).toBeHidden();
  // The demo data's mail, or none yet: either way the page has answered.
  await expect(page.getByText(/No mail yet\.|To .*@/).first()).toBeVisible();
});
