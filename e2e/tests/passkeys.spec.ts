import { expect, type Page, test } from '@playwright/test';
import {
  otherDevice,
  signInThroughUi,
  signUpThroughUi,
  verifyWithPassword,
  visitorAddress,
} from './support';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

/**
 * Chromium's virtual authenticator (DevTools protocol): a platform authenticator with resident
 * keys and user verification that always succeeds, as Touch ID or Windows Hello would.
 */
async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
}

test('a passkey added behind step-up signs in without a password, confirms a revoke, and is removed', async ({
  page,
  browser,
}) => {
  const email = await signUpThroughUi(page);
  await addVirtualAuthenticator(page);
  // Another device, signed in with the password while the account has no factor yet.
  const phone = await otherDevice(browser, IPHONE);
  await phone.setExtraHTTPHeaders({ 'x-forwarded-for': visitorAddress() });
  await signInThroughUi(phone, email);

  // Add: "Verify to continue" (the password: no factor yet), then the authenticator answers.
  await page.getByRole('link', { name: 'Security', exact: true }).click();
  const card = page.getByRole('region', { name: 'Passkeys' });
  await card.getByRole('button', { name: 'Add a passkey' }).click();
  await verifyWithPassword(page);
  const items = card.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem');
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('This device only');
  await expect(items.first().getByRole('button', { name: 'Rename' })).toBeVisible();
  // The first factor came with recovery codes, shown once.
  await card.getByRole('button', { name: 'Done' }).click();

  // Sign out, and back in with the passkey alone: no password typed. Chromium's virtual
  // authenticator answers the page's autofill (conditional) request at once, which a person
  // would have to pick; its options are refused here so that the button is what signs in.
  let optionsAsked = 0;
  await page.route('**/api/auth/passkey/options', (route) =>
    optionsAsked++ === 0 ? route.abort() : route.continue(),
  );
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  // Back where the person was (the Security page), signed in.
  await expect(page.getByRole('heading', { name: 'Security', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  // Revoke a device through the step-up dialog with "Use a passkey".
  const sessions = page.getByRole('list', { name: 'Sessions' });
  await expect(sessions.getByRole('listitem')).toHaveCount(2);
  const other = sessions.getByRole('listitem').filter({ hasNotText: 'This device' });
  await other.getByRole('button', { name: /Revoke/ }).click();
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: 'Sign out', exact: true })
    .click();
  const stepUp = page.getByRole('dialog', { name: 'Verify to continue' });
  await stepUp.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(stepUp).toBeHidden();
  await expect(sessions.getByRole('listitem')).toHaveCount(1);

  // Remove it: confirmed, then verified with the passkey again (its own purpose).
  await card.getByRole('button', { name: 'Remove' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove passkey' }).click();
  await stepUp.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(stepUp).toBeHidden();
  await expect(card.getByText('No passkeys yet.')).toBeVisible();
});

test('the Email field’s autofill offers the passkey and signs in with it', async ({ page }) => {
  await signUpThroughUi(page);
  await addVirtualAuthenticator(page);
  await page.getByRole('link', { name: 'Security', exact: true }).click();
  const card = page.getByRole('region', { name: 'Passkeys' });
  await card.getByRole('button', { name: 'Add a passkey' }).click();
  await verifyWithPassword(page);
  await card.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel('Email')).toHaveAttribute('autocomplete', 'username webauthn');
  // Nothing clicked, nothing typed: the conditional request is answered from the autofill.
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Security', level: 1 })).toBeVisible();
});
