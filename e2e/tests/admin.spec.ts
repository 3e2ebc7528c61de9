import { type Browser, expect, type Page, test } from '@playwright/test';
import {
  addUserThroughUi,
  otherDevice,
  signInThroughUi,
  signUpThroughUi,
  verifyWithPassword,
} from './support';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

const teamRow = (page: Page, email: string) =>
  page.getByRole('list', { name: 'Team members' }).getByRole('listitem').filter({ hasText: email });

/** Another browser, placed in a country by the trusted proxy's header (no GeoIP database here). */
async function deviceIn(browser: Browser, country: string, userAgent?: string): Promise<Page> {
  const context = await browser.newContext({
    ...(userAgent ? { userAgent } : {}),
    extraHTTPHeaders: { 'cf-ipcountry': country },
  });
  return context.newPage();
}

/** From the Team page: "Impersonate", a reason, the password; the banner is then up. */
async function startImpersonating(page: Page, email: string, reason: string) {
  await page.goto('/admin/users');
  await teamRow(page, email).getByRole('button', { name: 'Impersonate' }).click();
  const dialog = page.getByRole('dialog', { name: /^Impersonate / });
  await dialog.getByLabel('Reason').fill(reason);
  await dialog.getByRole('button', { name: /^Impersonate / }).click();
  await verifyWithPassword(page);
  await expect(page.getByRole('region', { name: 'Impersonation' })).toBeVisible();
}

test('an admin forces a member out from the Team page; the member’s next request says why', async ({
  page,
  browser,
}) => {
  const ownerEmail = await signUpThroughUi(page);
  const memberEmail = await addUserThroughUi(page, 'Maya Member');
  const member = await otherDevice(browser);
  await signInThroughUi(member, memberEmail);

  await page.goto('/admin/users');
  await expect(teamRow(page, ownerEmail).getByRole('button', { name: 'Force logout' })).toHaveCount(
    0,
  );
  const row = teamRow(page, memberEmail);
  await expect(row).toContainText('1 live session');
  await row.getByRole('button', { name: 'Force logout' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Force logout Maya Member?' });
  await expect(confirm).toContainText('This ends their session on every device');
  await confirm
    .getByLabel('Reason (optional)')
    .fill('Your laptop was reported stolen; call IT on ext. 4411');
  await confirm.getByRole('button', { name: 'Force logout' }).click();
  await verifyWithPassword(page);
  await expect(confirm).toBeHidden();
  // Their sessions ended, but when they were last seen stays known (issue 20, item 7).
  await expect(row).toContainText('0 live sessions');
  await expect(row).toContainText(/seen (just now|\d+ (seconds?|minutes?) ago)/);
  await expect(row).not.toContainText('never seen');
  await page.reload();
  await expect(teamRow(page, memberEmail)).toContainText('0 live sessions');
  await expect(teamRow(page, memberEmail)).not.toContainText('never seen');

  await member.getByRole('link', { name: 'Security', exact: true }).click();
  await expect(member).toHaveURL(/\/login\?reason=forced_logout/);
  const banner = member.getByRole('status');
  await expect(banner).toContainText('An administrator signed you out');
  // The administrator's words, as theirs (issue 20, item 17).
  await expect(banner).toContainText(
    'Their reason: “Your laptop was reported stolen; call IT on ext. 4411”',
  );
});

test('a reason in the sign-in page’s address is not shown: only the server says what an administrator wrote', async ({
  page,
}) => {
  await page.goto('/login?reason=forced_logout&note=Call%20555-0100%20now');
  await expect(page.getByRole('status')).toContainText('An administrator signed you out');
  await expect(page.getByRole('status')).not.toContainText('Their reason');
  await expect(page.getByRole('status')).not.toContainText('555');
});

test('an admin impersonates a member for a stated reason: read-only, visible to the member, and back', async ({
  page,
  browser,
}) => {
  await signUpThroughUi(page);
  const memberEmail = await addUserThroughUi(page, 'Maya Member');
  const member = await otherDevice(browser);
  await signInThroughUi(member, memberEmail);

  await page.goto('/admin/users');
  await teamRow(page, memberEmail).getByRole('button', { name: 'Impersonate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Impersonate Maya Member' });
  const reason = dialog.getByLabel('Reason');
  await reason.fill('Too short');
  await dialog.getByRole('button', { name: 'Impersonate Maya Member' }).click();
  await expect(dialog.getByText('Say why in at least 10 characters')).toBeVisible();
  await reason.fill('Ticket 4821: cannot see the Q3 report');
  await expect(dialog.getByText('Say why in at least 10 characters')).toBeHidden();
  await dialog.getByRole('button', { name: 'Impersonate Maya Member' }).click();
  await verifyWithPassword(page);

  const banner = page.getByRole('region', { name: 'Impersonation' });
  await expect(banner).toContainText('You are impersonating Maya Member');
  await expect(banner).toContainText(/(60|59) minutes left/);
  await expect(banner).toContainText('Read-only');
  await expect(page.getByRole('heading', { name: 'Documents' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Team' })).toHaveCount(0);

  // Read-only: a write is refused, and the page says why.
  await page.getByLabel('Upload a document').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('hello'),
  });
  await expect(page.getByRole('alert')).toContainText('impersonating in read-only mode');

  // The member sees who is in their account, and why.
  await member.getByRole('link', { name: 'Security', exact: true }).click();
  const memberSessions = member.getByRole('list', { name: 'Sessions' });
  await expect(memberSessions.getByText('Support session by Olive Owner')).toBeVisible();
  const activity = member.getByRole('list', { name: 'Security activity' });
  const started = activity
    .getByRole('listitem')
    .filter({ hasText: 'Support session started by Olive Owner' });
  await expect(started).toContainText('Reason: Ticket 4821: cannot see the Q3 report');

  await banner.getByRole('button', { name: 'Exit impersonation' }).click();
  await expect(banner).toBeHidden();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('heading', { name: 'Team' })).toBeVisible();
  await expect(
    teamRow(page, memberEmail).getByRole('button', { name: 'Impersonate' }),
  ).toBeVisible();

  await member.reload();
  await expect(memberSessions.getByText(/Support session/)).toHaveCount(0);
  await expect(
    activity.getByRole('listitem').filter({ hasText: 'Support session by Olive Owner ended' }),
  ).toHaveCount(1);
  // What the support session tried is on the member's list as the support session's.
  await expect(activity.getByRole('listitem').filter({ hasText: 'Upload refused' })).toContainText(
    'Support session by Olive Owner',
  );
});

test('org sessions: filtered by country, then every match signed out after a confirmation stating the count', async ({
  page,
  browser,
}) => {
  await signUpThroughUi(page);
  const memberEmail = await addUserThroughUi(page, 'Maya Member');
  const phone = await deviceIn(browser, 'PT', IPHONE);
  await signInThroughUi(phone, memberEmail);
  const laptop = await deviceIn(browser, 'PT');
  await signInThroughUi(laptop, memberEmail);
  const elsewhere = await deviceIn(browser, 'SE');
  await signInThroughUi(elsewhere, memberEmail);

  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Organisation sessions' })).toBeVisible();
  const sessions = page.getByRole('list', { name: 'Sessions' });
  await expect(sessions.getByRole('listitem')).toHaveCount(4);
  await expect(sessions.getByRole('listitem').filter({ hasText: 'Maya Member' })).toHaveCount(3);

  await page.getByLabel('Country').selectOption('Portugal');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/country=PT/);
  await expect(sessions.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByText('2 matching sessions can be signed out')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out all matching' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Sign out 2 sessions?' });
  await expect(confirm).toBeVisible();
  // Another session from Portugal arrives while the admin reads the confirmation.
  const tablet = await deviceIn(browser, 'PT');
  await signInThroughUi(tablet, memberEmail);
  await confirm.getByRole('button', { name: 'Sign out 2 sessions' }).click();
  const changed = page.getByRole('alertdialog', { name: 'Sign out 3 sessions?' });
  await expect(changed.getByRole('alert')).toContainText('3 sessions match now');
  await changed.getByRole('button', { name: 'Sign out 3 sessions' }).click();
  await verifyWithPassword(page);
  await expect(changed).toBeHidden();
  await expect(page.getByText('No session matches the filter.')).toBeVisible();

  await phone.reload();
  await expect(phone).toHaveURL(/\/login/);
  await elsewhere.reload();
  await expect(elsewhere.getByRole('heading', { name: 'Documents' })).toBeVisible();
});

