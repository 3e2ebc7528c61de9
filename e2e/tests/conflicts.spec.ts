import { expect, type Page, test } from '@playwright/test';
import { signUpThroughUi, verifyWithPassword } from './support';

async function proposeRule(page: Page, action: 'allow' | 'deny', cidr: string) {
  await page.getByLabel('Action').selectOption(action);
  await page.getByLabel('Address or range (CIDR)').fill(cidr);
  await page.getByRole('button', { name: 'Add rule' }).click();
  return page.getByRole('alertdialog', {
    name: `${action === 'deny' ? 'Deny' : 'Allow'} ${cidr}?`,
  });
}

test('an IP rule that would block your own address says so and offers "Save anyway"; a duplicate says it exists', async ({
  page,
}) => {
  await signUpThroughUi(page);
  await page.goto('/admin/ip-rules');

  // Allowing only a network the owner is not on would shut them out (409 self-lockout).
  const lockout = await proposeRule(page, 'allow', '203.0.113.0/24');
  await lockout.getByRole('button', { name: 'Save rule' }).click();
  await verifyWithPassword(page);
  await expect(
    lockout.getByText(/This rule would block your own address \(198\.18\./),
  ).toBeVisible();
  await expect(lockout.getByRole('button', { name: 'Save anyway' })).toBeVisible();
  await expect(page.getByText(/Something went wrong/)).toHaveCount(0);
  await lockout.getByRole('button', { name: 'Cancel' }).click();

  // The same deny rule twice: the second is refused in words (409 duplicate).
  const first = await proposeRule(page, 'deny', '192.0.2.0/24');
  await first.getByRole('button', { name: 'Save rule' }).click();
  await expect(first).toBeHidden();
  const again = await proposeRule(page, 'deny', '192.0.2.0/24');
  await again.getByRole('button', { name: 'Save rule' }).click();
  await expect(again.getByText('A deny rule for 192.0.2.0/24 already exists')).toBeVisible();
  await expect(page.getByText(/Something went wrong/)).toHaveCount(0);
});
