import { describe, expect, it } from 'vitest';
import { tokenFromHash } from './linkToken.ts';
import { authRouteState, safeReturnPath } from './routes.ts';
import { afterSignInPath } from './session.ts';

describe('return path after sign-in', () => {
  it('accepts paths of this portal', () => {
    expect(safeReturnPath('/mein-zugang')).toBe('/mein-zugang');
    expect(safeReturnPath('/rechnungen?jahr=2026')).toBe('/rechnungen?jahr=2026');
  });

  it('refuses other sites and sign-in pages', () => {
    for (const value of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'mein-zugang', '/anmelden', '/anmelden?abgelaufen=1', '/registrieren', '/email-bestaetigen', 42, null]) {
      expect(safeReturnPath(value)).toBeNull();
    }
  });

  it('reads router state defensively', () => {
    expect(authRouteState({ from: '/mein-zugang', identifier: 'a@b.de', signedOut: true })).toEqual({
      from: '/mein-zugang',
      identifier: 'a@b.de',
      signedOut: true,
    });
    expect(authRouteState({ from: '//evil.example', identifier: 3, signedOut: 'yes' })).toEqual({});
    expect(authRouteState(null)).toEqual({});
  });
});

describe('token in the link fragment', () => {
  const token = 'kX2v_9-abcdefghijklmnopqrstuvwxyzABCDEFGHIJ';

  it('reads #token=…', () => {
    expect(tokenFromHash(`#token=${token}`)).toBe(token);
    expect(tokenFromHash(`token=${token}&x=1`)).toBe(token);
  });

  it('ignores missing or malformed tokens', () => {
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=kurz')).toBeNull();
    expect(tokenFromHash('#token=<script>alert(1)</script>aaaaaaaaaaaaaa')).toBeNull();
  });
});

describe('after signing in', () => {
  const account = (customerId: string) => ({ customerId, customerNumber: customerId, name: 'N', address: 'A' });
  const session = (ids: string[], selectedCustomerId: string | null) => ({
    login: { email: 'a@b.de', maskedEmail: 'a***@b.de', locale: 'de' as const, lastLoginAt: null },
    accounts: ids.map(account),
    selectedCustomerId,
    idleExpiresAt: '2026-11-21T12:15:00Z',
    absoluteExpiresAt: '2026-11-22T00:00:00Z',
    idleTimeoutSeconds: 900,
  });

  it('asks for a customer account when several are linked and none is chosen', () => {
    expect(afterSignInPath(session(['a', 'b'], null), '/rechnungen')).toBe('/konto-waehlen');
    expect(afterSignInPath(session(['a', 'b'], 'gone'), undefined)).toBe('/konto-waehlen');
  });

  it('goes back where the user came from, else to "Mein Zugang"', () => {
    expect(afterSignInPath(session(['a', 'b'], 'b'), '/rechnungen')).toBe('/rechnungen');
    expect(afterSignInPath(session(['a'], null), undefined)).toBe('/uebersicht');
    expect(afterSignInPath(session([], null), undefined)).toBe('/mein-zugang');
  });
});