test('a support session the member ends sends the admin back to their own account', async ({
  page,
  browser,
}) => {
  await signUpThroughUi(page);
  const memberEmail = await addUserThroughUi(page, 'Maya Member');
  const member = await otherDevice(browser);
  await signInThroughUi(member, memberEmail);
  await startImpersonating(page, memberEmail, 'Ticket 4822: checking their shared links');

  await member.getByRole('link', { name: 'Security', exact: true }).click();
  const support = member
    .getByRole('list', { name: 'Sessions' })
    .getByRole('listitem')
    .filter({ hasText: 'Support session by Olive Owner' });
  await support.getByRole('button', { name: /Revoke/ }).click();
  await member
    .getByRole('alertdialog')
    .getByRole('button', { name: 'Sign out', exact: true })
    .click();
  await verifyWithPassword(member);
  await expect(support).toHaveCount(0);

  await page.getByRole('link', { name: 'Security', exact: true }).click();
  await expect(
    page.getByText('The support session ended. You are back in your own account.'),
  ).toBeVisible();
  await expect(page.getByRole('region', { name: 'Impersonation' })).toBeHidden();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
});

test('an owner who allows full impersonation lets a support session make changes', async ({
  page,
}) => {
  await signUpThroughUi(page);
  const memberEmail = await addUserThroughUi(page, 'Maya Member');

  await page.goto('/account/security');
  const fullMode = page.getByRole('switch', { name: 'Allow full impersonation' });
  await expect(fullMode).not.toBeChecked();
  await fullMode.click();
  await page.getByRole('button', { name: 'Save' }).click();
  await verifyWithPassword(page);
  await expect(page.getByText('New limits apply at each person’s next sign-in')).toBeVisible();
  await page.reload();
  await expect(fullMode).toBeChecked();

  await startImpersonating(page, memberEmail, 'Ticket 4823: upload the signed contract for them');
  await expect(page.getByRole('region', { name: 'Impersonation' })).toContainText('Full access');
  await page.getByLabel('Upload a document').setInputFiles({
    name: 'contract.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('signed'),
  });
  await expect(page.getByText('Uploaded contract.txt')).toBeVisible();
  await expect(
    page.getByRole('list', { name: 'Documents' }).getByText('contract.txt'),
  ).toBeVisible();
});
