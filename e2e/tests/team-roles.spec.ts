import { expect, type Page, test } from '@playwright/test';
import {
  addUserThroughUi,
  otherDevice,
  signInThroughUi,
  signUpThroughUi,
  verifyWithPassword,
} from './support';

const teamRow = (page: Page, email: string) =>
  page.getByRole('list', { name: 'Team members' }).getByRole('listitem').filter({ hasText: email });

test('an owner demotes an admin and disables a member from the Team page; an admin is offered nothing against an owner', async ({
  page,
  browser,
}) => {
  test.slow(); // four password hashes and two step-ups on a shared machine
  const ownerEmail = await signUpThroughUi(page);
  const adminEmail = await addUserThroughUi(page, 'Ada Admin', 'admin');
  const memberEmail = await addUserThroughUi(page, 'Maya Member');

  const admin = await otherDevice(browser);
  await signInThroughUi(admin, adminEmail);
  await admin.goto('/admin/users');
  const ownerSeenByAdmin = teamRow(admin, ownerEmail);
  await expect(ownerSeenByAdmin).toBeVisible();
  for (const name of ['Change role', 'Disable', 'Force logout'])
    await expect(ownerSeenByAdmin.getByRole('button', { name })).toHaveCount(0);
  await expect(
    teamRow(admin, memberEmail).getByRole('button', { name: 'Change role' }),
  ).toBeVisible();

  // The owner on a second device: nothing verified there yet, so the change asks for it.
  const owner = await otherDevice(browser);
  await signInThroughUi(owner, ownerEmail);
  await owner.goto('/admin/users');
  const adminRow = teamRow(owner, adminEmail);
  await adminRow.getByRole('button', { name: 'Change role' }).click();
  const dialog = owner.getByRole('dialog', { name: 'Change the role of Ada Admin' });
  await dialog.getByLabel('Role').selectOption('member');
  await expect(dialog).toContainText('They are signed out everywhere');
  await dialog.getByRole('button', { name: 'Save role' }).click();
  await verifyWithPassword(owner);
  await expect(dialog).toBeHidden();
  await expect(adminRow).toContainText('member');
  await expect(adminRow).toContainText('0 live sessions');

  // The demoted admin's next request says an administrator signed them out.
  await admin.getByRole('link', { name: 'Security', exact: true }).click();
  await expect(admin).toHaveURL(/\/login\?reason=forced_logout/);

  const memberRow = teamRow(owner, memberEmail);
  await memberRow.getByRole('button', { name: 'Disable' }).click();
  const confirm = owner.getByRole('alertdialog', { name: 'Disable Maya Member?' });
  await expect(confirm).toContainText('cannot sign in until someone enables them');
  await confirm.getByRole('button', { name: 'Disable' }).click();
  await expect(confirm).toBeHidden();
  await expect(memberRow).toContainText('Disabled');
  await expect(memberRow.getByRole('button', { name: 'Enable' })).toBeVisible();
});
