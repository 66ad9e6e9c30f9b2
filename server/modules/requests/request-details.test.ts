import { describe, expect, it } from 'vitest';
import { requestDetails } from './request-details.ts';

describe('requestDetails', () => {
  it('labels an instalment change in German and English', () => {
    const payload = { contractNumber: '7001', currentAmountCents: 8_000, desiredAmountCents: 9_550, desiredDate: '2027-01-15', recommendedAmountCents: 9_000, comment: 'Wärmepumpe' };
    expect(requestDetails('instalment', payload, 'de')).toEqual([
      { label: 'Vertrag', value: '7001' },
      { label: 'Bisheriger Abschlag', value: '80,00\u00a0€' },
      { label: 'Gewünschter Abschlag', value: '95,50\u00a0€' },
      { label: 'Gewünscht ab', value: '15.01.2027' },
      { label: 'Unsere Empfehlung', value: '90,00\u00a0€' },
      { label: 'Ihr Kommentar', value: 'Wärmepumpe' },
    ]);
    expect(requestDetails('instalment', payload, 'en')[1]).toEqual({ label: 'Current instalment', value: '€80.00' });
  });

  it('shows bank changes with the masked IBAN only, and readings per register', () => {
    const bank = requestDetails('bank', { paymentMethod: 'direct_debit', holder: 'Erika Muster', ibanMasked: 'DE89 **** **** **** **30 00', allPremises: true }, 'de');
    expect(bank).toContainEqual({ label: 'IBAN', value: 'DE89 **** **** **** **30 00' });
    expect(bank).toContainEqual({ label: 'Verbrauchsstellen', value: 'alle Verbrauchsstellen' });
    const reading = requestDetails('reading', { meterNumber: '1ESY1', readOn: '2026-11-20', readings: [{ label: 'HT', unit: 'kWh', value: '12345.5' }] }, 'de');
    expect(reading).toContainEqual({ label: 'Zählerstand HT', value: '12.345,5 kWh' });
  });

  it('shows nothing for messages and what it can of odd payloads', () => {
    expect(requestDetails('message', { text: 'x' }, 'de')).toEqual([]);
    expect(requestDetails('address', 'not an object', 'de')).toEqual([]);
    expect(requestDetails('contact', { phone: '0123 4567', contactEmail: null }, 'en')).toEqual([{ label: 'Phone', value: '0123 4567' }]);
  });
});
