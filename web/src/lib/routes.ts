// The pages of a tenant portal. Paths are German in both languages; only the labels change.
// Mailed links point at /aktivieren, /passwort-zuruecksetzen and /email-bestaetigen (built by the server).
import type { TLegalPageKind } from '../../../api/tenant.ts';

export type NavLabelKey = 'nav.home' | 'nav.imprint' | 'nav.privacy' | 'nav.accessibility';

export const legalPages: readonly { path: string; kind: TLegalPageKind; label: NavLabelKey }[] = [
  { path: '/impressum', kind: 'imprint', label: 'nav.imprint' },
  { path: '/datenschutz', kind: 'privacy', label: 'nav.privacy' },
  { path: '/barrierefreiheit', kind: 'accessibility', label: 'nav.accessibility' },
];

export const paths = {
  login: '/anmelden',
  register: '/registrieren',
  requestGpNumber: '/gp-nr-anfordern',
  registrationReview: '/registrierung-pruefen',
  activate: '/aktivieren',
  forgotPassword: '/passwort-vergessen',
  resetPassword: '/passwort-zuruecksetzen',
  confirmEmail: '/email-bestaetigen',
  secondFactor: '/anmeldung-bestaetigen',
  chooseAccount: '/konto-waehlen',
  myAccess: '/mein-zugang',
  requests: '/anliegen',
  newRequest: '/anliegen/neu',
  // Self-service of the selected customer account (one module each).
  overview: '/uebersicht',
  customerData: '/persoenliche-daten',
  banking: '/bankverbindung',
  readings: '/zaehlerstaende',
  consumption: '/verbrauch',
  documents: '/dokumente',
  instalments: '/abschlag',
  account: '/konto',
  contracts: '/vertraege',
  myData: '/meine-daten',
} as const;

/** The page of one request (mails link here too). */
export function requestPath(id: string): string {
  return `${paths.requests}/${encodeURIComponent(id)}`;
}

/** Query parameter of the sign-in page after the idle timeout: /anmelden?abgelaufen=1 */
export const EXPIRED_PARAM = 'abgelaufen';

/**
 * Router state passed between the sign-in pages: where to go after signing in, the identifier to
 * prefill, whether the user just signed out.
 */
export interface AuthRouteState {
  from?: string;
  identifier?: string;
  signedOut?: boolean;
}

/** Reads AuthRouteState from untyped router state, keeping only what is well-formed. */
export function authRouteState(state: unknown): AuthRouteState {
  if (typeof state !== 'object' || state === null) return {};
  const record = state as Record<string, unknown>;
  const result: AuthRouteState = {};
  const from = safeReturnPath(record.from);
  if (from) result.from = from;
  if (typeof record.identifier === 'string') result.identifier = record.identifier;
  if (record.signedOut === true) result.signedOut = true;
  return result;
}

const authPages = new Set<string>([
  paths.login,
  paths.register,
  paths.requestGpNumber,
  paths.registrationReview,
  paths.activate,
  paths.forgotPassword,
  paths.resetPassword,
  paths.confirmEmail,
  paths.secondFactor,
]);

/**
 * A path inside this portal to return to after signing in, or null: only same-origin paths
 * ("/mein-zugang?x=1"), never "//host" or "https://…", and never back to a sign-in page.
 */
export function safeReturnPath(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  const pathname = value.split(/[?#]/)[0] ?? '';
  return authPages.has(pathname) ? null : value;
}
