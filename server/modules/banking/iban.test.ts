// IBAN checks and masking (api/banking.ts), the messages that say what to fix, and mandate references.
import { describe, expect, it } from 'vitest';
import { checkIban, groupIban, maskIban } from '../../../api/banking.ts';
import { ibanMessage } from './banking.service.ts';
import { mandateReference } from './mandate.ts';

describe('checkIban', () => {
  it.each([
    ['DE89370400440532013000', 'DE89370400440532013000', 'DE'],
    ['de89 3704 0044 0532 0130 00', 'DE89370400440532013000', 'DE'],
    ['AT61 1904 3002 3457 3201', 'AT611904300234573201', 'AT'],
    ['NL91ABNA0417164300', 'NL91ABNA0417164300', 'NL'],
    ['CH9300762011623852957', 'CH9300762011623852957', 'CH'],
  ])('accepts %j', (input, iban, country) => {
    expect(checkIban(input)).toEqual({ ok: true, iban, country });
  });

  it.each([
    ['DE88370400440532013000', { kind: 'checksum' }],
    ['DE8937040044053201300', { kind: 'length', country: 'DE', expected: 22, actual: 21 }],
    ['AT6119043002345732011', { kind: 'length', country: 'AT', expected: 20, actual: 21 }],
    ['XX89370400440532013000', { kind: 'country', country: 'XX' }],
    ['US64SVBKUS6S3300958879', { kind: 'country', country: 'US' }],
    ['1234567890', { kind: 'country', country: '12' }],
    ['BR1800360305000010009795493C1', { kind: 'not_sepa', country: 'BR' }],
    ['DE89 3704 0044 0532 0130 0X', { kind: 'format', country: 'DE' }],
    ['DE89/3704', { kind: 'characters' }],
    ['   ', { kind: 'required' }],
  ])('refuses %j', (input, problem) => {
    expect(checkIban(input)).toEqual({ ok: false, problem });
  });
});

describe('masking', () => {
  it('shows country, check digits and the last four characters in groups of four', () => {
    expect(maskIban('DE89370400440532013000')).toBe('DE89 **** **** **** **30 00');
    expect(maskIban('AT611904300234573201')).toBe('AT61 **** **** **** 3201');
    expect(maskIban('NL91ABNA0417164300')).toBe('NL91 **** **** **43 00');
    expect(groupIban('de89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
  });
});

describe('ibanMessage', () => {
  it('names the country and the expected length in the customer’s language', () => {
    expect(ibanMessage({ kind: 'length', country: 'AT', expected: 20, actual: 19 }, 'de')).toBe('Eine IBAN aus Österreich hat 20 Stellen; Sie haben 19 eingegeben.');
    expect(ibanMessage({ kind: 'not_sepa', country: 'BR' }, 'en')).toBe(
      'Accounts in Brazil (BR) are outside the SEPA area; we cannot debit them. Please enter an account in a SEPA country.',
    );
    expect(ibanMessage({ kind: 'country', country: '12' }, 'de')).toBe('Eine IBAN beginnt mit dem Ländercode aus zwei Buchstaben, z. B. DE oder AT.');
  });
});

describe('mandateReference', () => {
  it('is the customer number and a running number, within the SEPA character set and 35 characters', () => {
    expect(mandateReference('41234567', 1)).toBe('41234567-M01');
    expect(mandateReference('0012345/1', 12)).toBe('0012345/1-M12');
    expect(mandateReference('AB_12#3', 3)).toBe('AB-12-3-M03');
    const long = mandateReference('9'.repeat(40), 100);
    expect(long).toHaveLength(35);
    expect(long.endsWith('-M100')).toBe(true);
  });
});
