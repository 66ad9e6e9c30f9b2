import { describe, expect, it } from 'vitest';
import { isValidCreditorId } from './sepa.ts';

describe('isValidCreditorId', () => {
  it('accepts the Bundesbank test creditor id and real-world formats', () => {
    expect(isValidCreditorId('DE98ZZZ09999999999')).toBe(true);
    expect(isValidCreditorId('de98 zzz0 9999 9999 99')).toBe(true);
    // The business code is not part of the check.
    expect(isValidCreditorId('DE98ABC09999999999')).toBe(true);
  });

  it('refuses wrong check digits and malformed values', () => {
    expect(isValidCreditorId('DE97ZZZ09999999999')).toBe(false);
    expect(isValidCreditorId('DE98ZZZ')).toBe(false);
    expect(isValidCreditorId('')).toBe(false);
    expect(isValidCreditorId('1298ZZZ09999999999')).toBe(false);
  });
});
