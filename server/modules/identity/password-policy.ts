// Password policy (SEC-01, SEC-02): a tenant minimum length (never below 8), no composition rules,
// and an offline block list: the ~49,000 most common passwords (zxcvbn-ts), German common words
// with digits or symbols appended, German keyboard walks and words of the utility's own context.
import { dictionary as common } from '@zxcvbn-ts/language-common';
import { dictionary as german } from '@zxcvbn-ts/language-de';

export const PASSWORD_MAX_LENGTH = 256;

const germanPasswords = [
  'passwort', 'kennwort', 'hallo', 'schatz', 'schatzi', 'hase', 'mausi', 'sonnenschein', 'ichliebedich',
  'geheim', 'qwertz', 'qwertzu', 'qwertzui', 'qwertzuiop', 'asdfgh', 'yxcvbnm', 'ysxdcfvgbhnjmk', 'fussball',
  'fußball', 'bayern', 'borussia', 'schalke', 'deutschland', 'oesterreich', 'österreich', 'berlin', 'hamburg',
  'muenchen', 'münchen', 'wien', 'sommer', 'winter', 'frühling', 'herbst', 'januar', 'dezember', 'montag',
  'freitag', 'willkommen', 'zugang', 'anmelden', 'benutzer', 'kunde', 'kundennummer', 'zaehler', 'zähler',
  'zaehlerstand', 'zählerstand', 'strom', 'stromzähler', 'gaszähler', 'wasser', 'energie', 'stadtwerke',
  'kundenportal', 'portal', 'rechnung', 'abschlag',
];

const blocked = new Set<string>([...common['passwords-common'], ...germanPasswords].map((p) => p.toLowerCase()));
const words = new Set<string>([...german.commonWords, ...germanPasswords].filter((w) => w.length >= 4).map((w) => w.toLowerCase()));

export type PasswordProblem = 'too_short' | 'too_long' | 'common';

function withoutDecoration(password: string): string {
  return password.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
}

/** Returns the problems of a password; an empty list means it is acceptable. */
export function checkPassword(
  password: string,
  options: { minLength: number; contextWords?: string[] },
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  // Length in code points (what a person counts as characters, near enough), not UTF-16 units.
  const length = Array.from(password.normalize('NFC')).length;
  if (length < Math.max(8, options.minLength)) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  const lower = password.normalize('NFC').toLowerCase();
  const base = withoutDecoration(lower);
  const context = (options.contextWords ?? []).map((w) => w.toLowerCase()).filter((w) => w.length >= 4);
  const isCommon =
    blocked.has(lower) ||
    blocked.has(base) ||
    words.has(base) ||
    context.some((word) => base === word || lower.includes(word) && lower.length - word.length < 6) ||
    new Set(Array.from(lower)).size < 4 ||
    /^(?:0123456789|1234567890|9876543210|abcdefghij)/.test(lower);
  if (isCommon) problems.push('common');
  return problems;
}
