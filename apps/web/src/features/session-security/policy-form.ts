import {
  type ImpersonationMode,
  type OrgSecurityChange,
  type OrgSecurityResponse,
  orgSecurityPatchSchema,
  type SessionPreset,
  sessionPolicyIssue,
} from '@gatehouse/shared';
import { durationInWords } from '../../lib/duration';

/**
 * What the form holds: the radios' value, the fields as typed (empty = no override), and what
 * admins may do while impersonating ("Allow full impersonation").
 */
export interface PolicyForm {
  preset: SessionPreset;
  idleMinutes: string;
  absoluteMinutes: string;
  maxSessionsPerUser: string;
  impersonationMode: ImpersonationMode;
}

export type PolicyErrors = Partial<
  Record<'idleMinutes' | 'absoluteMinutes' | 'maxSessionsPerUser', string>
>;

export function formFromSettings(
  settings: Pick<OrgSecurityResponse, 'sessionPolicy' | 'maxSessionsPerUser' | 'impersonationMode'>,
): PolicyForm {
  const policy = settings.sessionPolicy;
  return {
    preset: policy.preset,
    idleMinutes: policy.idleMinutes === null ? '' : String(policy.idleMinutes),
    absoluteMinutes: policy.absoluteMinutes === null ? '' : String(policy.absoluteMinutes),
    maxSessionsPerUser: String(settings.maxSessionsPerUser),
    impersonationMode: settings.impersonationMode,
  };
}

const toNumber = (text: string): number | null => (text.trim() === '' ? null : Number(text));

/**
 * The same checks the server makes — per-field bounds from the shared schema, then idle ≤
 * absolute on the effective values — so mistakes show before "Save".
 */
export function validatePolicy(form: PolicyForm): {
  patch: OrgSecurityChange | null;
  errors: PolicyErrors;
} {
  const custom = form.preset === 'custom';
  const candidate = {
    preset: form.preset,
    ...(custom
      ? { idleMinutes: toNumber(form.idleMinutes), absoluteMinutes: toNumber(form.absoluteMinutes) }
      : {}),
    maxSessionsPerUser: toNumber(form.maxSessionsPerUser) ?? Number.NaN,
    impersonationMode: form.impersonationMode,
  };
  const parsed = orgSecurityPatchSchema.safeParse(candidate);
  const errors: PolicyErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === 'idleMinutes' || field === 'absoluteMinutes' || field === 'maxSessionsPerUser')
        errors[field] ??= issue.message;
    }
    return { patch: null, errors };
  }
  if (custom) {
    const issue = sessionPolicyIssue({
      preset: 'custom',
      idleMinutes: parsed.data.idleMinutes ?? null,
      absoluteMinutes: parsed.data.absoluteMinutes ?? null,
    });
    if (issue) return { patch: null, errors: { [issue.path]: issue.message } };
  }
  return { patch: parsed.data, errors };
}

/**
 * Under a minutes field: what the typed number comes to in words, then the allowed range —
 * "= 7 days · allowed 5–43,200 minutes".
 */
export function minutesHint(text: string, bounds: { min: number; max: number }): string {
  const allowed = `allowed ${bounds.min.toLocaleString('en-GB')}–${bounds.max.toLocaleString('en-GB')} minutes`;
  const minutes = toNumber(text);
  if (minutes === null || !Number.isInteger(minutes) || minutes < 60) return capitalise(allowed);
  return `= ${durationInWords(minutes)} · ${allowed}`;
}

const capitalise = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
