import { expect, type Page, test } from '@playwright/test';
import { otherDevice, PASSWORD, signInThroughUi, signUpThroughUi, visitorAddress } from './support';
import { enrolTotp } from './totp';

const activityOf = (page: Page) => page.getByRole('list', { name: 'Security activity' });
const entry = (page: Page, title: string) =>
  activityOf(page).getByRole('listitem').filter({ hasText: title });

test('recent security activity lists the account’s own events, newest first, as they happen', async ({
  page,
  browser,
}) => {
  const email = await signUpThroughUi(page);
  const laptop = await otherDevice(browser);
  await signInThroughUi(laptop, email);

  await page.getByRole('link', { name: 'Security', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Recent security activity' })).toBeVisible();
  // The sign-up came from this browser's own address (support.ts), so it shows where.
  await expect(entry(page, 'Account created')).toContainText(/198\.18\.\d+\.\d+/);
  await expect(entry(page, 'Account created')).toContainText('just now');
  await expect(entry(page, 'Signed in').first()).toBeVisible();

  await page.getByRole('button', { name: 'Log out other devices' }).click();
  await page
    .getByRole('alertdialog', { name: 'Sign out your other devices?' })
    .getByRole('button', { name: 'Sign out 1 device' })
    .click();
  const stepUp = page.getByRole('dialog', { name: 'Verify to continue' });
  await stepUp.getByLabel('Password').fill(PASSWORD);
  await stepUp.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('Signed out 1 other device.')).toBeVisible();
  await expect(entry(page, 'Verified it’s you')).toHaveCount(1);
  await expect(entry(page, 'Other devices signed out')).toHaveCount(1);

  // A refused attempt is listed too, with the reason.
  await page.getByLabel('Current password').fill('not-my-password');
  await page.getByLabel('New password').fill('a-much-longer-and-stronger-passphrase-42');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(entry(page, 'Password change refused')).toContainText('Wrong password');

  await enrolTotp(page, PASSWORD);
  await expect(activityOf(page).getByRole('listitem').first()).toContainText(
    'Two-factor authentication turned on',
  );
});

test('older security activity comes in on "Load more"', async ({ page, playwright, baseURL }) => {
  const email = await signUpThroughUi(page);
  // Volume through the API: sign-in and sign-out elsewhere, two events each time.
  const elsewhere = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { Origin: baseURL ?? '', 'x-forwarded-for': visitorAddress() },
  });
  for (let i = 0; i < 11; i += 1) {
    const signIn = await elsewhere.post('/api/auth/login', { data: { email, password: PASSWORD } });
    expect(signIn.ok()).toBe(true);
    const { csrfToken } = await signIn.json();
    const signOut = await elsewhere.post('/api/auth/logout', {
      headers: { 'X-CSRF-Token': csrfToken },
    });
    expect(signOut.ok()).toBe(true);
  }
  await elsewhere.dispose();

  await page.goto('/settings/security');
  const items = activityOf(page).getByRole('listitem');
  await expect(items).toHaveCount(20);
  await expect(items.first()).toContainText('Signed out');
  await page.getByRole('button', { name: 'Load more security activity' }).click();
  // The oldest event of all is the sign-up: the list has reached its end.
  await expect(items.last()).toContainText('Account created');
  expect(await items.count()).toBeGreaterThan(20);
  await expect(page.getByRole('button', { name: 'Load more security activity' })).toHaveCount(0);
});

test('a sign-in from another browser, and a failed one, show in the user’s activity with device and address', async ({
  page,
  browser,
}) => {
  // Three sign-ins' worth of password hashing, on a shared machine.
  test.slow();
  const email = await signUpThroughUi(page);
  const firefox =
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
  const elsewhere = await otherDevice(browser, firefox);
  const address = visitorAddress();
  await elsewhere.setExtraHTTPHeaders({ 'x-forwarded-for': address });
  await elsewhere.goto('/login');
  await elsewhere.getByLabel('Email').fill(email);
  await elsewhere.getByLabel('Password').fill('not-my-password');
  await elsewhere.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(elsewhere.getByRole('alert')).toHaveText('Invalid email or password');
  await signInThroughUi(elsewhere, email);

  await page.goto('/settings/security');
  const signedIn = entry(page, 'Signed in').filter({ hasText: address });
  await expect(signedIn).toContainText('Firefox on Windows');
  await expect(signedIn).toContainText('just now');
  const failed = entry(page, 'Sign-in refused').filter({ hasText: address });
  await expect(failed).toContainText('Wrong email or password');
  await expect(failed).toContainText('Firefox on Windows');
  await elsewhere.context().close();
});
