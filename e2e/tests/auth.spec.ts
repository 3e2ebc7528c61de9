import { expect, type Page, test } from '@playwright/test';
import { otherDevice, PASSWORD, signInThroughUi, signUpThroughUi } from './support';

test('a newcomer signs up, signs out and signs back in', async ({ page }) => {
  const email = await signUpThroughUi(page, 'Initech');
  await expect(page.getByText('Initech')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await signInThroughUi(page, email);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }),
  ).toBeVisible();
});

test('a demo owner signs in with the seeded login', async ({ page }) => {
  await signInThroughUi(page, 'owner@acme.test', 'Gatehouse-demo-1');
  await expect(page.getByText('Acme')).toBeVisible();
});

test('a wrong password says so and does not sign in', async ({ page }) => {
  const email = await signUpThroughUi(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(`${PASSWORD}-wrong`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Invalid email or password');
  await expect(page).toHaveURL(/\/login/);
});

test('a member does not see the Team link and gets a 403 page there', async ({ page, browser }) => {
  await signUpThroughUi(page);
  await page.getByRole('link', { name: 'Team' }).click();
  const memberEmail = `member-${Date.now()}@example.test`;
  await page.getByRole('button', { name: 'Add user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add user' });
  await dialog.getByLabel('Name').fill('Maya Member');
  await dialog.getByLabel('Email').fill(memberEmail);
  await dialog.getByLabel('Initial password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole('list', { name: 'Team members' }).getByText(memberEmail),
  ).toBeVisible();

  const member = await otherDevice(browser);
  await signInThroughUi(member, memberEmail);
  await expect(
    member.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team' }),
  ).toHaveCount(0);
  await member.goto('/admin/users');
  await expect(
    member.getByRole('heading', { name: "You don't have access to this page" }),
  ).toBeVisible();
});

test('a session that dies elsewhere lands on the login page with a banner', async ({ page }) => {
  await signUpThroughUi(page);
  // Sign this session out behind the page's back, as another tab or an admin would.
  const csrf = await page.evaluate(
    async () => (await (await fetch('/api/auth/me')).json()).csrfToken as string,
  );
  await page.evaluate(async (token) => {
    await fetch('/api/auth/logout', { method: 'POST', headers: { 'X-CSRF-Token': token } });
  }, csrf);
  await page.getByRole('link', { name: 'Team' }).click();
  await expect(page).toHaveURL(/\/login\?reason=/);
  await expect(page.getByRole('status')).toContainText('Please sign in');
});

test('?reason=session_expired shows the session expired banner', async ({ page }) => {
  await page.goto('/login?reason=session_expired');
  await expect(page.getByRole('status')).toContainText('session expired');
});

/** Signs out, then signs in from the given sign-in address. */
async function signInFrom(page: Page, loginUrl: string, email: string) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await page.goto(loginUrl);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('after sign-in, an off-site ?next= lands on the home page instead', async ({
  page,
  baseURL,
}) => {
  const email = await signUpThroughUi(page);
  for (const next of ['//evil.test', 'https://evil.test/settings/security', '/\\evil.test']) {
    await signInFrom(page, `/login?next=${encodeURIComponent(next)}`, email);
    await expect(page.getByRole('heading', { name: 'Documents' })).toBeVisible();
    await expect(page).toHaveURL(new URL('/', baseURL).href);
  }
});

test('after sign-in, a ?next= on this site is followed', async ({ page, baseURL }) => {
  const email = await signUpThroughUi(page);
  await signInFrom(page, `/login?next=${encodeURIComponent('/settings/security')}`, email);
  await expect(page.getByRole('heading', { name: 'Active sessions' })).toBeVisible();
  await expect(page).toHaveURL(new URL('/settings/security', baseURL).href);
});
