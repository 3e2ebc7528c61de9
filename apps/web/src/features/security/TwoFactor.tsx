import type { MfaStatusResponse, TotpSetupResponse } from '@gatehouse/shared';
import { useQuery } from '@tanstack/react-query';
import { ShieldCheck } from 'lucide-react';
import { useState } from 'react';
import {
  mfaStatusQuery,
  useDisableTotp,
  useRegenerateRecoveryCodes,
  useStartTotpSetup,
} from '../../api/mfa';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { WriteControl } from '../../components/write-control';
import { useAuth } from '../../stores/auth';
import { toast } from '../../stores/toast';
import { RecoveryCodes } from './RecoveryCodes';
import { TotpSetupForm } from './TotpSetupForm';

type Phase =
  | { kind: 'status' }
  | { kind: 'setup'; setup: TotpSetupResponse }
  | { kind: 'codes'; codes: string[] };

const codesLeft = (n: number) => (n === 1 ? '1 recovery code left' : `${n} recovery codes left`);

/** Two-factor is on: how many codes are left, new codes, or turn it off. */
function FactorOn({
  status,
  onNewCodes,
}: {
  status: MfaStatusResponse;
  onNewCodes(codes: string[]): void;
}) {
  const regenerate = useRegenerateRecoveryCodes();
  const disable = useDisableTotp();
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <p className="flex items-center gap-2 text-sm">
        <ShieldCheck className="h-4 w-4 text-emerald-600" aria-hidden />
        {codesLeft(status.recoveryCodesLeft)}
      </p>
      <div className="flex flex-wrap gap-2">
        <ConfirmDialog
          trigger={<Button variant="secondary">Regenerate recovery codes</Button>}
          title="Make new recovery codes?"
          description="Your current recovery codes stop working at once, including any you saved. You will see 10 new ones to save."
          confirmLabel="Make new codes"
          onConfirm={async () => onNewCodes((await regenerate.mutateAsync()).recoveryCodes)}
        />
        <ConfirmDialog
          trigger={<Button variant="danger">Disable two-factor authentication</Button>}
          title="Turn off two-factor authentication?"
          description="Your password alone will sign you in. Actions your organisation protects with MFA will be refused until you set it up again."
          confirmLabel="Turn off"
          onConfirm={async () => {
            await disable.mutateAsync();
            toast('Two-factor authentication is off', 'success');
          }}
        />
      </div>
    </div>
  );
}

/** Settings → Security → "Two-factor authentication": enrol, recovery codes, turn off. */
export function TwoFactor() {
  const email = useAuth((s) => s.me?.user.email ?? '');
  const status = useQuery(mfaStatusQuery);
  const start = useStartTotpSetup();
  const [phase, setPhase] = useState<Phase>({ kind: 'status' });
  const showCodes = (codes: string[]) => setPhase({ kind: 'codes', codes });

  return (
    <Card aria-labelledby="two-factor-heading">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="two-factor-heading" className="text-lg font-semibold">
          Two-factor authentication
        </h2>
        {status.data ? (
          <Badge
            className={
              status.data.enabled
                ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200'
                : undefined
            }
          >
            {status.data.enabled ? 'On' : 'Off'}
          </Badge>
        ) : null}
      </div>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        A code from an authenticator app (1Password, Google Authenticator, Authy…) as well as your
        password.
      </p>
      <ErrorAlert error={start.error} fallback="Could not start the setup" className="mt-3" />
      {/* Always there, so a screen reader hears the codes when they arrive. */}
      <p role="status" className="sr-only">
        {phase.kind === 'codes'
          ? `${phase.codes.length} new recovery codes, shown once: ${phase.codes.join(', ')}.`
          : ''}
      </p>
      <div className="mt-4">
        {phase.kind === 'setup' ? (
          <TotpSetupForm
            setup={phase.setup}
            onEnabled={showCodes}
            onCancel={() => setPhase({ kind: 'status' })}
          />
        ) : phase.kind === 'codes' ? (
          <RecoveryCodes
            codes={phase.codes}
            email={email}
            onDone={() => setPhase({ kind: 'status' })}
          />
        ) : (
          <QueryState query={status} what="two-factor settings">
            {(current) =>
              current.enabled ? (
                <FactorOn status={current} onNewCodes={showCodes} />
              ) : (
                <div className="space-y-2">
                  <WriteControl>
                    <Button
                      onClick={() =>
                        start.mutate(undefined, {
                          onSuccess: (setup) => setPhase({ kind: 'setup', setup }),
                        })
                      }
                      disabled={start.isPending}
                    >
                      Set up two-factor authentication
                    </Button>
                  </WriteControl>
                  <p className="text-xs text-slate-500 dark:text-slate-400">
                    You will confirm your password first, then scan a QR code.
                  </p>
                </div>
              )
            }
          </QueryState>
        )}
      </div>
    </Card>
  );
}
