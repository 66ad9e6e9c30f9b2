// SQL of the export feed (ADR 0023): integration events with their per-tenant feed position, the
// counter row that hands out positions, and each client's acknowledged position.
import { sql } from 'kysely';
import type { TenantTransaction } from '../../db/database.ts';

export type EventRow = {
  id: string;
  seq: number;
  type: string;
  subjectType: string;
  subjectId: string;
  payload: unknown;
  createdAt: Date;
};

const eventColumns = ['id', 'seq', 'type', 'subject_type as subjectType', 'subject_id as subjectId', 'payload', 'created_at as createdAt'] as const;

/**
 * The next feed position of the tenant. The upsert takes the counter row's lock until the calling
 * transaction ends: a concurrent writer waits, so positions commit in increasing order and a
 * rolled-back transaction gives its number back (no gaps).
 */
export async function nextSeq(trx: TenantTransaction, tenantId: string): Promise<number> {
  const row = await trx
    .insertInto('integration_event_counters')
    .values({ tenant_id: tenantId, last_seq: 1 })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet((eb) => ({ last_seq: eb('integration_event_counters.last_seq', '+', 1) })))
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return row.last_seq;
}

/** The highest committed position (0 before the first event). Every position up to it is visible. */
export async function headSeq(trx: TenantTransaction, tenantId: string): Promise<number> {
  const row = await trx.selectFrom('integration_event_counters').select('last_seq').where('tenant_id', '=', tenantId).executeTakeFirst();
  return row?.last_seq ?? 0;
}

export async function insertEvent(
  trx: TenantTransaction,
  tenantId: string,
  values: { seq: number; type: string; subjectType: string; subjectId: string; customerId: string | null; payload: unknown; now: Date },
): Promise<{ id: string }> {
  return trx
    .insertInto('integration_events')
    .values({
      tenant_id: tenantId,
      seq: values.seq,
      type: values.type,
      subject_type: values.subjectType,
      subject_id: values.subjectId,
      customer_id: values.customerId,
      payload: JSON.stringify(values.payload),
      created_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Events after `after` up to `upTo` (inclusive) of the given types, in feed order. */
export async function listEvents(
  trx: TenantTransaction,
  tenantId: string,
  query: { after: number; upTo: number; types: readonly string[]; limit: number },
): Promise<EventRow[]> {
  if (query.types.length === 0) return [];
  return trx
    .selectFrom('integration_events')
    .select(eventColumns)
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', query.after)
    .where('seq', '<=', query.upTo)
    .where('type', 'in', query.types)
    .orderBy('seq')
    .limit(query.limit)
    .execute();
}

export async function findEvent(trx: TenantTransaction, tenantId: string, eventId: string): Promise<EventRow | undefined> {
  return trx.selectFrom('integration_events').select(eventColumns).where('tenant_id', '=', tenantId).where('id', '=', eventId).executeTakeFirst();
}

export async function ackedSeq(trx: TenantTransaction, tenantId: string, clientId: string): Promise<number> {
  const row = await trx
    .selectFrom('integration_feed_positions')
    .select('acked_seq')
    .where('tenant_id', '=', tenantId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row?.acked_seq ?? 0;
}

/** Stores the acknowledged position; never moves it backwards. Returns what is stored now. */
export async function storeAck(trx: TenantTransaction, tenantId: string, clientId: string, seq: number, now: Date): Promise<{ ackedSeq: number; ackedAt: Date }> {
  const row = await trx
    .insertInto('integration_feed_positions')
    .values({ tenant_id: tenantId, client_id: clientId, acked_seq: seq, acked_at: now })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'client_id']).doUpdateSet({
        acked_seq: sql<number>`greatest(integration_feed_positions.acked_seq, excluded.acked_seq)`,
        acked_at: sql<Date>`case when excluded.acked_seq > integration_feed_positions.acked_seq then excluded.acked_at else integration_feed_positions.acked_at end`,
      }),
    )
    .returning(['acked_seq as ackedSeq', 'acked_at as ackedAt'])
    .executeTakeFirstOrThrow();
  return row;
}

export async function customerNumberOf(trx: TenantTransaction, tenantId: string, customerId: string): Promise<string | null> {
  const row = await trx.selectFrom('customers').select('customer_number').where('tenant_id', '=', tenantId).where('id', '=', customerId).executeTakeFirst();
  return row?.customer_number ?? null;
}

export async function premiseOf(trx: TenantTransaction, tenantId: string, premiseId: string): Promise<{ id: string; maloId: string | null } | undefined> {
  return trx.selectFrom('premises').select(['id', 'malo_id as maloId']).where('tenant_id', '=', tenantId).where('id', '=', premiseId).executeTakeFirst();
}

export async function attachmentsOf(trx: TenantTransaction, tenantId: string, requestId: string): Promise<Array<{ id: string; fileName: string; contentType: string; sizeBytes: number }>> {
  return trx
    .selectFrom('request_attachments')
    .select(['id', 'file_name as fileName', 'content_type as contentType', 'size_bytes as sizeBytes'])
    .where('tenant_id', '=', tenantId)
    .where('request_id', '=', requestId)
    .orderBy('created_at')
    .execute();
}

/** The request with a reference (the billing system knows requests by their reference). */
export async function requestIdByReference(trx: TenantTransaction, tenantId: string, reference: string): Promise<string | undefined> {
  const row = await trx.selectFrom('customer_requests').select('id').where('tenant_id', '=', tenantId).where('reference', '=', reference).executeTakeFirst();
  return row?.id;
}
