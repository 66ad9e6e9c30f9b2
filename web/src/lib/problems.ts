// What to tell the user when a request failed: a form's own text for the codes it knows, the
// server's translated title otherwise, and generic texts for network and server errors.
import type { TFunction } from 'i18next';
import { ApiError } from './api.ts';

/** Texts for error codes a form explains itself (e.g. invalid_credentials on the sign-in page). */
export type CodeMessages = Partial<Record<string, string>>;

export function rateLimitMessage(t: TFunction, retryAfterSeconds: number | null): string {
  if (retryAfterSeconds === null || retryAfterSeconds <= 0) return t('problems.rateLimited');
  if (retryAfterSeconds < 60) return t('problems.rateLimitedSeconds', { count: retryAfterSeconds });
  return t('problems.rateLimitedMinutes', { count: Math.ceil(retryAfterSeconds / 60) });
}

export function problemMessage(t: TFunction, error: unknown, messages: CodeMessages = {}): string {
  if (!(error instanceof ApiError)) return t('status.networkError');
  const own = error.code === null ? undefined : messages[error.code];
  if (own !== undefined) return own;
  if (error.code === 'rate_limited' || error.status === 429) return rateLimitMessage(t, error.retryAfterSeconds);
  if (error.status >= 500) return t('status.serverError');
  return error.title ?? t('status.notAvailable');
}

/** The request id worth quoting to customer service (server errors only). */
export function problemRequestId(error: unknown): string | null {
  return error instanceof ApiError && error.status >= 500 ? error.requestId : null;
}
