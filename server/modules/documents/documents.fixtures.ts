// Test fixtures of the documents, account statement and contracts tests: a tenant offering chosen
// modules, documents, invoices and bookings of a customer account.
import type { TModule } from '../../../api/tenant.ts';
import { tenantFile } from '../../../test/factories.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { getTenantBySlug, upsertTenantFromFile, type Tenant } from '../tenants/tenants.service.ts';

/** A new tenant offering `modules` (German by default, Austrian with its time zone). */
export async function tenantWith(
  database: Database,
  options: { modules: TModule[]; country?: 'DE' | 'AT'; instalmentsPerYear?: 11 | 12 },
): Promise<Tenant> {
  const file = tenantFile();
  file.config.modules = options.modules;
  file.config.country = options.country ?? 'DE';
  file.config.timeZone = options.country === 'AT' ? 'Europe/Vienna' : 'Europe/Berlin';
  file.config.instalmentsPerYear = options.instalmentsPerYear ?? 12;
  await upsertTenantFromFile(database.db, file, process.cwd());
  const tenant = await getTenantBySlug(database.db, file.slug);
  if (!tenant) throw new Error('tenant not created');
  return tenant;
}

export type DocumentSpec = {
  kind?: 'invoice' | 'contract' | 'letter' | 'notice' | 'other';
  title: string;
  fileName?: string;
  content?: Buffer;
  createdAt: Date;
  readAt?: Date | null;
};

export async function addDocument(database: Database, tenant: Tenant, customerId: string, spec: DocumentSpec): Promise<string> {
  const content = spec.content ?? Buffer.from(`%PDF-1.4\n% ${spec.title}\n%%EOF\n`);
  return withTenant(database, tenant.id, async (trx) => {
    const row = await trx
      .insertInto('documents')
      .values({
        tenant_id: tenant.id,
        customer_id: customerId,
        kind: spec.kind ?? 'letter',
        title: spec.title,
        file_name: spec.fileName ?? `${spec.title.replace(/\W+/g, '-')}.pdf`,
        content_type: 'application/pdf',
        size_bytes: content.length,
        content,
        created_at: spec.createdAt,
        read_at: spec.readAt ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

export type InvoiceSpec = {
  number: string;
  kind?: 'annual' | 'final' | 'interim' | 'credit_note';
  invoiceDate: string;
  periodStart: string;
  periodEnd: string;
  grossCents: number;
  paidCents?: number;
  dueDate: string;
  documentId?: string | null;
};

export async function addInvoice(database: Database, tenant: Tenant, customerId: string, spec: InvoiceSpec): Promise<string> {
  const vatCents = Math.round((spec.grossCents * 19) / 119);
  const paid = spec.paidCents ?? 0;
  return withTenant(database, tenant.id, async (trx) => {
    const row = await trx
      .insertInto('invoices')
      .values({
        tenant_id: tenant.id,
        customer_id: customerId,
        invoice_number: spec.number,
        kind: spec.kind ?? 'annual',
        invoice_date: spec.invoiceDate,
        period_start: spec.periodStart,
        period_end: spec.periodEnd,
        net_cents: spec.grossCents - vatCents,
        vat_cents: vatCents,
        gross_cents: spec.grossCents,
        instalments_paid_cents: paid,
        balance_cents: spec.grossCents - paid,
        due_date: spec.dueDate,
        document_id: spec.documentId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

export type BookingSpec = {
  bookingDate: string;
  dueDate?: string | null;
  kind: 'invoice' | 'instalment' | 'payment' | 'credit' | 'refund' | 'fee';
  description: string;
  amountCents: number;
  reference?: string | null;
  invoiceId?: string | null;
  cleared?: boolean;
};

export async function addBookings(database: Database, tenant: Tenant, customerId: string, bookings: readonly BookingSpec[]): Promise<void> {
  await withTenant(database, tenant.id, async (trx) => {
    for (const b of bookings) {
      await trx
        .insertInto('account_transactions')
        .values({
          tenant_id: tenant.id,
          customer_id: customerId,
          booking_date: b.bookingDate,
          due_date: b.dueDate ?? null,
          kind: b.kind,
          description: b.description,
          amount_cents: b.amountCents,
          reference: b.reference ?? null,
          invoice_id: b.invoiceId ?? null,
          cleared: b.cleared ?? false,
        })
        .execute();
    }
  });
}
