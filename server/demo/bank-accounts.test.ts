// Demo bank details: valid, masked and sealed IBANs for the customers who pay by direct debit, a
// second account for a business's second consumption point, the same data for the same date.
import { describe, expect, it } from 'vitest';
import { checkIban } from '../../api/banking.ts';
import { ibanSealPurpose } from '../modules/banking/bank-account.ts';
import { unseal } from '../modules/identity/secret-box.ts';
import { bankAccountRows, demoIban } from './bank-accounts.ts';
import { generateTenant } from './generate.ts';
import { demoTenantFile } from './seed.ts';

const KEY = Buffer.alloc(32, 3);
const TODAY = '2026-11-21';

describe('demo bank details', () => {
  it('give every direct-debit customer of Alpenstadt a valid Austrian IBAN, sealed, with a mandate given on paper', () => {
    const data = generateTenant('alpenstadt', TODAY);
    const rows = bankAccountRows(data, demoTenantFile('alpenstadt').config, KEY);
    const payers = data.customers.filter((c) => c.payment === 'sepa');
    expect(new Set(rows.accounts.map((a) => a.customer_id))).toEqual(new Set(payers.map((c) => c.id)));
    const references = new Set<string>();
    for (const account of rows.accounts) {
      const iban = unseal(KEY, account.iban_sealed ?? '', ibanSealPurpose(data.spec.tenantId, account.customer_id));
      expect(checkIban(iban)).toMatchObject({ ok: true, country: 'AT' });
      expect(account.iban_masked).toMatch(/^AT\d{2} \*{4} \*{4} \*{4} [0-9A-Z]{4}$/);
      expect(account).toMatchObject({ payment_method: 'direct_debit', status: 'active', consent_channel: 'paper', creditor_id: 'AT85ZZZ00000004711' });
      references.add(String(account.mandate_reference));
    }
    expect(references.size).toBe(rows.accounts.length);
    const huber = data.customers.find((c) => c.persona?.lastName === 'Huber' && c.persona.firstName === 'Johann');
    expect(rows.accounts.find((a) => a.customer_id === huber?.id)).toMatchObject({ holder: 'Johann Huber', all_premises: true });
  });

  it('give a business with two consumption points a second account for the second one (Musterstadt)', () => {
    const data = generateTenant('musterstadt', TODAY);
    const rows = bankAccountRows(data, demoTenantFile('musterstadt').config, KEY);
    const bakery = data.customers.find((c) => c.companyName === 'Bäckerei Krause GmbH');
    const own = rows.accounts.filter((a) => a.customer_id === bakery?.id);
    expect(own.map((a) => [a.all_premises, a.mandate_reference])).toEqual([
      [true, `${bakery?.number ?? ''}-M01`],
      [false, `${bakery?.number ?? ''}-M02`],
    ]);
    expect(rows.premises).toContainEqual(expect.objectContaining({ bank_account_id: own[1]?.id, premise_id: bakery?.premises[1]?.id }));
  });

  it('are the same for the same date and none for a utility without the banking module', () => {
    const a = bankAccountRows(generateTenant('alpenstadt', TODAY), demoTenantFile('alpenstadt').config, KEY);
    const b = bankAccountRows(generateTenant('alpenstadt', TODAY), demoTenantFile('alpenstadt').config, KEY);
    expect(b.accounts.map((r) => [r.id, r.iban_masked, r.valid_from])).toEqual(a.accounts.map((r) => [r.id, r.iban_masked, r.valid_from]));
    expect(demoIban('DE', 'x')).toBe(demoIban('DE', 'x'));
    expect(bankAccountRows(generateTenant('netz-nord', TODAY), demoTenantFile('netz-nord').config, KEY).accounts).toEqual([]);
  });
});
