import { expect, test } from '@playwright/test';
import { signUpThroughUi } from './support';

test.use({ viewport: { width: 390, height: 844 } });

const LONG_NAME = 'Quarterly board report for the supervisory committee.txt';

test('on a phone the navigation is a menu that shows every page, in its two groups', async ({
  page,
}) => {
  await signUpThroughUi(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Audit log' })).toBeHidden();
  await nav.getByRole('button', { name: 'Menu' }).click();
  await expect(nav.getByRole('list', { name: 'Account' }).getByRole('link')).toHaveText([
    'Security',
  ]);
  await expect(nav.getByRole('list', { name: 'Organisation' }).getByRole('link')).toHaveText([
    'Team',
    'Sessions',
    'Session security',
    'IP rules',
    'API tokens',
    'Audit log',
    'Alerts',
  ]);
  await nav.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Team' })).toBeHidden();

  // The old addresses still lead to their pages.
  await page.goto('/admin/sessions');
  await expect(page.getByRole('heading', { name: 'Organisation sessions' })).toBeVisible();
});

test('on a phone filters fold behind "Filters", names are whole and ids are never broken', async ({
  page,
}) => {
  await signUpThroughUi(page);
  await page.getByLabel('Upload a document').setInputFiles({
    name: LONG_NAME,
    mimeType: 'text/plain',
    buffer: Buffer.from('minutes'),
  });
  const name = page.getByRole('list', { name: 'Documents' }).getByText(LONG_NAME);
  await expect(name).toBeVisible();
  // Not cut to a few characters and an ellipsis: nothing of it overflows its box.
  expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  await page.goto('/admin/audit');
  const form = page.getByRole('form', { name: 'Filter the audit log' });
  await expect(form).toBeHidden();
  await page.getByRole('button', { name: /^Filters/ }).click();
  await expect(form).toBeVisible();
  await expect(form.getByRole('combobox', { name: 'Action' })).toBeVisible();

  // The upload's entry: its document id stays on one line, whole.
  const upload = page
    .getByRole('list', { name: 'Audit entries' })
    .getByRole('listitem')
    .filter({ hasText: 'Document uploaded' });
  const id = upload.locator('code').first();
  await expect(id).toHaveText(/^[0-9a-f-]{36}$/);
  const lineHeight = await id.evaluate((el) => Number.parseFloat(getComputedStyle(el).lineHeight));
  expect((await id.boundingBox())?.height ?? 0).toBeLessThan(lineHeight * 1.5);
});
