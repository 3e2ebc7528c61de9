import { expect, type Page, test } from '@playwright/test';
import { signUpThroughUi } from './support';

/** Uploads small files through the API, as a script would, to build a long list quickly. */
async function uploadThroughApi(page: Page, baseURL: string, count: number) {
  const me = await (await page.request.get('/api/auth/me')).json();
  for (let i = 1; i <= count; i++) {
    const res = await page.request.post('/api/documents', {
      headers: { 'X-CSRF-Token': me.csrfToken, Origin: new URL(baseURL).origin },
      data: {
        name: `note-${String(i).padStart(3, '0')}.txt`,
        mime: 'text/plain',
        contentBase64: Buffer.from(`note ${i}`).toString('base64'),
      },
    });
    expect(res.status()).toBe(201);
  }
}

test('a long document list comes a page at a time behind "Load more"', async ({
  page,
  baseURL,
}) => {
  await signUpThroughUi(page);
  await uploadThroughApi(page, baseURL ?? '', 51);
  await page.reload();
  const rows = page.getByRole('list', { name: 'Documents' }).getByRole('listitem');
  await expect(rows).toHaveCount(50);
  await page.getByRole('button', { name: 'Load more documents' }).click();
  await expect(rows).toHaveCount(51);
  await expect(page.getByRole('button', { name: 'Load more documents' })).toHaveCount(0);
});

test('an upload past the storage quota says so', async ({ page }) => {
  await signUpThroughUi(page);
  // The browser tests run with an 8 MiB quota (playwright.config.ts); this file is 9 MB.
  await page.getByLabel('Upload a document').setInputFiles({
    name: 'big.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(9_000_000, 1),
  });
  await expect(page.getByRole('alert')).toContainText('storage');
  await expect(page.getByRole('list', { name: 'Documents' })).toHaveCount(0);
});
