import { expect, test } from '@playwright/test';
import { otherDevice, signInThroughUi, signUpThroughUi } from './support';

test('a sign-in from another browser raises a new-device alert the user and the admins see, and it can be acknowledged', async ({
  page,
  browser,
}) => {
  // Two browsers and two sign-ins (argon2 each): more than the default on a busy machine.
  test.slow();
  const email = await signUpThroughUi(page);
  const laptop = await otherDevice(browser);
  await signInThroughUi(laptop, email);

  // The user's own Recent security activity.
  await page.getByRole('link', { name: 'Security', exact: true }).click();
  const activity = page.getByRole('list', { name: 'Security activity' });
  await expect(
    activity.getByRole('listitem').filter({ hasText: 'Security alert: Sign-in from a new device' }),
  ).toHaveCount(1);

  // The org's alerts page, from the admin navigation.
  await page.getByRole('link', { name: 'Alerts', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Security alerts' })).toBeVisible();
  const alert = page
    .getByRole('list', { name: 'Security alerts' })
    .getByRole('listitem')
    .filter({ hasText: 'Sign-in from a new device' });
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText(email);
  await expect(alert).toContainText('just now');
  await alert.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(alert).toContainText('Acknowledged by Olive Owner');
  await expect(alert.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0);

  await page.getByLabel('Unacknowledged only').check();
  await expect(page.getByText('No alerts.')).toBeVisible();
  await laptop.context().close();
});
