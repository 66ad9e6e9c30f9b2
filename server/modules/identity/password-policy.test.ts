import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.ts';

const policy = { minLength: 10 };

describe('password policy (SEC-01, SEC-02)', () => {
  it('enforces the tenant minimum but never less than 8', () => {
    expect(checkPassword('Kurz-9x!', policy)).toContain('too_short');
    expect(checkPassword('Abend-Zug-7', policy)).toEqual([]);
    expect(checkPassword('Kurz9x!q', { minLength: 4 })).toEqual([]);
    expect(checkPassword('Kurz9x!', { minLength: 4 })).toContain('too_short');
  });

  it('has no composition rules and accepts long, Unicode and spaced passwords', () => {
    expect(checkPassword('lauter kleine wörter im satz', policy)).toEqual([]);
    expect(checkPassword('ä'.repeat(10).replace(/ä/g, (_, i: number) => String.fromCharCode(0xe4 + (i % 20))), policy)).toEqual([]);
    expect(checkPassword('x'.repeat(60) + 'Ende 64!', policy)).not.toContain('too_long');
    expect(checkPassword('Abc-'.repeat(32), policy)).toEqual([]);
    expect(checkPassword('a'.repeat(257), policy)).toContain('too_long');
  });

  it('refuses common German and English passwords', () => {
    for (const password of ['passwort123', 'Passwort123!', 'hallo12345', 'qwertzuiop', 'sonnenschein', '1234567890', 'password1234', 'ichliebedich', 'aaaaaaaaaaaa', 'Fussball2024']) {
      expect(checkPassword(password, policy), password).toContain('common');
    }
  });

  it("refuses passwords made of the utility's own name", () => {
    expect(checkPassword('musterstadt1', { minLength: 10, contextWords: ['musterstadt'] })).toContain('common');
    expect(checkPassword('Musterstadt!!', { minLength: 10, contextWords: ['musterstadt'] })).toContain('common');
  });
});
