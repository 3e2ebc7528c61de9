import { expect, test } from '@playwright/test';
import { PASSWORD, signUpThroughUi } from './support';
import { enrolTotp } from './totp';

test('enrol TOTP after confirming the password, sign in with a code, and download a document through the step-up dialog with a recovery code', async ({
  page,
}) => {
  const email = await signUpThroughUi(page);

  await page.getByLabel('Upload a document').setInputFiles({
    name: 'quarterly-plan.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Q4: ship it'),
  });
  const row = page
    .getByRole('list', { name: 'Documents' })
    .getByRole('listitem')
    .filter({ hasText: 'quarterly-plan.txt' });
  await expect(row).toBeVisible();

  const { app, recoveryCodes } = await enrolTotp(page, PASSWORD);
  const recoveryCode = recoveryCodes[0] ?? '';

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByLabel('Authentication code').fill('000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('not valid');
  await page.getByLabel('Authentication code').fill(app.nextCode());
  await page.getByRole('button', { name: 'Verify' }).click();
  // Signed in, back where the sign-out happened.
  await expect(page.getByRole('heading', { name: 'Active sessions' })).toBeVisible();
  await page.getByRole('link', { name: 'Documents' }).click();

  await page
    .getByRole('list', { name: 'Documents' })
    .getByRole('listitem')
    .filter({ hasText: 'quarterly-plan.txt' })
    .getByRole('button', { name: 'Download' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Verify to continue' });
  await expect(dialog.getByLabel('Authentication code')).toBeVisible();
  await dialog.getByRole('button', { name: 'Use a recovery code' }).click();
  await dialog.getByLabel('Recovery code').fill(recoveryCode);
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Verify' }).click();
  expect((await download).suggestedFilename()).toBe('quarterly-plan.txt');
  await expect(dialog).toBeHidden();
});

test('without TOTP, a download the org protects sends the user to enrol', async ({ page }) => {
  await signUpThroughUi(page);
  await page.getByLabel('Upload a document').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('notes'),
  });
  await page.getByRole('button', { name: 'Download' }).click();
  const dialog = page.getByRole('dialog', { name: 'Verify to continue' });
  await expect(dialog).toContainText('requires two-factor authentication');
  await dialog.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  await expect(page.getByRole('heading', { name: 'Two-factor authentication' })).toBeVisible();
});

test('a share link is created behind step-up, copied from the dialog, and revoked', async ({
  page,
}) => {
  await signUpThroughUi(page);
  await page.goto('/account/security');
  await page.getByRole('switch', { name: 'Require MFA for shares' }).click();
  // Turning a requirement off is a weakening: it asks first, then for the password.
  await page
    .getByRole('alertdialog', { name: 'Stop requiring MFA for shares?' })
    .getByRole('button', { name: 'Stop requiring MFA' })
    .click();
  const verify = page.getByRole('dialog', { name: 'Verify to continue' });
  await expect(verify).toContainText('Stop requiring MFA for shares.');
  await verify.getByLabel('Password').fill(PASSWORD);
  await verify.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('switch', { name: 'Require MFA for shares' })).toHaveAttribute(
    'aria-checked',
    'false',
  );

  await page.goto('/');
  await page.getByLabel('Upload a document').setInputFiles({
    name: 'brochure.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('for everyone'),
  });
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share document' });
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const url = await dialog.getByLabel('Share link').inputValue();
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);
  expect(await (await page.request.get(url)).text()).toBe('for everyone');
  await dialog.getByRole('button', { name: 'Revoke link' }).click();
  await page
    .getByRole('alertdialog', { name: 'Revoke this link?' })
    .getByRole('button', { name: 'Revoke link' })
    .click();
  await expect(dialog.getByRole('button', { name: 'Create link' })).toBeVisible();
  expect((await page.request.get(url)).status()).toBe(404);
});
