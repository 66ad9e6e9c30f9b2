// The audit log is read by target (a login's or customer's entries for the personal-data export and
// the "last downloaded" date), not only appended: index it by tenant, target type and target.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index audit_log_target on audit_log (tenant_id, target_type, target_id, at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists audit_log_target`.execute(db);
}
