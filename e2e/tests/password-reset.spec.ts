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
  const link = await message
    .getByRole('link', { name: /reset-password\?token=/ })
    .getAttribute('href');
  await message.getByRole('link', { name: /reset-password\?token=/ }).click();

  // The server checks the link on load: it names the account before anything is typed.
  await expect(visitor.getByText(`For the account ${email}.`)).toBeVisible();
  await visitor.getByLabel('New password').fill(NEW_PASSWORD);
  await visitor.getByRole('button', { name: 'Set new password' }).click();
  await expect(visitor.getByText(/Sign in with your new password/)).toBeVisible();

  // The spent link says so at once when opened again, with no form to fill.
  await visitor.goto(link ?? '');
  await expect(visitor.getByText('This reset link is invalid or has expired.')).toBeVisible();
  await expect(visitor.getByLabel('New password')).toHaveCount(0);
  await visitor.goto('/login');

  // The old password is refused; the new one signs in.
  await visitor.getByLabel('Email').fill(email);
  await visitor.getByLabel('Password').fill(PASSWORD);
  await visitor.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(visitor.getByText('Invalid email or password')).toBeVisible();
  await signInThroughUi(visitor, email, NEW_PASSWORD);

  // The session that was open before the reset ended with it.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
});

test('the reset page checks its link on load: it names the account, or says at once the link is spent', async ({
  page,
}) => {
  // The check's answers are stood in for here (the real server's are in the test above), so the
  // page's reading of each is pinned on its own.
  await page.route('**/api/auth/password/reset/check?token=good-link-token', (route) =>
    route.fulfill({ status: 200, json: { account: { email: 'maya@example.test' } } }),
  );
  await page.route('**/api/auth/password/reset/check?token=spent-link-token', (route) =>
    route.fulfill({
      status: 400,
      json: { error: 'RESET_TOKEN_INVALID', message: 'This reset link is invalid or has expired' },
    }),
  );

  await page.goto('/reset-password?token=good-link-token');
  await expect(page.getByText('For the account maya@example.test.')).toBeVisible();
  const password = page.getByLabel('New password');
  await expect(password).toBeFocused();
  await expect(password).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show password' }).click();
  await expect(password).toHaveAttribute('type', 'text');
  await expect(page.getByRole('button', { name: 'Show password' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  await page.goto('/reset-password?token=spent-link-token');
  await expect(page.getByText('This reset link is invalid or has expired.')).toBeVisible();
  await expect(page.getByLabel('New password')).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
});
