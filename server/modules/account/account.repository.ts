// SQL of the account statement. Every function takes the tenant first and the customer account,
// so another customer's bookings and plans are never found.
import type { TenantTransaction } from '../../db/database.ts';

export type TransactionRow = {
  id: string;
  bookingDate: string;
  dueDate: string | null;
  kind: string;
  description: string;
  amountCents: number;
  reference: string | null;
  cleared: boolean;
  documentId: string | null;
};

/** All bookings of the customer account with the invoice document of invoice bookings, oldest first. */
export async function listTransactions(trx: TenantTransaction, tenantId: string, customerId: string): Promise<TransactionRow[]> {
  return trx
    .selectFrom('account_transactions as t')
    .leftJoin('invoices as i', (join) =>
      join.onRef('i.tenant_id', '=', 't.tenant_id').onRef('i.id', '=', 't.invoice_id').onRef('i.customer_id', '=', 't.customer_id'),
    )
    .select([
      't.id',
      't.booking_date as bookingDate',
      't.due_date as dueDate',
      't.kind',
      't.description',
      't.amount_cents as amountCents',
      't.reference',
      't.cleared',
      'i.document_id as documentId',
    ])
    .where('t.tenant_id', '=', tenantId)
    .where('t.customer_id', '=', customerId)
    .orderBy('t.booking_date')
    .orderBy('t.id')
    .execute();
}

export type PlanRow = {
  contractNumber: string;
  division: string;
  startDate: string;
  endDate: string | null;
  amountCents: number;
  validFrom: string;
  validTo: string | null;
  dueDay: number;
};

/** The instalment plans of the customer's consumption contracts. */
export async function listInstalmentPlans(trx: TenantTransaction, tenantId: string, customerId: string): Promise<PlanRow[]> {
  return trx
    .selectFrom('instalment_plans as p')
    .innerJoin('contracts as c', (join) => join.onRef('c.tenant_id', '=', 'p.tenant_id').onRef('c.id', '=', 'p.contract_id'))
    .select([
      'c.contract_number as contractNumber',
      'c.division',
      'c.start_date as startDate',
      'c.end_date as endDate',
      'p.amount_cents as amountCents',
      'p.valid_from as validFrom',
      'p.valid_to as validTo',
      'p.due_day as dueDay',
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('c.customer_id', '=', customerId)
    .where('c.direction', '=', 'consumption')
    .orderBy('c.contract_number')
    .orderBy('p.valid_from')
    .execute();
}

/** The date of the customer's latest annual bill (the month without an instalment when there are 11). */
export async function latestAnnualInvoiceDate(trx: TenantTransaction, tenantId: string, customerId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('invoices')
    .select('invoice_date as invoiceDate')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'annual')
    .orderBy('invoice_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.invoiceDate ?? null;
}

export async function customerNumber(trx: TenantTransaction, tenantId: string, customerId: string): Promise<string> {
  const row = await trx
    .selectFrom('customers')
    .select('customer_number as customerNumber')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirstOrThrow();
  return row.customerNumber;
}
