import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './dto/common.js';

/**
 * Password strength by zxcvbn-ts with its common-password list (built from breach corpora) and
 * English words and names. Kept out of the package index: the dictionaries weigh about a
 * megabyte, so the web app loads this module only on the pages with a new-password field.
 */
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});

/** zxcvbn's 0–4 scale; 3 is "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;
/** zxcvbn's cost grows with length; past this many characters the score is not in doubt. */
const SCORED_PREFIX = 100;

export interface PasswordStrength {
  score: 0 | 1 | 2 | 3 | 4;
  acceptable: boolean;
  /** Why it is refused (or how to improve it); null when there is nothing to say. */
  reason: string | null;
  suggestions: string[];
}

/**
 * How strong a new password is. `userInputs` are words the attacker would try first: the
 * person's email, name and organisation.
 */
export function passwordStrength(password: string, userInputs: string[] = []): PasswordStrength {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return {
      score: 0,
      acceptable: false,
      reason: `Use at least ${PASSWORD_MIN_LENGTH} characters`,
      suggestions: [],
    };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return {
      score: 0,
      acceptable: false,
      reason: `Use at most ${PASSWORD_MAX_LENGTH} characters`,
      suggestions: [],
    };
  }
  const inputs = userInputs.flatMap((input) => input.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  const result = zxcvbn.check(password.slice(0, SCORED_PREFIX), inputs.filter(Boolean));
  const acceptable = result.score >= MIN_PASSWORD_SCORE;
  const warning = result.feedback.warning;
  return {
    score: result.score,
    acceptable,
    reason: acceptable
      ? null
      : warning
        ? `${warning.replace(/\.$/, '')}. Choose a less guessable password.`
        : 'This password is too easy to guess. Add more words or characters.',
    suggestions: result.feedback.suggestions,
  };
}
