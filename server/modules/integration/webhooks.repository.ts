// SQL of webhook subscriptions and their delivery log (ADR 0023).
import type { TenantTransaction } from '../../db/database.ts';

export type SubscriptionRow = {
  id: string;
  url: string;
  description: string;
  secretSealed: string;
  eventTypes: string[];
  active: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
};

const subscriptionColumns = [
  'id',
  'url',
  'description',
  'secret_sealed as secretSealed',
  'event_types as eventTypes',
  'active',
  'created_by as createdBy',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;

export async function insertSubscription(
  trx: TenantTransaction,
  tenantId: string,
  values: { url: string; description: string; secretSealed: string; eventTypes: readonly string[]; active: boolean; createdBy: string; now: Date },
): Promise<SubscriptionRow> {
  return trx
    .insertInto('webhook_subscriptions')
    .values({
      tenant_id: tenantId,
      url: values.url,
      description: values.description,
      secret_sealed: values.secretSealed,
      event_types: [...values.eventTypes],
      active: values.active,
      created_by: values.createdBy,
      created_at: values.now,
      updated_at: values.now,
    })
    .returning(subscriptionColumns)
    .executeTakeFirstOrThrow();
}

export async function listSubscriptions(trx: TenantTransaction, tenantId: string): Promise<SubscriptionRow[]> {
  return trx.selectFrom('webhook_subscriptions').select(subscriptionColumns).where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
}

export async function findSubscription(trx: TenantTransaction, tenantId: string, id: string): Promise<SubscriptionRow | undefined> {
  return trx.selectFrom('webhook_subscriptions').select(subscriptionColumns).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Active subscriptions that want events of this type. */
export async function subscriptionsFor(trx: TenantTransaction, tenantId: string, type: string): Promise<Array<{ id: string }>> {
  return trx
    .selectFrom('webhook_subscriptions')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('active', '=', true)
    .where((eb) => eb(eb.val(type), '=', eb.fn.any('event_types')))
    .orderBy('id')
    .execute();
}

export async function updateSubscription(
  trx: TenantTransaction,
  tenantId: string,
  id: string,
  values: { url?: string; description?: string; secretSealed?: string; eventTypes?: readonly string[]; active?: boolean; now: Date },
): Promise<SubscriptionRow | undefined> {
  return trx
    .updateTable('webhook_subscriptions')
    .set({
      ...(values.url === undefined ? {} : { url: values.url }),
      ...(values.description === undefined ? {} : { description: values.description }),
      ...(values.secretSealed === undefined ? {} : { secret_sealed: values.secretSealed }),
      ...(values.eventTypes === undefined ? {} : { event_types: [...values.eventTypes] }),
      ...(values.active === undefined ? {} : { active: values.active }),
      updated_at: values.now,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(subscriptionColumns)
    .executeTakeFirst();
}

export async function deleteSubscription(trx: TenantTransaction, tenantId: string, id: string): Promise<boolean> {
  const result = await trx.deleteFrom('webhook_subscriptions').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function insertDelivery(
  trx: TenantTransaction,
  tenantId: string,
  values: { subscriptionId: string; eventId: string; attempt: number; outcome: 'success' | 'failure'; statusCode: number | null; durationMs: number; error: string | null; at: Date },
): Promise<void> {
  await trx
    .insertInto('webhook_deliveries')
    .values({
      tenant_id: tenantId,
      subscription_id: values.subscriptionId,
      event_id: values.eventId,
      attempt: values.attempt,
      outcome: values.outcome,
      status_code: values.statusCode,
      duration_ms: values.durationMs,
      error: values.error,
      attempted_at: values.at,
    })
    .execute();
}

export type DeliveryRow = {
  id: number;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  outcome: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  attemptedAt: Date;
};

/** Delivery attempts, newest first; of one subscription and/or one event when given. */
export async function listDeliveries(
  trx: TenantTransaction,
  tenantId: string,
  query: { subscriptionId?: string; eventId?: string; before?: number; limit: number },
): Promise<DeliveryRow[]> {
  let q = trx
    .selectFrom('webhook_deliveries as d')
    .innerJoin('integration_events as e', (join) => join.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.event_id'))
    .select([
      'd.id',
      'd.subscription_id as subscriptionId',
      'd.event_id as eventId',
      'e.type as eventType',
      'd.attempt',
      'd.outcome',
      'd.status_code as statusCode',
      'd.duration_ms as durationMs',
      'd.error',
      'd.attempted_at as attemptedAt',
    ])
    .where('d.tenant_id', '=', tenantId)
    .orderBy('d.id', 'desc')
    .limit(query.limit);
  if (query.subscriptionId) q = q.where('d.subscription_id', '=', query.subscriptionId);
  if (query.eventId) q = q.where('d.event_id', '=', query.eventId);
  if (query.before) q = q.where('d.id', '<', query.before);
  return q.execute();
}
