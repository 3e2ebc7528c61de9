/** Focuses `target` as soon as it can take focus (a button disabled while its request waited). */
function focusWhenReady(target: HTMLElement, framesLeft = 30): void {
  if (!(target as HTMLButtonElement).disabled) {
    target.focus();
    return;
  }
  if (framesLeft > 0) requestAnimationFrame(() => focusWhenReady(target, framesLeft - 1));
}

/**
 * Where focus goes when the step-up dialog closes. Stacked on another dialog (the confirmation
 * that asked for it), back to that dialog's safe choice — its Cancel — never to the destructive
 * button that was pressed; otherwise back to what opened it. Either may be disabled for a moment
 * (its request was waiting for this dialog), so focus waits until it is not.
 */
export function focusAfterStepUp(event: Event, opener: Element | null): void {
  event.preventDefault();
  const below = [...document.querySelectorAll<HTMLElement>('[role="dialog"],[role="alertdialog"]')]
    .filter((dialog) => !dialog.hasAttribute('data-step-up'))
    .at(-1);
  const target = below ? (below.querySelector<HTMLElement>('[data-safe-choice]') ?? below) : opener;
  if (target instanceof HTMLElement) focusWhenReady(target);
}
