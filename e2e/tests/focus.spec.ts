import { expect, test } from '@playwright/test';
import { otherDevice, PASSWORD, signInThroughUi, signUpThroughUi } from './support';
import { authenticator } from './totp';

test('a cancelled confirmation gives focus back to its button; a stacked step-up’s Escape returns to the confirmation’s Cancel', async ({
  page,
  browser,
}) => {
  const email = await signUpThroughUi(page);
  const laptop = await otherDevice(browser);
  await signInThroughUi(laptop, email);
  await page.goto('/settings/security');
  const revoke = page
    .getByRole('list', { name: 'Sessions' })
    .getByRole('button', { name: /^Revoke/ });

  await revoke.click();
  const confirm = page.getByRole('alertdialog');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(revoke).toBeFocused();

  await revoke.click();
  await confirm.getByRole('button', { name: 'Sign out', exact: true }).click();
  const verify = page.getByRole('dialog', { name: 'Verify to continue' });
  await expect(verify.getByLabel('Password')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(verify).toBeHidden();
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
});

test('two-factor setup moves focus to each next step: the code field, then the recovery codes', async ({
  page,
}) => {
  await signUpThroughUi(page);
  await page.goto('/settings/security');
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  const verify = page.getByRole('dialog', { name: 'Verify to continue' });
  await verify.getByLabel('Password').fill(PASSWORD);
  await verify.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByLabel('Authentication code')).toBeFocused();

  // A wrong code first: said under the field, which keeps the cursor.
  await page.getByLabel('Authentication code').fill('000000');
  await page.getByRole('button', { name: 'Enable' }).click();
  await expect(page.getByText(/code is not valid|Wrong|incorrect/i).first()).toBeVisible();
  await expect(page.getByLabel('Authentication code')).toBeFocused();

  const app = authenticator(await page.getByLabel('Setup key').inputValue());
  await page.getByLabel('Authentication code').fill(app.nextCode());
  await page.getByRole('button', { name: 'Enable' }).click();
  await expect(
    page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem'),
  ).toHaveCount(10);
  await expect(page.getByRole('button', { name: 'Copy codes' })).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'new recovery codes' })).toContainText(
    '10 new recovery codes, shown once',
  );
});

test('a form the browser refuses says why under the field, in our words, with the cursor there', async ({
  page,
}) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Enter email')).toBeVisible();
  await expect(page.getByLabel('Email')).toBeFocused();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Email').fill('not-an-address');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Enter an email address, like name@example.com')).toBeVisible();
});
