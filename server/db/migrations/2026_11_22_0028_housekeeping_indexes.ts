// Housekeeping (ADR 0028) deletes by age every hour: index the age of each purged table per tenant so
// a purge reads what it deletes, not the whole table. Sessions end at the earlier of their idle and
// absolute expiry; the delivered outbox jobs are a partial index of the done ones.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index sessions_ends on sessions (tenant_id, least(idle_expires_at, absolute_expires_at));
    create index staff_sessions_ends on staff_sessions (tenant_id, least(idle_expires_at, absolute_expires_at));
    create index auth_tokens_expires on auth_tokens (tenant_id, expires_at);
    create index audit_log_at on audit_log (tenant_id, at);
    create index outbox_done on outbox (tenant_id, done_at) where status = 'done';
    create index integration_events_created on integration_events (tenant_id, created_at);
    create index webhook_deliveries_attempted on webhook_deliveries (tenant_id, attempted_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists sessions_ends;
    drop index if exists staff_sessions_ends;
    drop index if exists auth_tokens_expires;
    drop index if exists audit_log_at;
    drop index if exists outbox_done;
    drop index if exists integration_events_created;
    drop index if exists webhook_deliveries_attempted;
  `.execute(db);
}
