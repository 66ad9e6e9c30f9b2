// Tenant isolation at the database: the catalog (TEN-01) and fail-closed behaviour (TEN-03).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/db.ts';
import { createTenant } from '../../test/factories.ts';
import { withTenant, type Database } from './database.ts';

// Global tables, looked up before a tenant is known (Citus reference tables).
const globalTables = [
  'tenants',
  'tenant_domains',
  'kysely_migration',
  'kysely_migration_lock',
  // Platform operators belong to the installation, not to a tenant (ADR 0025).
  'platform_operators',
  'operator_sessions',
  'operator_tokens',
  'operator_throttle',
  'operator_audit_log',
];

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('row-level security catalog', () => {
  it('forces RLS with a policy on every table that has tenant_id', async () => {
    const { rows } = await sql<{ table: string; enabled: boolean; forced: boolean; policies: number }>`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
        and c.relname <> all(${globalTables})
    `.execute(database.db);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row, row.table).toMatchObject({ enabled: true, forced: true, policies: 1 });
  });

  it('lists every table either as tenant-owned (tenant_id) or as a known global table', async () => {
    const { rows } = await sql<{ table: string }>`
      select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    `.execute(database.db);
    for (const row of rows) expect(globalTables, `${row.table} has no tenant_id`).toContain(row.table);
  });

  it('puts tenant_id first in every primary key and unique index of tenant tables', async () => {
    const { rows } = await sql<{ index: string; table: string; first: string }>`
      select i.relname as index, t.relname as table, a.attname as first
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
      where n.nspname = 'public' and x.indisunique and t.relname <> all(${globalTables})
    `.execute(database.db);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row.first, `${row.table}.${row.index}`).toBe('tenant_id');
  });

  it('has no views without security_invoker', async () => {
    const { rows } = await sql<{ view: string }>`
      select c.relname as view from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'v'
        and not coalesce(c.reloptions @> array['security_invoker=true'], false)
    `.execute(database.db);
    expect(rows).toEqual([]);
  });
});

describe('fail closed', () => {
  it('returns no rows when no tenant is set for the runtime role', async () => {
    const a = await createTenant(database);
    await withTenant(database, a.id, (trx) =>
      trx
        .insertInto('customers')
        .values({ tenant_id: a.id, customer_number: '41234567', kind: 'person', last_name: 'Muster', street: 'A', house_number: '1', postal_code: '12345', city: 'X', country: 'DE' })
        .execute(),
    );
    const count = await database.db.transaction().execute(async (trx) => {
      await sql`select set_config('role', ${database.appRole}, true)`.execute(trx);
      return trx.selectFrom('customers').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    });
    expect(count.n).toBe(0);
  });

  it("sees only the transaction's tenant and refuses writes into another tenant", async () => {
    const a = await createTenant(database);
    const b = await createTenant(database);
    await withTenant(database, b.id, (trx) =>
      trx
        .insertInto('customers')
        .values({ tenant_id: b.id, customer_number: '49999999', kind: 'person', last_name: 'Canary-B', street: 'B', house_number: '2', postal_code: '12345', city: 'Y', country: 'DE' })
        .execute(),
    );
    const seenByA = await withTenant(database, a.id, (trx) => trx.selectFrom('customers').select('last_name').execute());
    expect(seenByA.map((r) => r.last_name)).not.toContain('Canary-B');

    await expect(
      withTenant(database, a.id, (trx) =>
        trx
          .insertInto('customers')
          .values({ tenant_id: b.id, customer_number: '48888888', kind: 'person', last_name: 'Intruder', street: 'C', house_number: '3', postal_code: '12345', city: 'Z', country: 'DE' })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);

    const moved = await withTenant(database, a.id, (trx) =>
      trx.updateTable('customers').set({ last_name: 'Hijacked' }).where('customer_number', '=', '49999999').executeTakeFirst(),
    );
    expect(moved.numUpdatedRows).toBe(0n);
  });

  it('keeps audit rows append-only for the runtime role', async () => {
    const a = await createTenant(database);
    await withTenant(database, a.id, (trx) =>
      trx.insertInto('audit_log').values({ tenant_id: a.id, actor_type: 'system', action: 'test.event' }).execute(),
    );
    await expect(
      withTenant(database, a.id, (trx) => trx.updateTable('audit_log').set({ action: 'changed' }).execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(withTenant(database, a.id, (trx) => trx.deleteFrom('audit_log').execute())).rejects.toThrow(/permission denied/);
  });
});
