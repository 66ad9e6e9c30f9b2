// The back office's pages. Paths are German in both languages, like the customer portal's.
import type { TQueueFilter, TQueueKind } from '../../../../api/backoffice.ts';

export const BACKOFFICE = '/backoffice';

export const boPaths = {
  dashboard: BACKOFFICE,
  signIn: `${BACKOFFICE}/anmelden`,
  invitation: `${BACKOFFICE}/einladung`,
  queue: `${BACKOFFICE}/anliegen`,
  customers: `${BACKOFFICE}/kunden`,
  team: `${BACKOFFICE}/team`,
  settings: `${BACKOFFICE}/einstellungen`,
  integration: `${BACKOFFICE}/schnittstellen`,
  gpLetters: `${BACKOFFICE}/gp-nummern`,
} as const;

export function requestPath(id: string): string {
  return `${boPaths.queue}/${encodeURIComponent(id)}`;
}

/** A registration needing review (ADR 0027). */
export function reviewPath(id: string): string {
  return `${BACKOFFICE}/registrierungen/${encodeURIComponent(id)}`;
}

/** Where an item of the queue is worked: its request page, its review page, or the GP-Nr letters. */
export function queueItemPath(item: { id: string; kind: TQueueKind }): string {
  if (item.kind === 'registration') return reviewPath(item.id);
  if (item.kind === 'gp_number') return boPaths.gpLetters;
  return requestPath(item.id);
}

export function customerPath(id: string): string {
  return `${boPaths.customers}/${encodeURIComponent(id)}`;
}

/** The work queue with filters (the same query parameters as the API). */
export function queuePath(filter: { status?: TQueueFilter; kind?: TQueueKind; assigned?: 'me' | 'none'; minAgeDays?: number; maxAgeDays?: number } = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) search.set(key, String(value));
  const query = search.toString();
  return query ? `${boPaths.queue}?${query}` : boPaths.queue;
}

/** Query parameter of the sign-in page after the session ended: /backoffice/anmelden?abgelaufen=1 */
export const EXPIRED_PARAM = 'abgelaufen';

/** Router state of the sign-in page: where to go afterwards, why it is shown, which step. */
export interface SignInState {
  from?: string;
  signedOut?: boolean;
  /** After accepting an invitation: the authenticator is set up next. */
  enrol?: boolean;
}

export function signInState(state: unknown): SignInState {
  if (typeof state !== 'object' || state === null) return {};
  const record = state as Record<string, unknown>;
  const from = typeof record.from === 'string' && record.from.startsWith(BACKOFFICE) && !record.from.startsWith(boPaths.signIn) ? record.from : undefined;
  return {
    ...(from ? { from } : {}),
    ...(record.signedOut === true ? { signedOut: true } : {}),
    ...(record.enrol === true ? { enrol: true } : {}),
  };
}
