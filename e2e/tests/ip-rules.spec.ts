import { expect, test } from '@playwright/test';
import {
  addUserThroughUi,
  otherDevice,
  PASSWORD,
  signInThroughUi,
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
  await member.getByRole('button', { name: 'Sign in', exact: true }).click();
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

test('an admin cannot lock the owner out: the preview and the refusal say why, with no "Save anyway"', async ({
  page,
  browser,
}) => {
  // The owner works from 198.18.x.y (signUpThroughUi's visitor address) and allows it.
  await signUpThroughUi(page);
  const adminEmail = await addUserThroughUi(page, 'Ada Admin', 'admin');
  await page.goto('/admin/ip-rules');
  for (const [cidr, note] of [
    ['198.18.0.0/15', 'Head office'],
    ['203.0.113.0/24', 'Support desk'],
  ] as const) {
    await page.getByLabel('Action').selectOption('allow');
    await page.getByLabel('Address or range (CIDR)').fill(cidr);
    await page.getByLabel('Note').fill(note);
    await page.getByRole('button', { name: 'Add rule' }).click();
    const confirm = page.getByRole('alertdialog', { name: `Allow ${cidr}?` });
    // No "Verify to continue": creating the admin just now was verified, and one verification
    // covers the organisation's settings for 5 minutes (DESIGN §5).
    await confirm.getByRole('button', { name: 'Save rule' }).click();
    await expect(confirm).toBeHidden();
  }

  const admin = await otherDevice(browser);
  await admin.setExtraHTTPHeaders({ 'x-forwarded-for': '203.0.113.9' });
  await signInThroughUi(admin, adminEmail);
  await admin.goto('/admin/ip-rules');

  // Adding: the preview says it, and offers no way to save.
  await admin.getByLabel('Action').selectOption('deny');
  await admin.getByLabel('Address or range (CIDR)').fill('198.18.0.0/15');
  await admin.getByRole('button', { name: 'Add rule' }).click();
  const confirm = admin.getByRole('alertdialog', { name: 'Deny 198.18.0.0/15?' });
  await expect(
    confirm.getByText(
      'This would block the owner Olive Owner from a network they use. Only an owner can make this change.',
    ),
  ).toBeVisible();
  await expect(confirm.getByRole('button', { name: /^Save/ })).toHaveCount(0);
  await confirm.getByRole('button', { name: 'Cancel' }).click();

  // Deleting the rule that lets the owner in: the server's refusal, in words; no "Delete anyway".
  const rules = admin.getByRole('list', { name: 'IP rules' });
  await rules
    .getByRole('listitem')
    .filter({ hasText: 'Head office' })
    .getByRole('button', { name: 'Delete' })
    .click();
  const remove = admin.getByRole('alertdialog', {
    name: 'Delete the allow rule for 198.18.0.0/15?',
  });
  await remove.getByRole('button', { name: 'Delete rule' }).click();
  await verifyWithPassword(admin);
  await expect(
    remove.getByText(
      'This change would block the owner Olive Owner from a network they use. Only an owner can make it.',
    ),
  ).toBeVisible();
  await expect(remove.getByRole('button', { name: 'Delete anyway' })).toHaveCount(0);
  await remove.getByRole('button', { name: 'Cancel' }).click();
  await expect(rules.getByText('198.18.0.0/15')).toBeVisible();
});
