// SQL of housekeeping (ADR 0028): each function deletes the rows of one tenant that no flow reads any
// more and returns how many it deleted. The cut-off times come from the service; tenant id first.
import { sql, type Kysely } from 'kysely';
import type { TenantTransaction } from '../../db/database.ts';
import type { DB } from '../../db/schema.generated.ts';

const count = (result: { numDeletedRows: bigint }[] | { numDeletedRows: bigint }) =>
  Number((Array.isArray(result) ? result[0] : result)?.numDeletedRows ?? 0n);

/** Customer sessions that ended (idle or absolute timeout) before `before`. */
export async function deleteEndedSessions(trx: TenantTransaction, tenantId: string, before: Date): Promise<number> {
  const result = await trx
    .deleteFrom('sessions')
    .where('tenant_id', '=', tenantId)
    .where(sql<Date>`least(idle_expires_at, absolute_expires_at)`, '<', before)
    .executeTakeFirst();
  return count(result);
}

/** Back-office sessions that ended before `before`. */
export async function deleteEndedStaffSessions(trx: TenantTransaction, tenantId: string, before: Date): Promise<number> {
  const result = await trx
    .deleteFrom('staff_sessions')
    .where('tenant_id', '=', tenantId)
    .where(sql<Date>`least(idle_expires_at, absolute_expires_at)`, '<', before)
    .executeTakeFirst();
  return count(result);
}

/** One-time links (activation, reset, e-mail change, invitation; staff invitations) expired before `before`. */
export async function deleteExpiredLinks(trx: TenantTransaction, tenantId: string, before: Date): Promise<number> {
  const customers = await trx.deleteFrom('auth_tokens').where('tenant_id', '=', tenantId).where('expires_at', '<', before).executeTakeFirst();
  const staff = await trx.deleteFrom('staff_tokens').where('tenant_id', '=', tenantId).where('expires_at', '<', before).executeTakeFirst();
  return count(customers) + count(staff);
}

/** Integration access tokens and passkey challenges expired before `before`. */
export async function deleteExpiredCredentials(trx: TenantTransaction, tenantId: string, before: Date): Promise<number> {
  const tokens = await trx.deleteFrom('integration_tokens').where('tenant_id', '=', tenantId).where('expires_at', '<', before).executeTakeFirst();
  const challenges = await trx.deleteFrom('webauthn_challenges').where('tenant_id', '=', tenantId).where('expires_at', '<', before).executeTakeFirst();
  return count(tokens) + count(challenges);
}

/** Throttle counters whose window opened before `before` and that block nobody any more. */
export async function deleteStaleThrottles(trx: TenantTransaction, tenantId: string, before: Date, now: Date): Promise<number> {
  const result = await trx
    .deleteFrom('auth_throttle')
    .where('tenant_id', '=', tenantId)
    .where('window_started_at', '<', before)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', now)]))
    .executeTakeFirst();
  return count(result);
}

/** Stored answers to Idempotency-Keys first used before `before`. */
export async function deleteIdempotencyAnswers(trx: TenantTransaction, tenantId: string, before: Date): Promise<number> {
  const result = await trx.deleteFrom('integration_idempotency').where('tenant_id', '=', tenantId).where('created_at', '<', before).executeTakeFirst();
  return count(result);
}

/** The webhook delivery log before `before`. */
export async function deleteWebhookDeliveries(trx: TenantTransaction, tenantId: string, before: Date): Promise<number> {
  const result = await trx.deleteFrom('webhook_deliveries').where('tenant_id', '=', tenantId).where('attempted_at', '<', before).executeTakeFirst();
  return count(result);
}

/**
 * Export-feed events: those created before `acknowledgedBefore` that every active client which
 * reads the feed (has a position) has acknowledged, and all created before `before` (a client that
 * stopped reading does not keep personal data forever). Events still named in the delivery log stay.
 */
export async function deleteFeedEvents(trx: TenantTransaction, tenantId: string, acknowledgedBefore: Date, before: Date): Promise<number> {
  const result = await sql`
    delete from integration_events e
    where e.tenant_id = ${tenantId}
      and (e.created_at < ${before}
           or (e.created_at < ${acknowledgedBefore}
               and e.seq <= coalesce((select min(p.acked_seq) from integration_feed_positions p
                                      join integration_clients c on c.tenant_id = p.tenant_id and c.id::text = p.client_id
                                      where p.tenant_id = ${tenantId} and c.revoked_at is null), e.seq)))
      and not exists (select 1 from webhook_deliveries d where d.tenant_id = e.tenant_id and d.event_id = e.id)`.execute(trx);
  return Number(result.numAffectedRows ?? 0n);
}

/** Outbox jobs delivered before `before` (dead ones stay for the operator), and dev-mailbox copies. */
export async function deleteDeliveredJobs(trx: TenantTransaction, tenantId: string, before: Date): Promise<number> {
  const mails = await trx.deleteFrom('dev_mailbox').where('tenant_id', '=', tenantId).where('created_at', '<', before).executeTakeFirst();
  const jobs = await trx.deleteFrom('outbox').where('tenant_id', '=', tenantId).where('status', '=', 'done').where('done_at', '<', before).executeTakeFirst();
  return count(mails) + count(jobs);
}

/**
 * Audit records older than the tenant's retention (`retention.auditYears`). The application role may
 * only append to the audit log, so this one runs on the owner's connection, outside a tenant
 * transaction, with the tenant named explicitly.
 */
export async function deleteAuditRecords(db: Kysely<DB>, tenantId: string, before: Date): Promise<number> {
  const result = await db.deleteFrom('audit_log').where('tenant_id', '=', tenantId).where('at', '<', before).executeTakeFirst();
  return count(result);
}
