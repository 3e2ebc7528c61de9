import { assignableRoles, PASSWORD_MIN_LENGTH, type Role } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { calls } from '../../api/calls';
import { ApiError } from '../../api/client';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog } from '../../components/ui/dialog';
import { Field } from '../../components/ui/field';
import { toast } from '../../stores/toast';

export function AddUserDialog({ callerRole, onCreated }: { callerRole: Role; onCreated(): void }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await calls.createUser({
        name: String(form.get('name')),
        email: String(form.get('email')),
        role: String(form.get('role')) as Role,
        password: String(form.get('password')),
      });
      setOpen(false);
      toast('User created. They can sign in with the initial password.', 'success');
      onCreated();
    } catch (err: unknown) {
      setError(
        err instanceof ApiError ? err : new ApiError(0, 'NETWORK', 'Could not create the user'),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setError(null);
      }}
      title="Add user"
      description="They can sign in straight away with the initial password you set."
      trigger={<Button>Add user</Button>}
    >
      <form className="space-y-4" onSubmit={onSubmit}>
        {error && error.issues.length === 0 ? <Alert tone="error">{error.message}</Alert> : null}
        <Field label="Name" name="name" required error={error?.fieldError('name')} />
        <Field
          label="Email"
          name="email"
          type="email"
          required
          error={error?.fieldError('email')}
        />
        <div className="space-y-1.5">
          <label htmlFor="add-user-role" className="text-sm font-medium">
            Role
          </label>
          <select
            id="add-user-role"
            name="role"
            defaultValue="member"
            className="h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm dark:border-slate-700 dark:bg-slate-900"
          >
            {assignableRoles(callerRole).map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </div>
        <Field
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters`}
          error={error?.fieldError('password')}
        />
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create user'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
