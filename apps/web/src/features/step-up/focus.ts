/**
 * Where focus goes when the step-up dialog closes. Stacked on another dialog (the confirmation
 * that asked for it), back to that dialog's safe choice — its Cancel — never to the destructive
 * button that was pressed; otherwise back to what opened it, once it can take focus again (a
 * button disabled while its request waited for step-up).
 */
export function focusAfterStepUp(event: Event, opener: Element | null): void {
  event.preventDefault();
  const below = [...document.querySelectorAll<HTMLElement>('[role="dialog"],[role="alertdialog"]')]
    .filter((dialog) => !dialog.hasAttribute('data-step-up'))
    .at(-1);
  if (below) {
    (below.querySelector<HTMLElement>('[data-safe-choice]') ?? below).focus();
    return;
  }
  if (opener instanceof HTMLElement) requestAnimationFrame(() => opener.focus());
}
