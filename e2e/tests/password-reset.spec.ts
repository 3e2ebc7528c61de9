import { expect, test } from '@playwright/test';
import { otherDevice, PASSWORD, signInThroughUi, signUpThroughUi, visitorAddress } from './support';

const NEW_PASSWORD = 'a fresh passphrase for the spring';

test('forgot password → link from the dev mailbox → new password → signed in with it', async ({
  page,
  browser,
}) => {
  // Two browsers, a mail poll and argon2 twice: more than one default timeout on a busy machine.
  test.slow();
  const email = await signUpThroughUi(page);

  const visitor = await otherDevice(browser);
  await visitor.setExtraHTTPHeaders({ 'x-forwarded-for': visitorAddress() });
  await visitor.goto('/login');
  await visitor.getByRole('link', { name: 'Forgot password?' }).click();
  await visitor.getByLabel('Email').fill(email);
  await visitor.getByRole('button', { name: 'Send reset link' }).click();
  await expect(visitor.getByText(/we sent it a link to set a new password/)).toBeVisible();

  // The worker delivers to the dev mailbox on its next poll.
  await visitor.goto('/dev/mail');
  await expect(visitor.getByRole('heading', { name: 'Dev mailbox' })).toBeVisible();
  const message = visitor
    .getByRole('article', { name: 'Reset your Gatehouse password' })
    .filter({ hasText: email });
  await expect(async () => {
    await visitor.getByRole('button', { name: 'Refresh' }).click();
    await expect(message).toBeVisible({ timeout: 1000 });
  }).toPass();
  await message.getByRole('link', { name: /reset-password\?token=/ }).click();

  await visitor.getByLabel('New password').fill(NEW_PASSWORD);
  await visitor.getByRole('button', { name: 'Set new password' }).click();
  await expect(visitor.getByText(/Sign in with your new password/)).toBeVisible();

  // The old password is refused; the new one signs in.
  await visitor.getByLabel('Email').fill(email);
  await visitor.getByLabel('Password').fill(PASSWORD);
  await visitor.getByRole('button', { name: 'Sign in' }).click();
  await expect(visitor.getByText('Invalid email or password')).toBeVisible();
  await signInThroughUi(visitor, email, NEW_PASSWORD);

  // The session that was open before the reset ended with it.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});
