/** The text people save: one code per line, with a heading saying what they are. */
export function recoveryCodesText(codes: readonly string[], email: string): string {
  return [
    `Gatehouse recovery codes for ${email}`,
    'Each code works once, in place of a code from your authenticator app.',
    '',
    ...codes,
    '',
  ].join('\n');
}
