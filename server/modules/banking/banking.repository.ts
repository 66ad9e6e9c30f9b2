// SQL of the banking module. Every function takes the tenant first; reads for the customer's view
// also take the customer account, so another account's ids find nothing.
import { sql, type Insertable } from 'kysely';
import type { TenantTransaction } from '../../db/database.ts';
import type { DB } from '../../db/schema.generated.ts';

export type CustomerRow = {
  customerNumber: string;
  kind: string;
  salutation: string | null;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
};

/**
 * Serialises bank changes of one customer account: the second of two concurrent submits waits here
 * until the first committed, then sees its change (double submit) and counts its mandate.
 */
export async function lockCustomerForChange(trx: TenantTransaction, tenantId: string, customerId: string): Promise<void> {
  await trx.selectFrom('customers').select('id').where('tenant_id', '=', tenantId).where('id', '=', customerId).forNoKeyUpdate().execute();
}

export async function findCustomer(trx: TenantTransaction, tenantId: string, customerId: string): Promise<CustomerRow | undefined> {
  return trx
    .selectFrom('customers')
    .select([
      'customer_number as customerNumber',
      'kind',
      'salutation',
      'first_name as firstName',
      'last_name as lastName',
      'company_name as companyName',
      'street',
      'house_number as houseNumber',
      'postal_code as postalCode',
      'city',
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirst();
}

export type PremiseRow = { id: string; street: string; houseNumber: string; postalCode: string; city: string; maloId: string | null };

export async function listPremises(trx: TenantTransaction, tenantId: string, customerId: string): Promise<PremiseRow[]> {
  return trx
    .selectFrom('premises')
    .select(['id', 'street', 'house_number as houseNumber', 'postal_code as postalCode', 'city', 'malo_id as maloId'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('postal_code')
    .orderBy('street')
    .orderBy('house_number')
    .orderBy('id')
    .execute();
}

export type ArrangementRow = {
  id: string;
  customerId: string;
  paymentMethod: string;
  allPremises: boolean;
  holder: string | null;
  ibanMasked: string | null;
  bic: string | null;
  validFrom: string;
  creditorId: string | null;
  mandateReference: string | null;
  consentLocale: string | null;
  consentedAt: Date | null;
  consentChannel: string | null;
  status: string;
  requestId: string | null;
  requestReference: string | null;
  requestStatus: string | null;
  createdAt: Date;
  /** Order of making among changes with the same created_at. */
  seq: string;
};

function arrangements(trx: TenantTransaction, tenantId: string) {
  return trx
    .selectFrom('bank_accounts as b')
    .leftJoin('customer_requests as r', (join) => join.onRef('r.tenant_id', '=', 'b.tenant_id').onRef('r.id', '=', 'b.request_id'))
    .select([
      'b.id',
      'b.customer_id as customerId',
      'b.payment_method as paymentMethod',
      'b.all_premises as allPremises',
      'b.holder',
      'b.iban_masked as ibanMasked',
      'b.bic',
      'b.valid_from as validFrom',
      'b.creditor_id as creditorId',
      'b.mandate_reference as mandateReference',
      'b.consent_locale as consentLocale',
      'b.consented_at as consentedAt',
      'b.consent_channel as consentChannel',
      'b.status',
      'b.request_id as requestId',
      'r.reference as requestReference',
      'r.status as requestStatus',
      'b.created_at as createdAt',
      sql<string>`b.seq::text`.as('seq'),
    ])
    .where('b.tenant_id', '=', tenantId);
}

/** The customer account's arrangements, newest first (by start date, then by when they were made). */
export async function listArrangements(trx: TenantTransaction, tenantId: string, customerId: string): Promise<ArrangementRow[]> {
  return arrangements(trx, tenantId).where('b.customer_id', '=', customerId).orderBy('b.valid_from', 'desc').orderBy('b.created_at', 'desc').orderBy('b.seq', 'desc').execute();
}

export async function findArrangement(trx: TenantTransaction, tenantId: string, customerId: string, id: string): Promise<ArrangementRow | undefined> {
  return arrangements(trx, tenantId).where('b.customer_id', '=', customerId).where('b.id', '=', id).executeTakeFirst();
}

export async function findByIdempotencyKey(trx: TenantTransaction, tenantId: string, loginId: string, key: string): Promise<ArrangementRow | undefined> {
  return arrangements(trx, tenantId).where('b.login_id', '=', loginId).where('b.idempotency_key', '=', key).executeTakeFirst();
}

/** Which consumption points each of the given arrangements is for (those not for all of them). */
export async function listArrangementPremises(
  trx: TenantTransaction,
  tenantId: string,
  arrangementIds: readonly string[],
): Promise<Array<{ bankAccountId: string; premiseId: string }>> {
  if (arrangementIds.length === 0) return [];
  return trx
    .selectFrom('bank_account_premises')
    .select(['bank_account_id as bankAccountId', 'premise_id as premiseId'])
    .where('tenant_id', '=', tenantId)
    .where('bank_account_id', 'in', arrangementIds)
    .orderBy('premise_id')
    .execute();
}

/** How many mandates (with a reference) the customer account has had: numbers the next reference. */
export async function countMandates(trx: TenantTransaction, tenantId: string, customerId: string): Promise<number> {
  const row = await trx
    .selectFrom('bank_accounts')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('mandate_reference', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export type NewArrangement = Omit<Insertable<DB['bank_accounts']>, 'tenant_id' | 'id'>;

export async function insertArrangement(trx: TenantTransaction, tenantId: string, values: NewArrangement, premiseIds: readonly string[]): Promise<string> {
  const row = await trx
    .insertInto('bank_accounts')
    .values({ ...values, tenant_id: tenantId })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (premiseIds.length > 0) {
    await trx
      .insertInto('bank_account_premises')
      .values(premiseIds.map((premiseId) => ({ tenant_id: tenantId, bank_account_id: row.id, premise_id: premiseId })))
      .execute();
  }
  return row.id;
}

/** Every login linked to the customer account (they all get the security notice of a change). */
export async function listLinkedLogins(trx: TenantTransaction, tenantId: string, customerId: string): Promise<Array<{ id: string; email: string; locale: string }>> {
  return trx
    .selectFrom('logins as l')
    .innerJoin('login_customers as lc', (join) => join.onRef('lc.tenant_id', '=', 'l.tenant_id').onRef('lc.login_id', '=', 'l.id'))
    .select(['l.id', 'l.email', 'l.locale'])
    .where('l.tenant_id', '=', tenantId)
    .where('lc.customer_id', '=', customerId)
    .where('l.status', '=', 'active')
    .orderBy('l.email')
    .execute();
}
