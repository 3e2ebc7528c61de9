import { expect, type Page, test } from '@playwright/test';
import {
  addUserThroughUi,
  otherDevice,
  PASSWORD,
  signInThroughUi,
  signUpThroughUi,
  verifyWithPassword,
} from './support';

const teamRow = (page: Page, email: string) =>
  page.getByRole('list', { name: 'Team members' }).getByRole('listitem').filter({ hasText: email });

test('a forced-out member who reloads sees why, with their email filled in', async ({
  page,
  browser,
}) => {
  await signUpThroughUi(page);
  const memberEmail = await addUserThroughUi(page, 'Maya Member');
  const member = await otherDevice(browser);
  await signInThroughUi(member, memberEmail);
  await member.goto('/settings/security');
  await expect(member.getByRole('heading', { name: 'Active sessions' })).toBeVisible();

  await page.goto('/admin/users');
  await teamRow(page, memberEmail).getByRole('button', { name: 'Force logout' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Force logout Maya Member?' });
  await confirm.getByRole('button', { name: 'Force logout' }).click();
  await verifyWithPassword(page);
  await expect(confirm).toBeHidden();

  // No request in between: the reload's start-up probe is the first to hear of it.
  await member.reload();
  await expect(member).toHaveURL(/\/login\?reason=forced_logout/);
  await expect(member.getByRole('status')).toContainText('An administrator signed you out');
  await expect(member.getByLabel('Email')).toHaveValue(memberEmail);

  // Reloading the sign-in page itself keeps saying why (the cookie is gone by now).
  await member.reload();
  await expect(member.getByRole('status')).toContainText('An administrator signed you out');
  await expect(member.getByLabel('Email')).toHaveValue(memberEmail);
});

test('an expired session reloads onto the sign-in page with the session expired banner', async ({
  page,
}) => {
  const email = await signUpThroughUi(page);
  await page.goto('/settings/security');
  await expect(page.getByRole('heading', { name: 'Active sessions' })).toBeVisible();
  // The server's clock cannot be moved from here: its answer for an expired session is
  // stood in for (the server side is tested in apps/server).
  await page.route('**/api/auth/me', (route) =>
    route.fulfill({
      status: 401,
      json: {
        error: 'UNAUTHENTICATED',
        message: 'Your session expired',
        reason: 'session_expired',
      },
    }),
  );
  await page.reload();
  await expect(page).toHaveURL(/\/login\?reason=session_expired/);
  await expect(page.getByRole('status')).toContainText('session expired');
  await expect(page.getByLabel('Email')).toHaveValue(email);
});

test('a password changed on another device: the other one reloads onto a banner saying so', async ({
  page,
  browser,
}) => {
  const email = await signUpThroughUi(page);
  const laptop = await otherDevice(browser);
  await signInThroughUi(laptop, email);

  await page.goto('/settings/security');
  const form = page.getByRole('region', { name: 'Change password' });
  await form.getByLabel('Current password').fill(PASSWORD);
  await form.getByLabel('New password').fill('a fresh passphrase for winter');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText(/^Password changed\./)).toBeVisible();

  await laptop.goto('/login');
  await expect(laptop.getByRole('status')).toContainText('Your password was changed');
  await expect(laptop.getByLabel('Email')).toHaveValue(email);
});

test('an explicit sign-out forgets the email; the next visit starts with an empty form', async ({
  page,
}) => {
  await signUpThroughUi(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByRole('status')).toHaveCount(0);
  await expect(page.getByLabel('Email')).toHaveValue('');
});
