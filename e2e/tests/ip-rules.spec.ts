import { expect, test } from '@playwright/test';
import {
  addUserThroughUi,
  otherDevice,
  PASSWORD,
  signUpThroughUi,
  verifyWithPassword,
} from './support';

test('an admin previews a deny rule, saves it through step-up, sees it listed and deletes it', async ({
  page,
  browser,
}) => {
  await signUpThroughUi(page);
  const email = await addUserThroughUi(page, 'Mia Member');
  // The member is signed in from the range about to be denied.
  const member = await otherDevice(browser);
  await member.setExtraHTTPHeaders({ 'x-forwarded-for': '203.0.113.5' });
  await member.goto('/login');
  await member.getByLabel('Email').fill(email);
  await member.getByLabel('Password').fill(PASSWORD);
  await member.getByRole('button', { name: 'Sign in' }).click();
  await expect(member.getByRole('heading', { name: 'Documents' })).toBeVisible();

  await page.getByRole('link', { name: 'IP rules' }).click();
  await expect(page.getByRole('heading', { name: 'IP rules' })).toBeVisible();
  await expect(page.getByText('No rules: every address may sign in.')).toBeVisible();
  await page.getByLabel('Action').selectOption('deny');
  await page.getByLabel('Address or range (CIDR)').fill('203.0.113.0/24');
  await page.getByLabel('Note').fill('Test network');
  await page.getByRole('button', { name: 'Add rule' }).click();

  const confirm = page.getByRole('alertdialog', { name: 'Deny 203.0.113.0/24?' });
  await expect(
    confirm.getByText('1 person, 1 session would be signed out of their current network.'),
  ).toBeVisible();
  await expect(
    confirm.getByRole('list', { name: 'People who would be blocked' }).getByText('Mia Member'),
  ).toBeVisible();
  await confirm.getByRole('button', { name: 'Save rule' }).click();
  await verifyWithPassword(page);
  await expect(confirm).toBeHidden();

  const rules = page.getByRole('list', { name: 'IP rules' });
  await expect(rules.getByText('203.0.113.0/24')).toBeVisible();
  await expect(rules.getByText('Test network')).toBeVisible();

  // The member's next request from that network is refused with a clear message.
  await member.reload();
  await expect(member.getByText(/does not allow access from this network/)).toBeVisible();

  await rules.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete rule' }).click();
  await expect(page.getByText('No rules: every address may sign in.')).toBeVisible();
});
