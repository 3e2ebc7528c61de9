import { expect, type Page, test } from '@playwright/test';
import { PASSWORD, signInThroughUi, signUpThroughUi, uniqueEmail } from './support';

/** Sets a Custom policy through the form, verifying with the password when asked. */
async function saveCustomPolicy(page: Page, idle: string, absolute: string) {
  await page.goto('/account/security');
  await page.getByRole('radio', { name: 'Custom' }).check();
  await page.getByLabel('Idle timeout (minutes)').fill(idle);
  await page.getByLabel('Absolute lifetime (minutes)').fill(absolute);
  await page.getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByRole('dialog', { name: 'Verify to continue' });
  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('New limits apply at each person’s next sign-in')).toBeVisible();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
}

/**
 * Only this page's clock is moved: the tab's passive session checks would bring back the
 * server's real time (the skew the warning corrects for) and undo the jump.
 */
async function ignorePassiveChecks(page: Page) {
  await page.route('**/api/auth/me', (route) =>
    route.request().headers()['x-session-check'] === 'passive' ? route.abort() : route.continue(),
  );
}

test('an owner’s invalid custom values are flagged inline, and a valid policy saves', async ({
  page,
}) => {
  await signUpThroughUi(page);
  await page.goto('/account/security');
  await expect(page.getByRole('heading', { name: 'Session security' })).toBeVisible();
  const idle = page.getByLabel('Idle timeout (minutes)');
  await expect(idle).toBeDisabled();
  await page.getByRole('radio', { name: 'Custom' }).check();
  await expect(idle).toBeEnabled();
  await idle.fill('4');
  await expect(
    page.getByText('Idle timeout must be a whole number from 5 to 43,200'),
  ).toBeVisible();
  await idle.fill('43200');
  await expect(page.getByText(/cannot be longer than the absolute lifetime \(720\)/)).toBeVisible();
  await saveCustomPolicy(page, '45', '240');
  await expect(
    page.getByText(
      'In force now: idle timeout 45 minutes; absolute lifetime 240 minutes · 4 hours.',
    ),
  ).toBeVisible();
});

test('the expiry warning offers "Stay signed in" before an idle timeout, which extends the session', async ({
  page,
}) => {
  const email = await signUpThroughUi(page);
  await saveCustomPolicy(page, '10', '120');
  await signOut(page);
  await page.clock.install();
  await ignorePassiveChecks(page);
  await signInThroughUi(page, email);
  const before = (await (await page.request.get('/api/auth/me')).json()).session.idleExpiresAt;
  const warning = page.getByRole('region', { name: 'Session expiry' });
  await expect(warning).toBeHidden();
  await page.clock.fastForward('06:00');
  await expect(warning).toContainText('because of inactivity');
  await warning.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(warning).toBeHidden();
  const after = (await (await page.request.get('/api/auth/me')).json()).session.idleExpiresAt;
  expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
});

test('before the absolute limit the warning says "Sign in now", and stays away once dismissed', async ({
  page,
}) => {
  const email = await signUpThroughUi(page);
  await saveCustomPolicy(page, '60', '60');
  await signOut(page);
  await page.clock.install();
  await ignorePassiveChecks(page);
  await signInThroughUi(page, email);
  await page.goto('/settings/security');
  // Signed in on this page (its session's expiry known) before the clock jumps.
  await expect(page.getByRole('heading', { name: 'Active sessions' })).toBeVisible();
  const warning = page.getByRole('region', { name: 'Session expiry' });
  await page.clock.fastForward('56:00');
  await expect(warning.getByRole('link', { name: 'Sign in now' })).toBeVisible();
  await warning.getByRole('button', { name: 'Dismiss' }).click();
  await expect(warning).toBeHidden();
  await page.clock.fastForward('00:31');
  await expect(warning).toBeHidden();
});

test('"Sign out everyone including me" ends every session and lands on the sign-in page', async ({
  page,
  browser,
}) => {
  await signUpThroughUi(page);
  const memberEmail = uniqueEmail('member');
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'Add user' }).click();
  const add = page.getByRole('dialog', { name: 'Add user' });
  await add.getByLabel('Name').fill('Mia Member');
  await add.getByLabel('Email').fill(memberEmail);
  await add.getByLabel('Initial password').fill(PASSWORD);
  await add.getByRole('button', { name: /Add user|Create/ }).click();
  await expect(add).toBeHidden();

  const member = await (await browser.newContext()).newPage();
  await signInThroughUi(member, memberEmail);

  await page.goto('/account/security');
  await expect(page.getByText('2 people are signed in.')).toBeVisible();
  await expect(page.getByText('(you)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out everyone except me' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out everyone including me' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Sign out everyone, including you?' });
  await confirm.getByRole('button', { name: 'Sign everyone out' }).click();
  const verify = page.getByRole('dialog', { name: 'Verify to continue' });
  await verify.getByLabel('Password').fill(PASSWORD);
  await verify.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByText('Signed out 2 sessions, including yours')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();

  await member.reload();
  await expect(member.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
});
