// What to tell a staff member when a back-office call failed: the server's detail (it names the
// reason, e.g. "the last administrator") before its generic title.
import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api.ts';
import { problemMessage, type CodeMessages } from '../../lib/problems.ts';

export function staffProblem(t: TFunction, error: unknown, messages: CodeMessages = {}): string {
  const own = error instanceof ApiError && error.code !== null ? messages[error.code] : undefined;
  if (own !== undefined) return own;
  if (error instanceof ApiError && error.status < 500 && error.status !== 429 && error.detail) return error.detail;
  if (error instanceof ApiError && error.fields.length > 0) return error.fields.map((f) => f.message).join(' ');
  return problemMessage(t, error, messages);
}
