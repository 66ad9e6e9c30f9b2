// SQL of invoices and documents. Every function takes the tenant first and the customer account,
// so another customer's documents are never found; lists never load the file bytes.
import type { TenantTransaction } from '../../db/database.ts';

export type DocumentRow = {
  id: string;
  kind: string;
  typeCode: string | null;
  title: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: Date;
  readAt: Date | null;
  invoiceNumber: string | null;
  invoiceKind: string | null;
  invoiceDate: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  grossCents: number | null;
  balanceCents: number | null;
  dueDate: string | null;
};

function documentsOf(trx: TenantTransaction, tenantId: string, customerId: string) {
  return trx
    .selectFrom('documents as d')
    .leftJoin('invoices as i', (join) =>
      join.onRef('i.tenant_id', '=', 'd.tenant_id').onRef('i.document_id', '=', 'd.id').onRef('i.customer_id', '=', 'd.customer_id'),
    )
    .select([
      'd.id',
      'd.kind',
      'd.type_code as typeCode',
      'd.title',
      'd.file_name as fileName',
      'd.content_type as contentType',
      'd.size_bytes as sizeBytes',
      'd.created_at as createdAt',
      'd.read_at as readAt',
      'i.invoice_number as invoiceNumber',
      'i.kind as invoiceKind',
      'i.invoice_date as invoiceDate',
      'i.period_start as periodStart',
      'i.period_end as periodEnd',
      'i.gross_cents as grossCents',
      'i.balance_cents as balanceCents',
      'i.due_date as dueDate',
    ])
    .where('d.tenant_id', '=', tenantId)
    .where('d.customer_id', '=', customerId);
}

/** The customer's documents with their invoice (if any), newest first. */
export async function listDocuments(trx: TenantTransaction, tenantId: string, customerId: string): Promise<DocumentRow[]> {
  return documentsOf(trx, tenantId, customerId).orderBy('d.created_at', 'desc').orderBy('d.id').execute();
}

/** The customer's unread documents, newest first, at most `limit`. */
export async function listUnread(trx: TenantTransaction, tenantId: string, customerId: string, limit: number): Promise<DocumentRow[]> {
  return documentsOf(trx, tenantId, customerId).where('d.read_at', 'is', null).orderBy('d.created_at', 'desc').orderBy('d.id').limit(limit).execute();
}

export async function countUnread(trx: TenantTransaction, tenantId: string, customerId: string): Promise<number> {
  const row = await trx
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.count;
}

export type DocumentFile = { id: string; kind: string; fileName: string; contentType: string; content: Buffer; readAt: Date | null };

export async function findDocumentFile(trx: TenantTransaction, tenantId: string, customerId: string, documentId: string): Promise<DocumentFile | undefined> {
  return trx
    .selectFrom('documents')
    .select(['id', 'kind', 'file_name as fileName', 'content_type as contentType', 'content', 'read_at as readAt'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('id', '=', documentId)
    .executeTakeFirst();
}

/** Sets read_at once (the first download); later downloads keep it. */
export async function markRead(trx: TenantTransaction, tenantId: string, customerId: string, documentId: string, now: Date): Promise<void> {
  await trx
    .updateTable('documents')
    .set({ read_at: now })
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('id', '=', documentId)
    .where('read_at', 'is', null)
    .execute();
}
