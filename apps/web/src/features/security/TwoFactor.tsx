import type { MfaStatusResponse, TotpSetupResponse } from '@gatehouse/shared';
import { ShieldCheck } from 'lucide-react';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { calls } from '../../api/calls';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { Dialog } from '../../components/ui/dialog';
import { Field } from '../../components/ui/field';
import { useAuth } from '../../stores/auth';
import { toast } from '../../stores/toast';
import { RecoveryCodes } from './RecoveryCodes';

type Phase =
  | { kind: 'status' }
  | { kind: 'setup'; setup: TotpSetupResponse }
  | { kind: 'codes'; codes: string[] };

const failed = (err: unknown, fallback: string): string | null =>
  err instanceof ApiError && err.code === 'STEP_UP_REQUIRED'
    ? null
    : err instanceof ApiError
      ? err.message
      : fallback;

/** Settings → Security → "Two-factor authentication": enrol, recovery codes, turn off. */
export function TwoFactor() {
  const me = useAuth((s) => s.me);
  const signedIn = useAuth((s) => s.signedIn);
  const [status, setStatus] = useState<MfaStatusResponse | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'status' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmOff, setConfirmOff] = useState(false);

  const load = useCallback(async () => {
    try {
      setStatus(await calls.mfaStatus());
    } catch (err: unknown) {
      setError(failed(err, 'Could not load two-factor settings'));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function run(action: () => Promise<void>, fallback: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err: unknown) {
      setError(failed(err, fallback));
    } finally {
      setBusy(false);
    }
  }

  const refreshAccount = async () => {
    await load();
    signedIn(await calls.me());
  };

  const start = () =>
    run(
      async () => setPhase({ kind: 'setup', setup: await calls.totpSetup() }),
      'Could not start the setup',
    );

  function enable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '');
    void run(async () => {
      const { recoveryCodes } = await calls.totpEnable(code);
      setPhase({ kind: 'codes', codes: recoveryCodes });
      toast('Two-factor authentication is on', 'success');
      await refreshAccount();
    }, 'Could not turn on two-factor authentication');
  }

  const regenerate = () =>
    run(async () => {
      const { recoveryCodes } = await calls.regenerateRecoveryCodes();
      setPhase({ kind: 'codes', codes: recoveryCodes });
      await load();
    }, 'Could not make new recovery codes');

  const disable = () =>
    run(async () => {
      await calls.totpDisable();
      setConfirmOff(false);
      toast('Two-factor authentication is off', 'success');
      await refreshAccount();
    }, 'Could not turn off two-factor authentication');

  return (
    <Card>
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-semibold">Two-factor authentication</h2>
        {status ? (
          <Badge
            className={
              status.enabled
                ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200'
                : undefined
            }
          >
            {status.enabled ? 'On' : 'Off'}
          </Badge>
        ) : null}
      </div>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        A code from an authenticator app (1Password, Google Authenticator, Authy…) as well as your
        password.
      </p>
      {error ? (
        <Alert tone="error" className="mt-3">
          {error}
        </Alert>
      ) : null}
      <div className="mt-4">
        {phase.kind === 'setup' ? (
          <form className="space-y-4" onSubmit={enable}>
            <p className="text-sm">
              Scan this QR code with your authenticator app, or type the setup key into it.
            </p>
            <img
              src={`data:image/svg+xml;utf8,${encodeURIComponent(phase.setup.qrCodeSvg)}`}
              alt="QR code for your authenticator app"
              className="h-44 w-44 rounded-lg bg-white p-2"
            />
            <Field label="Setup key" readOnly value={phase.setup.secret} className="font-mono" />
            <Field
              label="Authentication code"
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              required
            />
            <div className="flex justify-end gap-2">
              <Button
                type="button"
                variant="secondary"
                onClick={() => setPhase({ kind: 'status' })}
              >
                Cancel
              </Button>
              <Button type="submit" disabled={busy}>
                Enable
              </Button>
            </div>
          </form>
        ) : phase.kind === 'codes' ? (
          <RecoveryCodes
            codes={phase.codes}
            email={me?.user.email ?? ''}
            onDone={() => setPhase({ kind: 'status' })}
          />
        ) : status?.enabled ? (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="flex items-center gap-2 text-sm">
              <ShieldCheck className="h-4 w-4 text-emerald-600" aria-hidden />
              {status.recoveryCodesLeft === 1
                ? '1 recovery code left'
                : `${status.recoveryCodesLeft} recovery codes left`}
            </p>
            <div className="flex flex-wrap gap-2">
              <Button variant="secondary" onClick={() => void regenerate()} disabled={busy}>
                Regenerate recovery codes
              </Button>
              <Dialog
                open={confirmOff}
                onOpenChange={setConfirmOff}
                title="Turn off two-factor authentication?"
                description="Your password alone will sign you in. Actions your organisation protects with MFA will be refused until you set it up again."
                trigger={<Button variant="danger">Disable two-factor authentication</Button>}
              >
                <div className="flex justify-end gap-2">
                  <Button variant="secondary" onClick={() => setConfirmOff(false)}>
                    Cancel
                  </Button>
                  <Button variant="danger" onClick={() => void disable()} disabled={busy}>
                    Turn off
                  </Button>
                </div>
              </Dialog>
            </div>
          </div>
        ) : status ? (
          <Button onClick={() => void start()} disabled={busy}>
            Set up two-factor authentication
          </Button>
        ) : (
          <p className="text-sm text-slate-500">Loading…</p>
        )}
      </div>
    </Card>
  );
}
