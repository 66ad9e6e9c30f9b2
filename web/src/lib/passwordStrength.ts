// Password strength for the meter: zxcvbn's estimate (loaded lazily, it is large) combined with the
// server's verdict (POST /auth/password-check: too short, too long, too common). No composition rules.
import type { TPasswordCheckResponse } from '../../../api/identity.ts';

export const WARNING_KEYS = [
  'straightRow',
  'keyPattern',
  'simpleRepeat',
  'extendedRepeat',
  'sequences',
  'recentYears',
  'dates',
  'topTen',
  'topHundred',
  'common',
  'similarToCommon',
  'wordByItself',
  'namesByThemselves',
  'commonNames',
  'userInputs',
  'pwned',
] as const;
export type WarningKey = (typeof WARNING_KEYS)[number];

export type Score = 0 | 1 | 2 | 3 | 4;

export interface StrengthEstimate {
  score: Score;
  warning: WarningKey | null;
}

export type StrengthEstimator = (password: string, userInputs: readonly string[]) => StrengthEstimate;

function isWarningKey(key: string): key is WarningKey {
  return (WARNING_KEYS as readonly string[]).includes(key);
}

export function toEstimate(score: number, warning: string | null): StrengthEstimate {
  const clamped = Math.min(4, Math.max(0, Math.round(score))) as Score;
  return { score: clamped, warning: warning !== null && isWarningKey(warning) ? warning : null };
}

/**
 * Words zxcvbn should treat as guessable: the inputs themselves and their parts, so that
 * "anna.schmidt@example.com" also catches "anna" and "schmidt".
 */
export function userInputWords(inputs: readonly string[]): string[] {
  const words = new Set<string>();
  for (const input of inputs) {
    const value = input.trim().toLowerCase();
    if (value === '') continue;
    words.add(value);
    for (const part of value.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
  }
  return [...words];
}

let estimator: Promise<StrengthEstimator> | null = null;

/** Loads zxcvbn and its dictionaries once (a separate chunk). */
export function loadStrengthEstimator(): Promise<StrengthEstimator> {
  estimator ??= import('./zxcvbnEstimator.ts').then((module) => module.createEstimator());
  estimator.catch(() => {
    estimator = null; // try again next time (e.g. after a network error)
  });
  return estimator;
}

/** Passwords are counted in characters as the server does (code points after NFC). */
export function passwordLength(password: string): number {
  return Array.from(password.normalize('NFC')).length;
}

export type StrengthLevel = 'tooShort' | 'tooLong' | 'common' | 'weak' | 'fair' | 'good' | 'strong';

export interface StrengthVerdict {
  level: StrengthLevel;
  /** Filled segments of the meter, 0-4. */
  segments: number;
  /** Whether the server accepts the password (null: not asked yet). */
  accepted: boolean | null;
}

/**
 * One verdict for the meter. The server's "no" wins (too short, too long, common); otherwise
 * zxcvbn's score decides how strong the password looks. Null for an empty password.
 */
export function strengthVerdict(input: {
  password: string;
  minLength: number;
  estimate: StrengthEstimate | null;
  server: TPasswordCheckResponse | null;
}): StrengthVerdict | null {
  const { password, estimate, server } = input;
  if (password === '') return null;
  const minLength = Math.max(input.minLength, server?.minLength ?? 0);
  const accepted = server ? server.acceptable : null;
  if (passwordLength(password) < minLength || server?.problems.includes('too_short')) {
    return { level: 'tooShort', segments: 0, accepted: false };
  }
  if (server?.problems.includes('too_long')) return { level: 'tooLong', segments: 0, accepted: false };
  if (server?.problems.includes('common')) return { level: 'common', segments: 0, accepted: false };
  const score = estimate?.score ?? 0;
  if (score <= 1) return { level: 'weak', segments: 1, accepted };
  if (score === 2) return { level: 'fair', segments: 2, accepted };
  if (score === 3) return { level: 'good', segments: 3, accepted };
  return { level: 'strong', segments: 4, accepted };
}
