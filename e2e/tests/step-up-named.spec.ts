import { expect, test } from '@playwright/test';
import { addUserThroughUi, signInThroughUi, signUpThroughUi, verifyWithPassword } from './support';

const MAC_CHROME =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

test('step-up names the action it confirms, and one organisation-settings check covers the next for a few minutes', async ({
  page,
  browser,
}) => {
  test.slow();
  await signUpThroughUi(page);
  const memberEmail = await addUserThroughUi(page, 'Maya Member');
  const mac = await (await browser.newContext({ userAgent: MAC_CHROME })).newPage();
  await signInThroughUi(mac, memberEmail);

  // Revoking someone's session: the dialog says whose, and on what.
  await page.goto('/admin/sessions');
  await page.getByRole('button', { name: 'Revoke Maya Member on Chrome on macOS' }).click();
  await page
    .getByRole('alertdialog', { name: 'Sign out Maya Member on Chrome on macOS?' })
    .getByRole('button', { name: 'Revoke session' })
    .click();
  const verify = page.getByRole('dialog', { name: 'Verify to continue' });
  await expect(verify).toContainText('Sign out Maya Member on Chrome on macOS.');
  await expect(verify.getByLabel('Password')).toBeVisible();
  await verifyWithPassword(page);
  await expect(page.getByText('Signed out Maya Member on Chrome on macOS')).toBeVisible();

  // Turning an MFA requirement off: confirmed, then verified, by name.
  await page.goto('/account/security');
  await page.getByRole('switch', { name: 'Require MFA for downloads' }).click();
  await page
    .getByRole('alertdialog', { name: 'Stop requiring MFA for downloads?' })
    .getByRole('button', { name: 'Stop requiring MFA' })
    .click();
  await expect(verify).toContainText('Stop requiring MFA for downloads.');
  await verifyWithPassword(page);
  await expect(page.getByRole('switch', { name: 'Require MFA for downloads' })).toHaveAttribute(
    'aria-checked',
    'false',
  );

  // Within five minutes, the next organisation setting (a force logout) asks nothing more.
  await page.goto('/admin/users');
  await page
    .getByRole('list', { name: 'Team members' })
    .getByRole('listitem')
    .filter({ hasText: memberEmail })
    .getByRole('button', { name: 'Force logout' })
    .click();
  const confirm = page.getByRole('alertdialog', { name: 'Force logout Maya Member?' });
  await confirm.getByRole('button', { name: 'Force logout' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText(/Signed Maya Member out of/)).toBeVisible();
  await expect(verify).toHaveCount(0);
});
