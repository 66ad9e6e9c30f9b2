// SQL of the requests module. Every function takes the tenant first; queries for a customer's view
// also take the customer, so another customer's ids find nothing.
import type { TenantTransaction } from '../../db/database.ts';

export type RequestRow = {
  id: string;
  reference: string;
  customerId: string;
  loginId: string | null;
  premiseId: string | null;
  kind: string;
  subject: string;
  payload: unknown;
  status: string;
  createdAt: Date;
  updatedAt: Date;
};

/** The columns of a RequestRow (also read by the back office's queue). */
export const requestColumns = [
  'id',
  'reference',
  'customer_id as customerId',
  'login_id as loginId',
  'premise_id as premiseId',
  'kind',
  'subject',
  'payload',
  'status',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;

/** The next number of the year's sequence; the row lock serialises concurrent requests. */
export async function nextReferenceNumber(trx: TenantTransaction, tenantId: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('request_counters')
    .values({ tenant_id: tenantId, year, last_number: 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'year']).doUpdateSet((eb) => ({ last_number: eb('request_counters.last_number', '+', 1) })))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

export async function insertRequest(
  trx: TenantTransaction,
  tenantId: string,
  values: {
    reference: string;
    customerId: string;
    loginId: string | null;
    premiseId: string | null;
    kind: string;
    subject: string;
    payload: Record<string, unknown>;
    idempotencyKey: string | null;
    now: Date;
  },
): Promise<RequestRow> {
  return trx
    .insertInto('customer_requests')
    .values({
      tenant_id: tenantId,
      reference: values.reference,
      customer_id: values.customerId,
      login_id: values.loginId,
      premise_id: values.premiseId,
      kind: values.kind,
      subject: values.subject,
      payload: JSON.stringify(values.payload),
      idempotency_key: values.idempotencyKey,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning(requestColumns)
    .executeTakeFirstOrThrow();
}

export async function findByIdempotencyKey(trx: TenantTransaction, tenantId: string, loginId: string, key: string): Promise<RequestRow | undefined> {
  return trx
    .selectFrom('customer_requests')
    .select(requestColumns)
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/** A request by id, locked for a status change (staff, integration). */
export async function findRequestForUpdate(trx: TenantTransaction, tenantId: string, requestId: string): Promise<RequestRow | undefined> {
  return trx.selectFrom('customer_requests').select(requestColumns).where('tenant_id', '=', tenantId).where('id', '=', requestId).forUpdate().executeTakeFirst();
}

export async function findCustomerRequest(trx: TenantTransaction, tenantId: string, customerId: string, requestId: string): Promise<RequestRow | undefined> {
  return trx
    .selectFrom('customer_requests')
    .select(requestColumns)
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('id', '=', requestId)
    .executeTakeFirst();
}

export async function listCustomerRequests(trx: TenantTransaction, tenantId: string, customerId: string): Promise<RequestRow[]> {
  return trx
    .selectFrom('customer_requests')
    .select(requestColumns)
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .orderBy('reference', 'desc')
    .execute();
}

export async function updateStatus(trx: TenantTransaction, tenantId: string, requestId: string, status: string, now: Date): Promise<void> {
  await trx.updateTable('customer_requests').set({ status, updated_at: now }).where('tenant_id', '=', tenantId).where('id', '=', requestId).execute();
}

export async function insertEvent(
  trx: TenantTransaction,
  tenantId: string,
  values: { requestId: string; status: string; reason: string | null; actorType: string; actorId: string | null; now: Date },
): Promise<void> {
  await trx
    .insertInto('request_events')
    .values({
      tenant_id: tenantId,
      request_id: values.requestId,
      status: values.status,
      reason: values.reason,
      actor_type: values.actorType,
      actor_id: values.actorId,
      created_at: values.now,
    })
    .execute();
}

export async function listEvents(
  trx: TenantTransaction,
  tenantId: string,
  requestId: string,
): Promise<Array<{ status: string; reason: string | null; actorType: string; createdAt: Date }>> {
  return trx
    .selectFrom('request_events')
    .select(['status', 'reason', 'actor_type as actorType', 'created_at as createdAt'])
    .where('tenant_id', '=', tenantId)
    .where('request_id', '=', requestId)
    .orderBy('id')
    .execute();
}

export async function insertAttachment(
  trx: TenantTransaction,
  tenantId: string,
  values: { requestId: string; fileName: string; contentType: string; content: Buffer; now: Date },
): Promise<void> {
  await trx
    .insertInto('request_attachments')
    .values({
      tenant_id: tenantId,
      request_id: values.requestId,
      file_name: values.fileName,
      content_type: values.contentType,
      size_bytes: values.content.length,
      content: values.content,
      created_at: values.now,
    })
    .execute();
}

export async function listAttachments(
  trx: TenantTransaction,
  tenantId: string,
  requestId: string,
): Promise<Array<{ id: string; fileName: string; contentType: string; sizeBytes: number }>> {
  return trx
    .selectFrom('request_attachments')
    .select(['id', 'file_name as fileName', 'content_type as contentType', 'size_bytes as sizeBytes'])
    .where('tenant_id', '=', tenantId)
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .orderBy('file_name')
    .execute();
}

/** An attachment's bytes, only when its request belongs to the customer. */
export async function findCustomerAttachment(
  trx: TenantTransaction,
  tenantId: string,
  customerId: string,
  requestId: string,
  attachmentId: string,
): Promise<{ fileName: string; contentType: string; content: Buffer } | undefined> {
  return trx
    .selectFrom('request_attachments as a')
    .innerJoin('customer_requests as r', (join) => join.onRef('r.tenant_id', '=', 'a.tenant_id').onRef('r.id', '=', 'a.request_id'))
    .select(['a.file_name as fileName', 'a.content_type as contentType', 'a.content'])
    .where('a.tenant_id', '=', tenantId)
    .where('r.customer_id', '=', customerId)
    .where('a.request_id', '=', requestId)
    .where('a.id', '=', attachmentId)
    .executeTakeFirst();
}

export type PremiseRow = { id: string; street: string; houseNumber: string; postalCode: string; city: string; maloId: string | null };

const premiseColumns = ['id', 'street', 'house_number as houseNumber', 'postal_code as postalCode', 'city', 'malo_id as maloId'] as const;

export async function listPremises(trx: TenantTransaction, tenantId: string, customerId: string): Promise<PremiseRow[]> {
  return trx
    .selectFrom('premises')
    .select(premiseColumns)
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('postal_code')
    .orderBy('street')
    .orderBy('house_number')
    .execute();
}

export async function findPremise(trx: TenantTransaction, tenantId: string, customerId: string, premiseId: string): Promise<PremiseRow | undefined> {
  return trx
    .selectFrom('premises')
    .select(premiseColumns)
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('id', '=', premiseId)
    .executeTakeFirst();
}

/** The e-mail address and language of a login, if it still exists. */
export async function findLoginContact(trx: TenantTransaction, tenantId: string, loginId: string): Promise<{ email: string; locale: string } | undefined> {
  return trx.selectFrom('logins').select(['email', 'locale']).where('tenant_id', '=', tenantId).where('id', '=', loginId).executeTakeFirst();
}
