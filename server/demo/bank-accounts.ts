// Demo bank details: every customer who pays by direct debit (payment 'sepa' in the generated data,
// as the account statements say) has a SEPA mandate given on paper when the supply started; a
// customer with a second consumption point of a business pays for it from a second account. IBANs are
// valid, derived from the customer id (the same data for the same date), and stored sealed like
// IBANs entered in the portal.
import { createHash } from 'node:crypto';
import { composeIBAN } from 'ibantools';
import type { Insertable } from 'kysely';
import type { TTenantConfig } from '../../api/tenant.ts';
import type { TenantTransaction } from '../db/database.ts';
import type { DB } from '../db/schema.generated.ts';
import { storedIban } from '../modules/banking/bank-account.ts';
import { mandateReference } from '../modules/banking/mandate.ts';
import { customerName, type Customer, type TenantData } from './generate.ts';
import { DAY_MS, isoDay } from './profiles.ts';

/** Bank codes of regional banks (all in the BIC directory, so the demo shows BICs). */
const bankCodes: Record<'DE' | 'AT', readonly string[]> = {
  DE: ['44050199', '37040044', '50010517', '60050101', '25050180'],
  AT: ['20503', '36000', '20111', '12000', '35000'],
};

function digits(seed: string, count: number): string {
  const hash = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; out.length < count; i++) out += String((hash[i % hash.length] ?? 0) % 10);
  return out.slice(0, count);
}

/** A valid IBAN for the demo, the same for the same seed. */
export function demoIban(country: 'DE' | 'AT', seed: string): string {
  const codes = bankCodes[country];
  const code = codes[Number.parseInt(digits(`${seed}:bank`, 4), 10) % codes.length] ?? '';
  // Account numbers of 10 (DE) or 11 (AT) digits whose first digit is not 0, like real ones.
  const account = `${String((Number(digits(`${seed}:lead`, 1)) % 9) + 1)}${digits(`${seed}:account`, country === 'DE' ? 9 : 10)}`;
  const iban = composeIBAN({ countryCode: country, bban: `${code}${account}` });
  if (!iban) throw new Error(`no IBAN for ${seed}`);
  return iban;
}

type Rows = { accounts: Array<Insertable<DB['bank_accounts']>>; premises: Array<Insertable<DB['bank_account_premises']>> };

function startDay(customer: Customer): number | null {
  const starts = customer.premises.flatMap((p) => p.supplies.map((s) => s.startDay));
  return starts.length > 0 ? Math.min(...starts) : null;
}

/**
 * The bank details of a demo utility that offers the banking module (none otherwise). The ids come
 * from the customer ids, so a seed gives the same rows for the same date.
 */
export function bankAccountRows(data: TenantData, config: TTenantConfig, secretsKey: Buffer): Rows {
  const rows: Rows = { accounts: [], premises: [] };
  const creditorId = config.sepa?.creditorId;
  if (!config.modules.includes('banking') || !creditorId) return rows;
  const tenantId = data.spec.tenantId;
  const country = config.country;
  for (const customer of data.customers) {
    const first = startDay(customer);
    if (customer.payment !== 'sepa' || first === null) continue;
    const holder = customerName(customer).slice(0, 70);
    const mandates: Array<{ seed: string; from: number; premiseId: string | null }> = [{ seed: customer.id, from: first, premiseId: null }];
    // A business pays for its second consumption point from another account.
    const second = customer.kind === 'company' ? customer.premises[1] : undefined;
    const secondStart = second ? Math.min(...second.supplies.map((s) => s.startDay)) : null;
    if (second && secondStart !== null && Number.isFinite(secondStart)) mandates.push({ seed: `${customer.id}:${second.id}`, from: Math.max(secondStart, first), premiseId: second.id });
    mandates.forEach((mandate, index) => {
      const id = uuidFrom(`bank-account:${mandate.seed}`);
      // Signed on paper two weeks before the supply started.
      const signed = new Date((mandate.from - 14) * DAY_MS + 9 * 3_600_000);
      rows.accounts.push({
        tenant_id: tenantId,
        id,
        customer_id: customer.id,
        payment_method: 'direct_debit',
        all_premises: mandate.premiseId === null,
        holder,
        ...storedIban(secretsKey, tenantId, customer.id, demoIban(country, mandate.seed)),
        valid_from: isoDay(mandate.from),
        creditor_id: creditorId,
        mandate_reference: mandateReference(customer.number, index + 1),
        consent_locale: 'de',
        consented_at: signed,
        consent_channel: 'paper',
        status: 'active',
        created_at: signed,
      });
      if (mandate.premiseId) rows.premises.push({ tenant_id: tenantId, bank_account_id: id, premise_id: mandate.premiseId });
    });
  }
  return rows;
}

/** A UUID (version 4 layout) from a name, so demo rows keep their ids across seeds. */
function uuidFrom(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function insertBankAccounts(trx: TenantTransaction, rows: Rows): Promise<void> {
  for (let i = 0; i < rows.accounts.length; i += 500) await trx.insertInto('bank_accounts').values(rows.accounts.slice(i, i + 500)).execute();
  if (rows.premises.length > 0) await trx.insertInto('bank_account_premises').values(rows.premises).execute();
}
