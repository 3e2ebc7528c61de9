import { expect, type Page, test } from '@playwright/test';
import { otherDevice, PASSWORD, signUpThroughUi } from './support';

const FIREFOX_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

async function signInUntilChoice(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('at the session limit the person chooses which session ends, and that browser is told why', async ({
  page,
  browser,
}) => {
  test.slow();
  const email = await signUpThroughUi(page);
  // The owner allows two sessions per person.
  await page.goto('/account/security');
  await page.getByLabel('Sessions per user').fill('2');
  await page.getByRole('button', { name: 'Save' }).click();
  const verify = page.getByRole('dialog', { name: 'Verify to continue' });
  await verify.getByLabel('Password').fill(PASSWORD);
  await verify.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('New limits apply at each person’s next sign-in')).toBeVisible();

  const laptop = await otherDevice(browser, FIREFOX_WINDOWS);
  await signInUntilChoice(laptop, email);
  await expect(laptop.getByRole('heading', { name: 'Documents' })).toBeVisible();

  // The third: the sessions are listed, the least recently seen (the first browser) preselected.
  const phone = await otherDevice(browser, SAFARI_IPHONE);
  await signInUntilChoice(phone, email);
  await expect(phone.getByRole('heading', { name: 'Too many sessions' })).toBeVisible();
  const choices = phone.getByRole('group', { name: 'Session to sign out' }).getByRole('radio');
  await expect(choices).toHaveCount(2);
  await expect(choices.first()).toBeChecked();
  // The person ends the laptop's session instead.
  await phone.getByRole('radio', { name: 'Firefox on Windows' }).check();
  await phone.getByRole('button', { name: 'Sign out that session and continue' }).click();
  await expect(phone.getByRole('heading', { name: 'Documents' })).toBeVisible();

  // The laptop's next look at its session lands on the sign-in page with the reason.
  await laptop.getByRole('link', { name: 'Security', exact: true }).click();
  await expect(laptop).toHaveURL(/\/login\?reason=session_limit/);
  await expect(laptop.getByRole('status')).toContainText(
    'You were signed out because you signed in on Safari on iPhone',
  );
  // The first browser was not chosen and still works.
  await page.getByRole('link', { name: 'Security', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Security', exact: true })).toBeVisible();
  await laptop.context().close();
  await phone.context().close();
});
