import { expect, type Page, test } from '@playwright/test';
import { addUserThroughUi, signUpThroughUi, verifyWithPassword } from './support';

async function impersonate(page: Page, memberEmail: string) {
  await page.goto('/admin/users');
  await page
    .getByRole('list', { name: 'Team members' })
    .getByRole('listitem')
    .filter({ hasText: memberEmail })
    .getByRole('button', { name: 'Impersonate' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Impersonate Maya Member' });
  await dialog.getByLabel('Reason').fill('Ticket 4821: cannot see the Q3 report');
  await dialog.getByRole('button', { name: 'Impersonate Maya Member' }).click();
  await verifyWithPassword(page);
  await expect(page.getByRole('region', { name: 'Impersonation' })).toBeVisible();
}

test('a read-only support session shows its write controls disabled, saying why', async ({
  page,
}) => {
  await signUpThroughUi(page);
  await page.getByLabel('Upload a document').setInputFiles({
    name: 'minutes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('minutes'),
  });
  await expect(page.getByRole('list', { name: 'Documents' })).toContainText('minutes.txt');
  const memberEmail = await addUserThroughUi(page, 'Maya Member');
  await impersonate(page, memberEmail);

  const upload = page.getByRole('button', { name: 'Upload', exact: true });
  await expect(upload).toBeDisabled();
  await upload.hover();
  await expect(page.getByRole('tooltip')).toHaveText('Read-only support session');
  await upload.click({ force: true });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Share' }).first()).toBeDisabled();

  await page.getByRole('link', { name: 'Security', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Change password' })).toBeDisabled();
  await expect(
    page.getByRole('button', { name: 'Set up two-factor authentication' }),
  ).toBeDisabled();
  // Reading is what a read-only session is for: "Load more" and the way out stay live.
  await expect(page.getByRole('button', { name: 'Exit impersonation' })).toBeEnabled();
});

test('"Exit impersonation" keeps the layout in place, so the pointer is not on "Sign out", and a toast confirms', async ({
  page,
}) => {
  await signUpThroughUi(page);
  const memberEmail = await addUserThroughUi(page, 'Maya Member');
  await impersonate(page, memberEmail);

  const exit = page.getByRole('button', { name: 'Exit impersonation' });
  const box = await exit.boundingBox();
  if (!box) throw new Error('the Exit impersonation button has no box');
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.click(x, y);

  const ended = page.getByRole('region', { name: 'Support session ended' });
  await expect(ended).toContainText('Support session for Maya Member ended');
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText(
    'Support session ended',
  );
  // What is under the pointer now is the notice where the banner was, not "Sign out".
  const under = await page.evaluate(
    ([px, py]) =>
      document.elementFromPoint(px ?? 0, py ?? 0)?.closest('section, button')?.textContent,
    [x, y],
  );
  expect(under).toContain('Support session for Maya Member ended');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});
