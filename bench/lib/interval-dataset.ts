// A benchmark dataset: one utility with `meters` customers, each with a consumption point, an
// electricity contract with an instalment plan, a smart meter (one register) and a year of
// 15-minute values (one interval_values row per local day with 92/96/100 values, as the importer
// stores them; ADR 0007) plus the daily sums, some readings, documents and bookings. Built with
// set-based SQL (generate_series), so 1,000 meters x 365 days (35 million values) load in minutes.
import { sql } from 'kysely';
import { withTenant, type Database } from '../../server/db/database.ts';
import { hashPassword } from '../../server/modules/identity/password.ts';
import { getTenantBySlug, upsertTenantFromFile, type Tenant } from '../../server/modules/tenants/tenants.service.ts';
import { tenantFile } from '../../test/factories.ts';

export type IntervalDataset = {
  tenant: Tenant;
  /** The customer a benchmark signs in as (e-mail + password) and its register. */
  login: { email: string; password: string; customerId: string; registerId: string; meterId: string };
  /** Last day with values (yesterday of `today`). */
  lastDay: string;
  values: number;
  loadSeconds: number;
};

const TIME_ZONE = 'Europe/Berlin';

export async function buildIntervalDataset(database: Database, options: { meters: number; days: number; today: string }): Promise<IntervalDataset> {
  const started = performance.now();
  const file = tenantFile();
  file.config.modules = ['readings', 'consumption', 'invoices', 'instalments', 'account_statement', 'contracts', 'requests', 'smart_meter'];
  await upsertTenantFromFile(database.db, file, process.cwd());
  const tenant = await getTenantBySlug(database.db, file.slug);
  if (!tenant) throw new Error('tenant not created');
  const t = tenant.id;
  const { meters, days, today } = options;
  await withTenant(database, t, async (trx) => {
    await sql`
      insert into tariffs (tenant_id, code, name, division, energy_price_ct, base_price_cents_per_year, valid_from)
      values (${t}::uuid, 'BENCH-STROM', 'Stadtstrom Bench', 'electricity', 32.0, 15000, date '2020-01-01')`.execute(trx);
    await sql`
      insert into customers (tenant_id, customer_number, kind, first_name, last_name, street, house_number, postal_code, city, country)
      select ${t}::uuid, (50000000 + g)::text, 'person', 'Bench', 'Kunde ' || g, 'Messweg', g::text, '12345', 'Teststadt', 'DE'
      from generate_series(1, ${meters}) g`.execute(trx);
    await sql`
      insert into premises (tenant_id, customer_id, street, house_number, postal_code, city, country)
      select tenant_id, id, street, house_number, postal_code, city, country from customers where tenant_id = ${t}::uuid`.execute(trx);
    await sql`
      insert into contracts (tenant_id, contract_number, customer_id, premise_id, division, tariff_id, start_date, annual_forecast_milli)
      select p.tenant_id, 'V' || c.customer_number, c.id, p.id, 'electricity', (select id from tariffs where tenant_id = ${t}::uuid), date '2020-01-01', 3200000
      from premises p join customers c on c.tenant_id = p.tenant_id and c.id = p.customer_id where p.tenant_id = ${t}::uuid`.execute(trx);
    await sql`
      insert into instalment_plans (tenant_id, contract_id, amount_cents, valid_from, due_day)
      select tenant_id, id, 9800, date '2026-01-01', 15 from contracts where tenant_id = ${t}::uuid`.execute(trx);
    await sql`
      insert into meters (tenant_id, premise_id, meter_number, division, meter_kind, data_granularity, installed_on)
      select tenant_id, id, '1EMH' || lpad(row_number() over ()::text, 10, '0'), 'electricity', 'smart', 'QUARTER_HOUR', date '2020-01-01'
      from premises where tenant_id = ${t}::uuid`.execute(trx);
    await sql`
      insert into meter_registers (tenant_id, meter_id, obis, unit, digits)
      select tenant_id, id, '1-0:1.8.0', 'kWh', 6 from meters where tenant_id = ${t}::uuid`.execute(trx);
    // The local day's number of quarter hours (92/96/100 on DST days), values 20..220 Wh with a daily shape.
    await sql`
      insert into interval_values (tenant_id, register_id, day, values_milli)
      select r.tenant_id, r.id, d.day,
             array(select (20 + ((q * 7 + extract(doy from d.day)::int) % 120) + (random() * 80)::int)::int from generate_series(1, d.n) q)
      from meter_registers r
      cross join lateral (
        select g::date as day,
               (extract(epoch from ((g::date + 1)::timestamp at time zone ${TIME_ZONE}) - (g::date::timestamp at time zone ${TIME_ZONE})) / 900)::int as n
        from generate_series(${today}::date - ${days}::int, ${today}::date - 1, interval '1 day') g
      ) d
      where r.tenant_id = ${t}::uuid`.execute(trx);
    await sql`
      insert into consumption_daily (tenant_id, register_id, day, quantity_milli)
      select tenant_id, register_id, day, (select sum(v) from unnest(values_milli) v) from interval_values where tenant_id = ${t}::uuid`.execute(trx);
    // A reading at the start and monthly smart-meter readings, documents and bookings for the start page.
    await sql`
      insert into meter_readings (tenant_id, register_id, read_on, value, source)
      select r.tenant_id, r.id, m::date, 10000 + extract(month from m) * 250, 'smart_meter'
      from meter_registers r cross join generate_series(date '2026-01-01', ${today}::date, interval '1 month') m
      where r.tenant_id = ${t}::uuid`.execute(trx);
    await sql`
      insert into documents (tenant_id, customer_id, kind, title, file_name, content_type, size_bytes, content, created_at)
      select tenant_id, id, 'invoice', 'Jahresabrechnung 2025', 'jahresabrechnung-2025.pdf', 'application/pdf', 9, '%PDF-1.4\n'::bytea, timestamptz '2026-02-10 08:00Z'
      from customers where tenant_id = ${t}::uuid`.execute(trx);
    await sql`
      insert into account_transactions (tenant_id, customer_id, booking_date, due_date, kind, description, amount_cents, cleared)
      select c.tenant_id, c.id, m::date, m::date + 14, 'instalment', 'Abschlag', 9800, true
      from customers c cross join generate_series(date '2026-01-01', ${today}::date, interval '1 month') m where c.tenant_id = ${t}::uuid
      union all
      select c.tenant_id, c.id, m::date + 14, null, 'payment', 'Lastschrift', -9800, true
      from customers c cross join generate_series(date '2026-01-01', ${today}::date, interval '1 month') m where c.tenant_id = ${t}::uuid`.execute(trx);
  });
  const password = 'Benchmark am Zählerschrank';
  const email = 'bench.kunde@example.com';
  const first = await withTenant(database, t, async (trx) => {
    const row = await sql<{ customerId: string; meterId: string; registerId: string }>`
      select c.id as "customerId", m.id as "meterId", r.id as "registerId"
      from customers c join premises p on p.tenant_id = c.tenant_id and p.customer_id = c.id
      join meters m on m.tenant_id = p.tenant_id and m.premise_id = p.id
      join meter_registers r on r.tenant_id = m.tenant_id and r.meter_id = m.id
      where c.tenant_id = ${t}::uuid and c.customer_number = '50000001'`.execute(trx);
    const found = row.rows[0];
    if (!found) throw new Error('bench customer missing');
    const login = await trx
      .insertInto('logins')
      .values({ tenant_id: t, email, password_hash: await hashPassword(password), status: 'active', email_verified_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('login_customers').values({ tenant_id: t, login_id: login.id, customer_id: found.customerId }).execute();
    return found;
  });
  await sql`analyze`.execute(database.db);
  const counted = await withTenant(database, t, (trx) => sql<{ n: string }>`select sum(cardinality(values_milli))::text as n from interval_values where tenant_id = ${t}::uuid`.execute(trx));
  return {
    tenant,
    login: { email, password, ...first },
    lastDay: new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10),
    values: Number(counted.rows[0]?.n ?? 0),
    loadSeconds: (performance.now() - started) / 1000,
  };
}
