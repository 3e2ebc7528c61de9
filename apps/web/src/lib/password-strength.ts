import type { PasswordStrength } from '@gatehouse/shared/password-strength';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';

type Check = (password: string, userInputs?: string[]) => PasswordStrength;

let loading: Promise<Check> | null = null;

/**
 * The strength checker carries about a megabyte of dictionaries, so it is its own chunk,
 * fetched the first time a new-password field shows (and once only).
 */
export function loadPasswordStrength(): Promise<Check> {
  loading ??= import('@gatehouse/shared/password-strength').then(
    (module) => module.passwordStrength,
    (error: unknown) => {
      loading = null; // a failed chunk load may succeed next time
      throw error;
    },
  );
  return loading;
}

/**
 * The strength of `password` as the user types, or null until the checker has loaded (the
 * server checks the same way, so a form works without it). `userInputs` are the person's own
 * words — email, name, organisation — that an attacker would try first.
 */
export function usePasswordStrength(
  password: string,
  userInputs: readonly string[],
): PasswordStrength | null {
  const [check, setCheck] = useState<Check | null>(null);
  useEffect(() => {
    let mounted = true;
    loadPasswordStrength().then(
      (loaded) => {
        if (mounted) setCheck(() => loaded);
      },
      () => undefined,
    );
    return () => {
      mounted = false;
    };
  }, []);
  const typed = useDeferredValue(password);
  const inputsKey = userInputs.join('\n');
  return useMemo(
    () => (check && typed ? check(typed, inputsKey.split('\n').filter(Boolean)) : null),
    [check, typed, inputsKey],
  );
}

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

/** "Very weak" … "Very strong", for zxcvbn's 0–4 score. */
export function strengthLabel(score: PasswordStrength['score']): string {
  return LABELS[score];
}
