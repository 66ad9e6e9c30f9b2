// Append-only audit trail. The runtime role may insert and read audit rows, never change them.
import type { TenantTransaction } from '../../db/database.ts';

export type AuditEntry = {
  actorType: 'system' | 'customer' | 'staff' | 'integration' | 'operator';
  actorId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown>;
};

export async function recordAudit(trx: TenantTransaction, tenantId: string, entry: AuditEntry): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values({
      tenant_id: tenantId,
      actor_type: entry.actorType,
      actor_id: entry.actorId ?? null,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      request_id: entry.requestId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}
