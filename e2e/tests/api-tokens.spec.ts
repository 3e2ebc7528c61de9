import { expect, request, test } from '@playwright/test';
import { signUpThroughUi, verifyWithPassword } from './support';

test('an owner creates a token through step-up, copies it once, and revokes it', async ({
  page,
  context,
  baseURL,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await signUpThroughUi(page);
  await page.getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { name: 'API tokens' })).toBeVisible();
  await expect(page.getByText('No API tokens yet.')).toBeVisible();

  await page.getByRole('button', { name: 'Create token' }).click();
  const form = page.getByRole('dialog', { name: 'Create API token' });
  await form.getByLabel('Name').fill('Nightly cleanup');
  await form.getByRole('checkbox', { name: /sessions:write/ }).check();
  await form.getByLabel('Expires').selectOption({ label: 'Never' });
  await expect(form.getByText(/never expires works until someone revokes it/)).toBeVisible();
  await form.getByLabel('Expires').selectOption({ label: '30 days' });
  await form.getByRole('button', { name: 'Create token' }).click();
  await verifyWithPassword(page);

  const reveal = page.getByRole('dialog', { name: 'Copy your new token' });
  const field = reveal.getByRole('textbox', { name: 'New API token' });
  await expect(field).toHaveValue(/^gh_pat_[A-Za-z0-9_-]{49}$/);
  const secret = await field.inputValue();
  await reveal.getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByText('Token copied')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await reveal.getByRole('button', { name: 'Done' }).click();
  await expect(reveal).toBeHidden();

  // Shown once: gone from the page, only its last four remain.
  const list = page.getByRole('list', { name: 'API tokens' });
  await expect(list.getByText('Nightly cleanup')).toBeVisible();
  await expect(list.getByText(`gh_pat_…${secret.slice(-4)}`)).toBeVisible();
  await expect(page.getByText(secret)).toHaveCount(0);
  await page.reload();
  await expect(list.getByText('Nightly cleanup')).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  // The token works from a script, then stops once revoked.
  // A script: no cookies, only the bearer token.
  const script = await request.newContext({
    baseURL,
    extraHTTPHeaders: { Authorization: `Bearer ${secret}` },
  });
  const asScript = () => script.get('/api/admin/sessions');
  expect((await asScript()).status()).toBe(200);
  await list.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke token' }).click();
  await expect(page.getByText('No API tokens yet.')).toBeVisible();
  expect((await asScript()).status()).toBe(401);
  await script.dispose();
});
