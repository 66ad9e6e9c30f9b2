// Row-level security for tenant tables (ADR 0006): every row carries tenant_id, and a transaction
// sees and writes only the rows of the tenant in `app.tenant_id` (set by withTenant). Forced, so
// the tables' owner is filtered too. Shared by the migrations that create tenant tables.
import { sql, type Kysely } from 'kysely';

export async function isolateTenants(db: Kysely<unknown>, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_tenant_id())
        with check (tenant_id = app_tenant_id());
    `.execute(db);
  }
}
