/** "Email" → "email", "Address or range (CIDR)" keeps its capitals after the first word. */
const inSentence = (label: string) =>
  /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;

/**
 * Our words for a field the browser's own checks refuse (required, type, length, a custom
 * refusal such as a too-guessable password), shown under the field instead of the browser's
 * bubble.
 */
export function validityMessage(
  field: Pick<HTMLInputElement, 'validity' | 'validationMessage' | 'minLength' | 'type'>,
  label: string,
): string {
  const { validity } = field;
  if (validity.valueMissing) return `Enter ${inSentence(label)}`;
  if (validity.customError) return field.validationMessage;
  if (validity.typeMismatch && field.type === 'email')
    return 'Enter an email address, like name@example.com';
  if (validity.tooShort) return `Use at least ${field.minLength} characters`;
  if (validity.tooLong) return 'This is too long';
  return `Check ${inSentence(label)}`;
}

/**
 * The browser refused the form: say why under this field (not in its bubble), and put the
 * cursor on the first field it refused.
 */
export function onFieldInvalid(
  event: { preventDefault(): void; currentTarget: HTMLInputElement | HTMLTextAreaElement },
  label: string,
  show: (message: string) => void,
): void {
  event.preventDefault();
  const field = event.currentTarget;
  show(validityMessage(field as HTMLInputElement, label));
  if (!field.form?.querySelector(':focus:invalid')) field.focus();
}
