import { expect, test } from '@playwright/test';
import { PASSWORD, signUpThroughUi, uniqueEmail } from './support';

test('sign-up shows how strong the password is, and why, as it is typed', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Email').fill(uniqueEmail());
  const password = page.getByLabel('Password');
  await password.fill('password1234');
  await expect(page.getByText('Strength: Weak')).toBeVisible();
  await expect(page.getByText(/similar to a commonly used password/)).toBeVisible();
  await page.getByRole('button', { name: 'Create account' }).click();
  // Refused before it is sent: still on the form.
  await expect(page.getByRole('heading', { name: 'Create your organisation' })).toBeVisible();
  await password.fill(PASSWORD);
  await expect(page.getByText('Strength: Very strong')).toBeVisible();
});

test('a wrong current password and an unchanged new one are refused under their fields', async ({
  page,
}) => {
  await signUpThroughUi(page);
  await page.goto('/settings/security');
  const form = page.getByRole('region', { name: 'Change password' });
  await form.getByLabel('Current password').fill('not-my-password-at-all');
  await form.getByLabel('New password').fill('a fresh passphrase for winter');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('Current password is wrong')).toBeVisible();
  // A wrong password from a signed-in session is not a sign-out.
  await expect(page.getByRole('heading', { name: 'Active sessions' })).toBeVisible();

  await form.getByLabel('Current password').fill(PASSWORD);
  await form.getByLabel('New password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('Choose a password different from your current one')).toBeVisible();
});
