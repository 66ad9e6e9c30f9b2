// Migrations run as the owner (the connection role). Afterwards the runtime role gets exactly the
// privileges it needs; audit rows can be inserted and read but never changed.
import { Migrator, sql, type MigrationResult } from 'kysely';
import type { Database } from './database.ts';
import { migrations } from './migrations/index.ts';

export class UnsafeRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeRoleError';
  }
}

async function ensureAppRole(database: Database): Promise<void> {
  const role = database.appRole;
  const exists = await sql<{ n: number }>`select count(*)::int as n from pg_roles where rolname = ${role}`.execute(
    database.db,
  );
  if (exists.rows[0]?.n) return;
  // Concurrent first starts (several app processes, parallel test databases) may race here.
  await sql
    .raw(
      `do $$ begin create role ${role} nologin nosuperuser nobypassrls; ` +
        `exception when duplicate_object or unique_violation then null; end $$`,
    )
    .execute(database.db);
}

async function grantAppRole(database: Database): Promise<void> {
  const role = sql.id(database.appRole);
  await sql`grant usage on schema public to ${role}`.execute(database.db);
  await sql`grant select, insert, update, delete on all tables in schema public to ${role}`.execute(database.db);
  await sql`grant usage, select on all sequences in schema public to ${role}`.execute(database.db);
  await sql`revoke update, delete, truncate on audit_log from ${role}`.execute(database.db);
  await sql`revoke insert, update, delete, truncate on tenants, tenant_domains from ${role}`.execute(database.db);
  await sql`revoke all on kysely_migration, kysely_migration_lock from ${role}`.execute(database.db);
  const member = await sql<{ ok: boolean }>`select pg_has_role(current_user, ${database.appRole}, 'member') as ok`.execute(
    database.db,
  );
  if (!member.rows[0]?.ok) await sql`grant ${role} to current_user`.execute(database.db);
}

/** Refuses to go on when the runtime role could bypass row-level security. */
export async function assertAppRoleSafe(database: Database): Promise<void> {
  const result = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
    select rolsuper, rolbypassrls from pg_roles where rolname = ${database.appRole}
  `.execute(database.db);
  const row = result.rows[0];
  if (!row) throw new UnsafeRoleError(`The runtime database role "${database.appRole}" does not exist.`);
  if (row.rolsuper || row.rolbypassrls) {
    throw new UnsafeRoleError(
      `Refusing to start: the runtime database role "${database.appRole}" is ` +
        `${row.rolsuper ? 'a superuser' : 'allowed to bypass row-level security (BYPASSRLS)'}. ` +
        'Tenant isolation depends on row-level security; use a role without SUPERUSER and BYPASSRLS (DB_APP_ROLE).',
    );
  }
}

export async function migrateToLatest(database: Database): Promise<MigrationResult[]> {
  await ensureAppRole(database);
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  await grantAppRole(database);
  await assertAppRoleSafe(database);
  return results ?? [];
}
