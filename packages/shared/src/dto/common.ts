import { z } from 'zod';

/** Lower-cased, trimmed e-mail address. */
export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address' }))
  .transform((value) => value.toLowerCase());

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** A new password; the upper bound keeps hashing cost bounded. */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH);

/** A password offered for checking: any non-empty string up to the maximum. */
export const passwordSchema = z.string().min(1, 'Enter your password').max(PASSWORD_MAX_LENGTH);

export const personNameSchema = z.string().trim().min(1, 'Enter a name').max(100);
export const uuidSchema = z.uuid();
export const idParamsSchema = z.object({ id: uuidSchema });
