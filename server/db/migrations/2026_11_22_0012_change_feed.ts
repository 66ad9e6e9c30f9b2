// Change feed (ADR 0019): after every statement that changes data shown on a customer's start page,
// a session or a login's linked accounts, PostgreSQL notifies channel `kp_changes` with
// "<tenant id> <scope> <id>" per affected customer, session or login ("<tenant id> tenant *" when the
// affected rows cannot be named one by one). Notifications are delivered on commit, so every
// process of the portal can drop what it cached from the rows before. Statement-level triggers
// with transition tables: a bulk import notifies once per customer, not once per row.
import { sql, type Kysely } from 'kysely';

/** How the changed rows of a table name the affected customer (or session, login). */
const mappings: Record<string, string> = {
  // The row names the customer.
  customer: 'select x.tenant_id, x.customer_id as id from %1$s x',
  // The row is the customer, session.
  self: 'select x.tenant_id, x.id from %1$s x',
  // Through the consumption point, the meter, the register or the contract.
  premise: 'select x.tenant_id, p.customer_id as id from %1$s x left join premises p on p.tenant_id = x.tenant_id and p.id = x.premise_id',
  meter: `select x.tenant_id, p.customer_id as id from %1$s x
    left join meters m on m.tenant_id = x.tenant_id and m.id = x.meter_id
    left join premises p on p.tenant_id = m.tenant_id and p.id = m.premise_id`,
  register: `select x.tenant_id, p.customer_id as id from %1$s x
    left join meter_registers r on r.tenant_id = x.tenant_id and r.id = x.register_id
    left join meters m on m.tenant_id = r.tenant_id and m.id = r.meter_id
    left join premises p on p.tenant_id = m.tenant_id and p.id = m.premise_id`,
  contract: 'select x.tenant_id, c.customer_id as id from %1$s x left join contracts c on c.tenant_id = x.tenant_id and c.id = x.contract_id',
  login: 'select x.tenant_id, x.login_id as id from %1$s x',
  // Shared by many customers (tariffs): everything of the tenant.
  tenant: 'select x.tenant_id, null::uuid as id from %1$s x',
};

/** Table -> [mapping, scope]. */
const watched: Array<[table: string, mapping: keyof typeof mappings, scope: 'customer' | 'session' | 'login']> = [
  ['customers', 'self', 'customer'],
  ['premises', 'customer', 'customer'],
  ['contracts', 'customer', 'customer'],
  ['tariffs', 'tenant', 'customer'],
  ['instalment_plans', 'contract', 'customer'],
  ['meters', 'premise', 'customer'],
  ['meter_registers', 'meter', 'customer'],
  ['meter_readings', 'register', 'customer'],
  ['reading_submissions', 'customer', 'customer'],
  ['account_transactions', 'customer', 'customer'],
  ['invoices', 'customer', 'customer'],
  ['documents', 'customer', 'customer'],
  ['customer_requests', 'customer', 'customer'],
  ['sessions', 'self', 'session'],
  ['login_customers', 'login', 'login'],
];

/** More affected ids than this in one statement: one notice for the whole tenant instead. */
const MAX_NOTICES = 200;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function kp_notify_changes() returns trigger language plpgsql as $fn$
    declare
      mapping text := tg_argv[0];
      scope text := tg_argv[1];
      source text;
      affected record;
      tenants uuid[] := '{}';
      notices text[] := '{}';
    begin
      source := case tg_op when 'UPDATE' then '(select * from changed_rows union all select * from previous_rows)' else 'changed_rows' end;
      for affected in execute 'select distinct tenant_id, id from (' || format(mapping, source) || ') a' loop
        if affected.id is null or cardinality(notices) >= ${sql.lit(MAX_NOTICES)} then
          tenants := tenants || affected.tenant_id;
        else
          notices := notices || (affected.tenant_id::text || ' ' || scope || ' ' || affected.id::text);
        end if;
      end loop;
      if cardinality(tenants) > 0 then
        -- Whole tenants: their single notices are covered.
        notices := array(select n from unnest(notices) n where split_part(n, ' ', 1)::uuid <> all (tenants));
        notices := notices || array(select distinct t::text || ' tenant *' from unnest(tenants) t);
      end if;
      for i in 1 .. coalesce(array_length(notices, 1), 0) loop
        perform pg_notify('kp_changes', notices[i]);
      end loop;
      return null;
    end
    $fn$
  `.execute(db);

  for (const [table, mapping, scope] of watched) {
    const args = [sql.lit(mappings[mapping]), sql.lit(scope)];
    const t = sql.table(table);
    await sql`
      create trigger ${sql.id(`${table}_changes_insert`)} after insert on ${t}
        referencing new table as changed_rows for each statement execute function kp_notify_changes(${sql.join(args)});
      create trigger ${sql.id(`${table}_changes_update`)} after update on ${t}
        referencing new table as changed_rows old table as previous_rows for each statement execute function kp_notify_changes(${sql.join(args)});
      create trigger ${sql.id(`${table}_changes_delete`)} after delete on ${t}
        referencing old table as changed_rows for each statement execute function kp_notify_changes(${sql.join(args)});
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table] of watched) {
    for (const op of ['insert', 'update', 'delete']) await sql`drop trigger if exists ${sql.id(`${table}_changes_${op}`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists kp_notify_changes()`.execute(db);
}
