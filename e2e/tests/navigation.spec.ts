import { expect, test } from '@playwright/test';
import { addUserThroughUi, otherDevice, signInThroughUi, signUpThroughUi } from './support';

test('the navigation is two labelled groups, each page shown when permitted; pages name their tab', async ({
  page,
  browser,
}) => {
  await signUpThroughUi(page);
  const memberEmail = await addUserThroughUi(page, 'Maya Member');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('list', { name: 'Organisation' }).getByRole('link')).toHaveCount(7);
  await nav.getByRole('link', { name: 'Security', exact: true }).click();
  await expect(page).toHaveTitle('Security · Gatehouse');
  await nav.getByRole('link', { name: 'IP rules' }).click();
  await expect(page).toHaveTitle('IP rules · Gatehouse');

  const member = await otherDevice(browser);
  await signInThroughUi(member, memberEmail);
  const memberNav = member.getByRole('navigation', { name: 'Main' });
  await expect(memberNav.getByRole('list', { name: 'Account' })).toBeVisible();
  await expect(memberNav.getByRole('list', { name: 'Organisation' })).toHaveCount(0);
});

test('the first Tab offers "Skip to content", which moves focus past the navigation', async ({
  page,
}) => {
  await signUpThroughUi(page);
  await page.goto('/settings/security');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await skip.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  // Nav links show the same focus ring as buttons.
  const security = page.getByRole('link', { name: 'Security', exact: true });
  await security.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const ring = await security.evaluate((el) => getComputedStyle(el).boxShadow);
  expect(ring).not.toBe('none');
});
