import { createHmac } from 'node:crypto';
import { expect, type Page } from '@playwright/test';

/** RFC 6238 for the browser tests, independent of the server's library. */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...text.replace(/=+$/, '').toUpperCase()]
    .map((char) => alphabet.indexOf(char).toString(2).padStart(5, '0'))
    .join('');
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2)));
}

function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * An authenticator that never repeats a time step: the server refuses any step at or before the
 * last one it accepted. It gives the current step, then the next: both stay inside the server's
 * ±1-step window even if a step boundary passes on the way, so two codes need no waiting.
 */
export function authenticator(secret: string): { nextCode(): string } {
  const key = base32Decode(secret);
  let lastStep = Number.NEGATIVE_INFINITY;
  return {
    nextCode() {
      const current = Math.floor(Date.now() / 30_000);
      lastStep = Math.max(lastStep + 1, current);
      return hotp(key, lastStep);
    },
  };
}

export type Authenticator = ReturnType<typeof authenticator>;

/**
 * Turns on TOTP from Settings → Security as a user would: adding a factor asks for the password
 * first ("Verify to continue", step-up MFA_CHANGE), then the QR code's key and a first code.
 */
export async function enrolTotp(
  page: Page,
  password: string,
): Promise<{ app: Authenticator; recoveryCodes: string[] }> {
  await page.goto('/settings/security');
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  const verify = page.getByRole('dialog', { name: 'Verify to continue' });
  await expect(verify).toContainText('Adding an authenticator changes how you sign in');
  await verify.getByLabel('Password').fill(password);
  await verify.getByRole('button', { name: 'Verify' }).click();
  await expect(verify).toBeHidden();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const app = authenticator(await page.getByLabel('Setup key').inputValue());
  await page.getByLabel('Authentication code').fill(app.nextCode());
  await page.getByRole('button', { name: 'Enable' }).click();
  const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recoveryCodes = await codes.allTextContents();
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText('10 recovery codes left')).toBeVisible();
  return { app, recoveryCodes };
}
