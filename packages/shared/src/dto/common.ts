import { z } from 'zod';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Embedding, override and isolate controls: they reorder how text is shown ("Trojan Source"). */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text that can be stored and shown safely: Postgres refuses NUL in text, and a lone UTF-16
 * surrogate has no UTF-8 form (it would be stored as U+FFFD, not as what was sent).
 */
export function textSchema() {
  return z
    .string()
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
    .refine((value) => !LONE_SURROGATE.test(value), 'must be valid Unicode text');
}

/** Text shown to other people (names): also no bidi controls that could disguise it. */
export function displayTextSchema() {
  return textSchema().refine(
    (value) => !new RegExp(BIDI_CONTROLS.source).test(value),
    'must not contain text-direction control characters',
  );
}

/** Lower-cased, trimmed e-mail address. */
export const emailSchema = textSchema()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address' }))
  .transform((value) => value.toLowerCase());

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** A new password; the upper bound keeps hashing cost bounded. */
export const newPasswordSchema = textSchema()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH);

/** A password offered for checking: any non-empty string up to the maximum. */
export const passwordSchema = textSchema().min(1, 'Enter your password').max(PASSWORD_MAX_LENGTH);

export const personNameSchema = displayTextSchema().trim().min(1, 'Enter a name').max(100);
export const orgNameSchema = displayTextSchema()
  .trim()
  .min(1, 'Enter an organisation name')
  .max(100);
export const uuidSchema = z.uuid();
export const idParamsSchema = z.object({ id: uuidSchema });

/** Opaque paging: `cursor` from the previous page's `nextCursor`; at most 100 rows a page. */
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 100;
export const pageQuerySchema = z.object({
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor from this API')
    .optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;
export const nextCursorSchema = z.string().nullable();

/** `{success: true}`: an action with nothing else to say (turning off TOTP, revoking a link). */
export const successResponseSchema = z.object({ success: z.literal(true) });
export type SuccessResponse = z.infer<typeof successResponseSchema>;

/**
 * At the session limit (DESIGN §4) the browser's sign-in asks which session ends. The SPA sends
 * `chooseSession: true` with the password (and with the second factor); a sign-in without it —
 * a script, an API client — ends the least recently seen session as before.
 */
export const chooseSessionFlag = z
  .boolean()
  .optional()
  .describe(
    'true (the web app): at the session limit, answer `sessionLimit` and let the person choose which session ends; otherwise the least recently seen ends',
  );
