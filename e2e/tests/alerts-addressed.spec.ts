import { expect, type Page, test } from '@playwright/test';
import {
  addUserThroughUi,
  otherDevice,
  signInThroughUi,
  signUpThroughUi,
  verifyWithPassword,
} from './support';

const teamRow = (page: Page, email: string) =>
  page.getByRole('list', { name: 'Team members' }).getByRole('listitem').filter({ hasText: email });

const alertRows = (page: Page) =>
  page.getByRole('list', { name: 'Security alerts' }).getByRole('listitem');

test('an administrator’s sign-out is one entry by them for the user, third person with its severity for admins, and "Acknowledge all" closes it', async ({
  page,
  browser,
}) => {
  test.slow();
  await signUpThroughUi(page);
  const memberEmail = await addUserThroughUi(page, 'Maya Member');
  const member = await otherDevice(browser);
  await signInThroughUi(member, memberEmail);

  await page.goto('/admin/users');
  await teamRow(page, memberEmail).getByRole('button', { name: 'Force logout' }).click();
  await page
    .getByRole('alertdialog', { name: 'Force logout Maya Member?' })
    .getByRole('button', { name: 'Force logout' })
    .click();
  await verifyWithPassword(page);

  // The member, signed in again: one entry, the administrator's act, with its alert as a badge.
  await signInThroughUi(member, memberEmail);
  await member.getByRole('link', { name: 'Security', exact: true }).click();
  const activity = member.getByRole('list', { name: 'Security activity' });
  const forced = activity
    .getByRole('listitem')
    .filter({ hasText: 'Signed out everywhere by Olive Owner' });
  await expect(forced).toHaveCount(1);
  await expect(forced).toContainText('Security alert: Signed out by an administrator');
  await expect(
    activity.getByRole('listitem').filter({ hasText: /^Security alert: Signed out/ }),
  ).toHaveCount(0);

  // Ten wrong passwords for the member's account: one alert, high.
  for (let i = 0; i < 10; i += 1) {
    const res = await page.request.post('/api/auth/login', {
      data: { email: memberEmail, password: 'not-the-password' },
      headers: { Origin: new URL(page.url()).origin },
    });
    expect(res.status()).toBe(401);
  }

  await page.getByRole('link', { name: 'Alerts', exact: true }).click();
  const signedOut = alertRows(page).filter({ hasText: 'Signed out by an administrator' });
  await expect(signedOut).toContainText('“Olive Owner” signed “Maya Member” out of every session.');
  await expect(signedOut).toContainText('Medium severity');
  await expect(signedOut).not.toContainText(/\byou\b/);
  const failed = alertRows(page).filter({ hasText: 'Many failed sign-ins' });
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('High severity');

  await page.getByLabel('Unacknowledged only').check();
  await page.getByRole('button', { name: 'Acknowledge all' }).click();
  await expect(
    page.getByRole('region', { name: 'Notifications' }).getByText(/^Acknowledged \d+ alerts?/),
  ).toBeVisible();
  await expect(page.getByText('No alerts.')).toBeVisible();
  await member.context().close();
});
