import type { TotpSetupResponse } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/errors';
import { useEnableTotp } from '../../api/mfa';
import { CodeField, codeFrom } from '../../components/code-field';
import { ErrorAlert } from '../../components/error-alert';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { toast } from '../../stores/toast';

function codeMessage(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.fieldError('code') ?? (error.code === 'INVALID_OTP' ? error.message : undefined);
}

/** Enrolment's second half: scan the QR code, prove it with a first code, get recovery codes. */
export function TotpSetupForm({
  setup,
  onEnabled,
  onCancel,
}: {
  setup: TotpSetupResponse;
  onEnabled(recoveryCodes: string[]): void;
  onCancel(): void;
}) {
  const enable = useEnableTotp();
  const [typo, setTypo] = useState<string | null>(null);
  const [refusals, setRefusals] = useState(0);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const entered = codeFrom(new FormData(event.currentTarget));
    if ('error' in entered) return setTypo(entered.error);
    setTypo(null);
    enable.mutate(entered.code, {
      onSuccess: ({ recoveryCodes }) => {
        toast('Two-factor authentication is on', 'success');
        onEnabled(recoveryCodes);
      },
      onError: () => setRefusals((n) => n + 1),
    });
  }

  const fieldError = typo ?? codeMessage(enable.error);
  return (
    <form className="space-y-4" onSubmit={onSubmit}>
      <p className="text-sm">
        Scan this QR code with your authenticator app, or type the setup key into it.
      </p>
      <img
        src={`data:image/svg+xml;utf8,${encodeURIComponent(setup.qrCodeSvg)}`}
        alt="QR code for your authenticator app"
        className="h-44 w-44 rounded-lg bg-white p-2"
      />
      <Field label="Setup key" readOnly value={setup.secret} className="font-mono" />
      {fieldError ? null : (
        <ErrorAlert error={enable.error} fallback="Could not turn on two-factor authentication" />
      )}
      {/* The next step: the cursor waits in the code field (also after a refused code). */}
      <CodeField key={refusals} error={fieldError} autoFocus />
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={enable.isPending}>
          Enable
        </Button>
      </div>
    </form>
  );
}
