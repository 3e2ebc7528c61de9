import type { IpRuleAction, IpRuleDTO, IpRulesPreviewResponse } from '@gatehouse/shared';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/errors';
import { previewIpRules, useAddIpRule } from '../../api/ip-rules';
import { ErrorAlert } from '../../components/error-alert';
import { Alert } from '../../components/ui/alert';
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from '../../components/ui/alert-dialog';
import { Button } from '../../components/ui/button';
import { Field } from '../../components/ui/field';
import { SelectField } from '../../components/ui/select-field';
import { WriteControl } from '../../components/write-control';
import { toast } from '../../stores/toast';
import { cidrIssue, isOwnerBlockRefusal, lockoutIp, ownersSentence, previewSentence } from './copy';

const EMPTY = { action: 'deny' as IpRuleAction, cidr: '', note: '' };

/**
 * The form: preview first (in a confirmation), then save through step-up; a 409 self-lockout
 * offers force, a change that would block an owner is for owners only (no force for it).
 */
export function AddRuleForm({ rules }: { rules: readonly IpRuleDTO[] }) {
  const [draft, setDraft] = useState(EMPTY);
  const [preview, setPreview] = useState<IpRulesPreviewResponse | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);
  const add = useAddIpRule();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChecking(true);
    setPreviewError(null);
    add.reset();
    try {
      const proposed = [...rules, draft].map((r) => ({ action: r.action, cidr: r.cidr }));
      setPreview(await previewIpRules(proposed));
    } catch (err: unknown) {
      setPreviewError(err);
    } finally {
      setChecking(false);
    }
  }

  function save(force: boolean) {
    add.mutate(
      { ...draft, force },
      {
        onSuccess: () => {
          setPreview(null);
          setDraft(EMPTY);
          toast('IP rule saved', 'success');
        },
      },
    );
  }

  const issues = previewError instanceof ApiError ? previewError.issues : [];
  const cidrError = cidrIssue(issues, rules.length);
  const lockedOut = lockoutIp(add.error);
  const owners = preview ? ownersSentence(preview) : null;
  const ownersOnly = Boolean(preview?.needsOwner) || isOwnerBlockRefusal(add.error);
  return (
    <form className="space-y-4" onSubmit={(e) => void onSubmit(e)} aria-label="Add IP rule">
      <ErrorAlert error={cidrError ? null : previewError} fallback="Could not check the rule" />
      <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
        <SelectField
          label="Action"
          name="action"
          value={draft.action}
          onChange={(e) => setDraft({ ...draft, action: e.target.value as IpRuleAction })}
        >
          <option value="deny">Deny</option>
          <option value="allow">Allow</option>
        </SelectField>
        <Field
          label="Address or range (CIDR)"
          name="cidr"
          required
          placeholder="203.0.113.0/24 or 2001:db8::/32"
          value={draft.cidr}
          onChange={(e) => setDraft({ ...draft, cidr: e.target.value })}
          error={cidrError}
        />
      </div>
      <Field
        label="Note"
        name="note"
        maxLength={200}
        value={draft.note}
        onChange={(e) => setDraft({ ...draft, note: e.target.value })}
      />
      <WriteControl>
        <Button type="submit" disabled={checking}>
          {checking ? 'Checking…' : 'Add rule'}
        </Button>
      </WriteControl>
      <AlertDialog open={preview !== null} onOpenChange={(open) => !open && setPreview(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>
              {draft.action === 'deny' ? 'Deny' : 'Allow'} {draft.cidr}?
            </AlertDialogTitle>
            <AlertDialogDescription>
              {preview ? previewSentence(preview) : null}
            </AlertDialogDescription>
          </AlertDialogHeader>
          {preview && preview.blockedUsers.length > 0 ? (
            <ul aria-label="People who would be blocked" className="mt-3 space-y-1 text-sm">
              {preview.blockedUsers.map((u) => (
                <li key={u.id}>
                  {u.name} <span className="text-slate-500">({u.email})</span>
                </li>
              ))}
            </ul>
          ) : null}
          {owners ? (
            <Alert tone="error" className="mt-3">
              {owners}
            </Alert>
          ) : null}
          {preview?.blocksYou ? (
            <Alert tone="error" className="mt-3">
              This would also block your own address ({preview.yourIp ?? 'unknown'}).
            </Alert>
          ) : null}
          {lockedOut !== undefined ? (
            <Alert tone="error" className="mt-3">
              This rule would block your own address ({lockedOut ?? 'unknown'}): you could not use
              Gatehouse from this network.
            </Alert>
          ) : (
            <ErrorAlert error={add.error} className="mt-3" />
          )}
          <AlertDialogFooter>
            <AlertDialogCancel disabled={add.isPending}>Cancel</AlertDialogCancel>
            {ownersOnly ? null : lockedOut !== undefined ? (
              <Button variant="danger" disabled={add.isPending} onClick={() => save(true)}>
                Save anyway
              </Button>
            ) : (
              <Button disabled={add.isPending} onClick={() => save(false)}>
                {add.isPending ? 'Saving…' : 'Save rule'}
              </Button>
            )}
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </form>
  );
}
