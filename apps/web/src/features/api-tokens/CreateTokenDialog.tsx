import { API_TOKEN_SCOPES, type ApiTokenScope } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { useCreateApiToken } from '../../api/api-tokens';
import { ApiError } from '../../api/errors';
import { ErrorAlert } from '../../components/error-alert';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '../../components/ui/dialog';
import { Field } from '../../components/ui/field';
import { SelectField } from '../../components/ui/select-field';
import { WriteControl } from '../../components/write-control';
import { EXPIRY_CHOICES, expiryOf, NEVER_WARNING, SCOPE_LABELS } from './copy';

const FIELDS = ['name', 'scopes', 'expiresInDays'];

/** "Create token": name, scopes and expiry; the step-up dialog opens on top when needed. */
export function CreateTokenDialog({
  onCreated,
}: {
  onCreated(secret: string, name: string): void;
}) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiTokenScope[]>(['sessions:read']);
  const [expiry, setExpiry] = useState('90');
  const create = useCreateApiToken();

  function onOpenChange(next: boolean) {
    setOpen(next);
    create.reset();
    if (!next) {
      setName('');
      setScopes(['sessions:read']);
      setExpiry('90');
    }
  }

  function toggle(scope: ApiTokenScope, on: boolean) {
    setScopes((old) => (on ? [...old, scope] : old.filter((s) => s !== scope)));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      { name, scopes, expiresInDays: expiryOf(expiry) },
      {
        onSuccess: ({ secret, token }) => {
          onOpenChange(false);
          onCreated(secret, token.name);
        },
      },
    );
  }

  const error = create.error instanceof ApiError ? create.error : null;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <WriteControl>
        <DialogTrigger asChild>
          <Button>Create token</Button>
        </DialogTrigger>
      </WriteControl>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Create API token</DialogTitle>
          <DialogDescription>
            A token acts for the whole organisation within its scopes. You see it once.
          </DialogDescription>
        </DialogHeader>
        <form className="space-y-4" onSubmit={onSubmit}>
          <ErrorAlert error={create.error} fallback="Could not create the token" fields={FIELDS} />
          <Field
            label="Name"
            name="name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={error?.fieldError('name')}
          />
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Scopes</legend>
            {API_TOKEN_SCOPES.map((scope) => (
              <label key={scope} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={scopes.includes(scope)}
                  onChange={(e) => toggle(scope, e.target.checked)}
                />
                {SCOPE_LABELS[scope]}
              </label>
            ))}
            {error?.fieldError('scopes') ? (
              <p className="text-sm text-red-700 dark:text-red-300">{error.fieldError('scopes')}</p>
            ) : null}
          </fieldset>
          <SelectField
            label="Expires"
            name="expiry"
            value={expiry}
            onChange={(e) => setExpiry(e.target.value)}
          >
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice.value} value={String(choice.value)}>
                {choice.label}
              </option>
            ))}
          </SelectField>
          {expiry === 'never' ? <Alert>{NEVER_WARNING}</Alert> : null}
          <DialogFooter>
            <Button type="button" variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending || scopes.length === 0}>
              {create.isPending ? 'Creating…' : 'Create token'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
