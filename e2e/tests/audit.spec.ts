import { readFile } from 'node:fs/promises';
import { type APIRequestContext, expect, test } from '@playwright/test';
import { addUserThroughUi, PASSWORD, signUpThroughUi, visitorAddress } from './support';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

/** A sign-in from elsewhere (a script, another phone): the API as a browser would call it. */
function signInFromElsewhere(
  request: APIRequestContext,
  origin: string,
  email: string,
  password: string,
) {
  return request.post('/api/auth/login', {
    headers: { Origin: origin, 'User-Agent': IPHONE, 'X-Forwarded-For': visitorAddress() },
    data: { email, password },
  });
}

test('an owner filters the audit log by action and outcome, and the export carries the filter', async ({
  page,
  request,
  baseURL,
}) => {
  // Many steps on a shared, busy machine: more time, never retries.
  test.slow();
  const origin = baseURL ?? '';
  await signUpThroughUi(page);
  const memberEmail = await addUserThroughUi(page, 'Maya Member');

  // Someone tries the member's account with a wrong password; then the member signs in on a phone.
  expect(
    (await signInFromElsewhere(request, origin, memberEmail, 'not-the-password-123')).status(),
  ).toBe(401);
  expect((await signInFromElsewhere(request, origin, memberEmail, PASSWORD)).status()).toBe(200);

  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const entries = page.getByRole('list', { name: 'Audit entries' });
  await expect(entries.getByRole('listitem').filter({ hasText: 'User created' })).toContainText(
    `User Maya Member (${memberEmail})`,
  );

  // The action picker is a searchable multi-select: type, then choose from the list.
  const actions = page.getByRole('combobox', { name: 'Action' });
  await actions.fill('sign-in f');
  await page.getByRole('option', { name: 'Sign-in failed' }).click();
  await expect(page.getByRole('button', { name: 'Remove Sign-in failed' })).toBeVisible();
  await page.getByLabel('Outcome').selectOption('Refused');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/action=LOGIN_FAILURE/);
  const rows = entries.getByRole('listitem');
  await expect(rows).toHaveCount(1);
  // A refusal reads as one, with its reason in words, never a code.
  await expect(rows.first()).toContainText('Sign-in refused');
  await expect(rows.first()).toContainText('Refused: Wrong email or password');
  await expect(rows.first()).not.toContainText('INVALID_CREDENTIALS');
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
    'href',
    '/api/audit/export?format=csv&action=LOGIN_FAILURE&outcome=FAIL',
  );
  // The download is the filtered log: a header row and the one failed sign-in.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Export CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toContain('action');
  // Names and words beside the codes and ids (issue 20, item 9).
  expect(lines[0]).toContain('actionLabel');
  expect(lines[0]).toContain('actorName,actorEmail');
  expect(lines[0]).toContain('targetName,targetEmail');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain('LOGIN_FAILURE');
  expect(lines[1]).toContain('Wrong email or password');

  // Successful sign-ins alone: the member's, with the device it came from.
  await page.getByRole('button', { name: 'Remove Sign-in failed' }).click();
  await actions.fill('signed in');
  await actions.press('Enter');
  await actions.press('Escape');
  await expect(page.getByRole('button', { name: 'Remove Signed in' })).toBeVisible();
  await page.getByLabel('Outcome').selectOption('Succeeded');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const memberSignIn = rows.filter({ hasText: memberEmail });
  await expect(memberSignIn).toHaveCount(1);
  await expect(memberSignIn).toContainText('Safari on iPhone');
  // Metadata as named fields, ids whole and copyable, never raw keys or JSON.
  await expect(memberSignIn.getByRole('definition').first()).toBeVisible();
  await expect(memberSignIn).toContainText('Signed in with');
  await expect(memberSignIn).not.toContainText('authMethods');
  await expect(
    memberSignIn.getByRole('button', { name: /^Copy the id of User Maya Member/ }),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
    'href',
    '/api/audit/export?format=csv&action=LOGIN_SUCCESS&outcome=SUCCESS',
  );

  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
    'href',
    '/api/audit/export?format=csv',
  );
});
