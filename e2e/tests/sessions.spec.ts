import { expect, test } from '@playwright/test';
import { otherDevice, PASSWORD, signInThroughUi, signUpThroughUi } from './support';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

test('revoking another device, confirmed and then verified, signs that device out', async ({
  page,
  browser,
}) => {
  const email = await signUpThroughUi(page);
  const phone = await otherDevice(browser, IPHONE);
  await signInThroughUi(phone, email);

  await page.getByRole('link', { name: 'Security', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Active sessions' })).toBeVisible();
  const sessions = page.getByRole('list', { name: 'Sessions' });
  await expect(sessions.getByRole('listitem')).toHaveCount(2);
  await expect(sessions.getByRole('listitem').filter({ hasText: 'This device' })).toHaveCount(1);

  await sessions
    .getByRole('listitem')
    .filter({ hasText: 'Safari on iPhone' })
    .getByRole('button', { name: /Revoke/ })
    .click();
  const confirm = page.getByRole('alertdialog', { name: 'Sign out Safari on iPhone?' });
  await confirm.getByRole('button', { name: 'Sign out', exact: true }).click();
  const stepUp = page.getByRole('dialog', { name: 'Verify to continue' });
  await stepUp.getByLabel('Password').fill(PASSWORD);
  await stepUp.getByRole('button', { name: 'Verify' }).click();
  await expect(stepUp).toBeHidden();
  await expect(confirm).toBeHidden();
  await expect(sessions.getByRole('listitem')).toHaveCount(1);
  await expect(sessions.getByText('Safari on iPhone')).toHaveCount(0);

  await phone.reload();
  await expect(phone).toHaveURL(/\/login/);
});

test('"Log out other devices" asks for confirmation and signs every other device out', async ({
  page,
  browser,
}) => {
  const email = await signUpThroughUi(page);
  const laptop = await otherDevice(browser);
  await signInThroughUi(laptop, email);
  await page.getByRole('link', { name: 'Security', exact: true }).click();
  await page.getByRole('button', { name: 'Log out other devices' }).click();
  await page
    .getByRole('alertdialog', { name: 'Sign out your other devices?' })
    .getByRole('button', { name: 'Sign out 1 device' })
    .click();
  const stepUp = page.getByRole('dialog', { name: 'Verify to continue' });
  await stepUp.getByLabel('Password').fill(PASSWORD);
  await stepUp.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('Signed out 1 other device.')).toBeVisible();
  await laptop.getByRole('link', { name: 'Security', exact: true }).click();
  await expect(laptop).toHaveURL(/\/login\?reason=session_revoked/);
  await expect(laptop.getByRole('status')).toContainText('signed out from another device');
});
