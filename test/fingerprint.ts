// A digest per table of everything a tenant has stored, to show that a refused request changed
// nothing. Tables that change on any request (sessions seen, throttle counters, audit, mail) are
// left out unless named.
import { sql } from 'kysely';
import { withTenant, type Database } from '../server/db/database.ts';
import type { Tenant } from '../server/modules/tenants/tenants.service.ts';

export const CHURN_TABLES: ReadonlySet<string> = new Set(['sessions', 'staff_sessions', 'audit_log', 'auth_throttle', 'outbox', 'dev_mailbox', 'webauthn_challenges']);

/** "<slug>.<table>" -> md5 of the tenant's rows of every tenant table (or of `tables`). */
export async function tenantFingerprint(database: Database, tenant: Tenant, tables?: readonly string[]): Promise<Record<string, string>> {
  const names =
    tables ??
    (await sql<{ table_name: string }>`select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' order by table_name`.execute(database.db)).rows
      .map((r) => r.table_name)
      .filter((t) => !CHURN_TABLES.has(t));
  return withTenant(database, tenant.id, async (trx) => {
    const out: Record<string, string> = {};
    for (const table of names) {
      const row = await sql<{ digest: string | null }>`select md5(string_agg(x::text, '|' order by x::text)) as digest from ${sql.table(table)} x where tenant_id = ${tenant.id}`.execute(trx);
      out[`${tenant.slug}.${table}`] = row.rows[0]?.digest ?? '';
    }
    return out;
  });
}
