import { describe, expect, it } from 'vitest';
import de from '../locales/de.json';
import en from '../locales/en.json';
import { passwordLength, strengthVerdict, toEstimate, userInputWords, WARNING_KEYS } from './passwordStrength.ts';
import { createEstimator } from './zxcvbnEstimator.ts';

const accepted = { acceptable: true, problems: [], minLength: 10 };

describe('strengthVerdict', () => {
  it('says nothing about an empty password', () => {
    expect(strengthVerdict({ password: '', minLength: 10, estimate: null, server: null })).toBeNull();
  });

  it('counts characters like the server and reports a short password', () => {
    expect(passwordLength('Grüße👍🏽')).toBe(7);
    expect(strengthVerdict({ password: 'kurz', minLength: 10, estimate: toEstimate(4, null), server: null })).toEqual({
      level: 'tooShort',
      segments: 0,
      accepted: false,
    });
  });

  it("lets the server's no win over a good score", () => {
    const common = { acceptable: false, problems: ['common' as const], minLength: 10 };
    expect(strengthVerdict({ password: 'passwort123', minLength: 10, estimate: toEstimate(3, null), server: common })?.level).toBe('common');
    expect(strengthVerdict({ password: 'x'.repeat(12), minLength: 8, estimate: null, server: { ...accepted, problems: ['too_short'] } })?.level).toBe(
      'tooShort',
    );
  });

  it('grades by the zxcvbn score otherwise', () => {
    const grade = (score: number) => strengthVerdict({ password: 'lang genug!', minLength: 10, estimate: toEstimate(score, null), server: accepted });
    expect(grade(0)).toEqual({ level: 'weak', segments: 1, accepted: true });
    expect(grade(2)?.level).toBe('fair');
    expect(grade(3)?.level).toBe('good');
    expect(grade(4)).toEqual({ level: 'strong', segments: 4, accepted: true });
    expect(strengthVerdict({ password: 'lang genug!', minLength: 10, estimate: toEstimate(4, null), server: null })?.accepted).toBeNull();
  });

  it('only passes on warnings the catalogs translate', () => {
    expect(toEstimate(1, 'wordByItself').warning).toBe('wordByItself');
    expect(toEstimate(1, 'somethingNew').warning).toBeNull();
    for (const key of WARNING_KEYS) {
      expect(de.password.warnings[key]).toBeTruthy();
      expect(en.password.warnings[key]).toBeTruthy();
    }
  });
});

describe('zxcvbn estimator (common and German dictionaries)', () => {
  const estimate = createEstimator();

  it('rates common German passwords as weak and long passphrases as strong', () => {
    expect(estimate('passwort123', []).score).toBeLessThanOrEqual(1);
    expect(estimate('Sonnenschein', []).score).toBeLessThanOrEqual(1);
    expect(estimate('Kaffeetasse Fahrrad Gießkanne Wolke', []).score).toBe(4);
  });

  it('treats the e-mail address and its parts as guessable', () => {
    expect(userInputWords(['Anna.Schmidt@example.com', '', '41234567'])).toEqual([
      'anna.schmidt@example.com',
      'anna',
      'schmidt',
      'example',
      'com',
      '41234567',
    ]);
    const withInputs = estimate('Schmidt41234567', ['anna.schmidt@example.com', '41234567']);
    const without = estimate('Schmidt41234567', []);
    expect(withInputs.score).toBeLessThan(without.score);
  });
});
