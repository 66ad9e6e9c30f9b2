import { describe, expect, it } from 'vitest';
import { tokenFromHash } from './linkToken.ts';
import { authRouteState, safeReturnPath } from './routes.ts';

describe('return path after sign-in', () => {
  it('accepts paths of this portal', () => {
    expect(safeReturnPath('/mein-zugang')).toBe('/mein-zugang');
    expect(safeReturnPath('/rechnungen?jahr=2026')).toBe('/rechnungen?jahr=2026');
  });

  it('refuses other sites and sign-in pages', () => {
    for (const value of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'mein-zugang', '/anmelden', '/anmelden?abgelaufen=1', '/registrieren', 42, null]) {
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
