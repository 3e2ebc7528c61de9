import { type FormEvent, useState } from 'react';
import { type SessionLimitOffer, useChooseSessionToEnd } from '../../api/auth';
import { ApiError, errorMessage } from '../../api/errors';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { When } from '../../components/when';
import { sessionPlace } from '../../lib/sessions';

/**
 * At the org's session limit, after the password (and second factor): which live session ends
 * so this one can begin. The least recently seen is preselected — what a sign-in without the
 * choice would end.
 */
export function SessionChoice({
  offer,
  onSignedIn,
  onRestart,
  onCancel,
}: {
  offer: SessionLimitOffer;
  onSignedIn(): void;
  /** The choice expired or was spent: back to the password, with why. */
  onRestart(error: ApiError): void;
  onCancel(): void;
}) {
  const choose = useChooseSessionToEnd();
  const [chosen, setChosen] = useState(offer.suggested);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    choose.mutate(
      { choiceToken: offer.choiceToken, endSessionId: chosen },
      {
        onSuccess: onSignedIn,
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS') onRestart(error);
        },
      },
    );
  }

  const message = errorMessage(choose.error, 'Could not sign in');
  const sessions = offer.limit === 1 ? 'one session' : `${offer.limit} sessions`;
  return (
    <form className="space-y-4" onSubmit={onSubmit}>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Your organisation allows {sessions} at once. Choose the one to sign out so you can sign in
        here.
      </p>
      {message ? <Alert tone="error">{message}</Alert> : null}
      <fieldset>
        <legend className="mb-2 text-sm font-medium">Session to sign out</legend>
        <ul className="space-y-2">
          {offer.sessions.map((session) => (
            <li key={session.id}>
              <label className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-200 p-3 has-[:checked]:border-indigo-500 dark:border-slate-700">
                <input
                  type="radio"
                  name="endSessionId"
                  value={session.id}
                  checked={chosen === session.id}
                  onChange={() => setChosen(session.id)}
                  className="mt-1"
                  aria-describedby={`session-${session.id}-details`}
                />
                <span className="min-w-0">
                  <span className="block font-medium">{session.device.label}</span>
                  <span
                    id={`session-${session.id}-details`}
                    className="block text-sm text-slate-600 dark:text-slate-400"
                  >
                    {[sessionPlace(session), session.ip].filter(Boolean).join(' · ')} · last active{' '}
                    <When iso={session.lastSeenAt} /> · signed in <When iso={session.createdAt} />
                    {session.id === offer.suggested ? ' · least recently used' : ''}
                  </span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <Button type="submit" className="w-full" disabled={choose.isPending}>
        Sign out that session and continue
      </Button>
      <div className="text-center">
        <Button type="button" variant="ghost" size="sm" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
