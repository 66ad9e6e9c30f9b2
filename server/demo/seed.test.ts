import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDemoAccounts } from '../../api/tenant.ts';
import { openDatabase, withTenant, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { getTenantBySlug, upsertTenantFromFile, type Tenant } from '../modules/tenants/tenants.service.ts';
import { generateTenant } from './generate.ts';
import { isValidMaloId, METERING_POINT_PATTERN } from './ids.ts';
import { DEMO_PASSWORD, demoAccounts, demoTenantFile, seedDemo } from './seed.ts';

const TODAY = '2025-11-20';

function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Hue angle (0-360) of a #rrggbb colour. */
function hue(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const delta = max - Math.min(r, g, b);
  if (delta === 0) return 0;
  const h = max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  return (h * 60 + 360) % 360;
}

describe('demo tenant files', () => {
  it.each(['musterstadt', 'alpenstadt', 'netz-nord'] as const)('%s: valid, readable colours, example matches the pattern', (slug) => {
    const file = demoTenantFile(slug);
    expect((1.05 / (luminance(file.config.branding.primaryColor) + 0.05))).toBeGreaterThanOrEqual(4.5);
    expect(new RegExp(`^(?:${file.config.customerNumber.pattern})$`, 'u').test(file.config.customerNumber.example)).toBe(true);
    expect(file.config.legal.imprint.de).toMatch(/fiktiv/);
    expect(file.config.legal.imprint.en).toMatch(/fictitious/);
  });

  it('musterstadt offers every way a supplier can: numbers, number + name and invitations; alpenstadt numbers only', () => {
    expect(demoTenantFile('musterstadt').config.registrationMethods).toEqual(['customer_meter', 'customer_name', 'invitation']);
    expect(demoTenantFile('alpenstadt').config.registrationMethods).toEqual(['customer_meter']);
  });

  it('netz-nord: a grid operator registering with meter number and GP-Nr', () => {
    const { config } = demoTenantFile('netz-nord');
    expect(config.registrationMethods).toEqual(['meter_gp']);
    expect(config.divisions).toEqual(['electricity']);
    expect(config.modules).toEqual(['readings', 'consumption', 'invoices', 'smart_meter', 'requests']);
    expect(config.customerNumber.example).toBe('3000123456');
    expect(new RegExp(`^(?:${config.customerNumber.pattern})$`, 'u').test('4000123456')).toBe(false);
    expect(config.customerNumber.help.de).toContain('Kunden mit Bezug und Einspeisung haben zwei GP-Nr.');
    // A hue of its own, clearly apart from Musterstadt's blue and Alpenstadt's green.
    const [ms, as, nn] = (['musterstadt', 'alpenstadt', 'netz-nord'] as const).map((slug) => hue(demoTenantFile(slug).config.branding.primaryColor));
    const apart = (a: number, b: number): number => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));
    expect(apart(nn!, ms!)).toBeGreaterThanOrEqual(45);
    expect(apart(nn!, as!)).toBeGreaterThanOrEqual(45);
  });
});

describe('generation is deterministic', () => {
  it('gives the same data for the same date', () => {
    const a = generateTenant('musterstadt', TODAY);
    const b = generateTenant('musterstadt', TODAY);
    expect(b.customers.map((c) => c.number)).toEqual(a.customers.map((c) => c.number));
    expect(b.invoices.map((i) => [i.number, i.grossCents, i.balanceCents])).toEqual(
      a.invoices.map((i) => [i.number, i.grossCents, i.balanceCents]),
    );
    expect(b.transactions.map((t) => t.amount_cents)).toEqual(a.transactions.map((t) => t.amount_cents));
    const other = generateTenant('musterstadt', '2025-11-21');
    expect(other.customers.map((c) => c.number)).toEqual(a.customers.map((c) => c.number));
  });

  it('gives the same grid operator data, feed-in included', () => {
    const a = generateTenant('netz-nord', TODAY);
    const b = generateTenant('netz-nord', TODAY);
    expect(b.customers.map((c) => [c.number, c.twin?.number])).toEqual(a.customers.map((c) => [c.number, c.twin?.number]));
    const feedIn = (d: typeof a): number[] => d.customers.flatMap((c) => c.premises.flatMap((p) => p.supplies.filter((s) => s.direction === 'feed_in').map((s) => s.cum[0]?.at(-1) ?? 0)));
    expect(feedIn(b)).toEqual(feedIn(a));
    expect(b.invoices.map((i) => [i.number, i.grossCents])).toEqual(a.invoices.map((i) => [i.number, i.grossCents]));
  });
});

describe('seedDemo', () => {
  let database: Database;
  let musterstadt: Tenant;
  let alpenstadt: Tenant;
  let netzNord: Tenant;
  let accounts: TDemoAccounts;
  let seedMs = 0;

  beforeAll(async () => {
    database = await openDatabase({ database: { kind: 'pglite', dataDir: null }, appRole: 'kp_app' });
    await migrateToLatest(database);
    const started = performance.now();
    expect(await seedDemo(database, { today: TODAY })).toEqual({ seeded: true });
    seedMs = performance.now() - started;
    const m = await getTenantBySlug(database.db, 'musterstadt');
    const a = await getTenantBySlug(database.db, 'alpenstadt');
    const n = await getTenantBySlug(database.db, 'netz-nord');
    if (!m || !a || !n) throw new Error('demo tenants missing');
    musterstadt = m;
    alpenstadt = a;
    netzNord = n;
    accounts = await demoAccounts(database, (slug) => `http://${slug}.localhost:3000`);
  }, 180_000);

  afterAll(async () => {
    await database.close();
  });

  it('is idempotent', async () => {
    console.log(`seedDemo took ${Math.round(seedMs)} ms`);
    expect(await seedDemo(database, { today: TODAY })).toEqual({ seeded: false });
  });

  it('gives a demo tenant seeded earlier the configuration of its file, data kept', async () => {
    const file = demoTenantFile('musterstadt');
    await upsertTenantFromFile(database.db, { ...file, config: { ...file.config, registrationMethods: ['customer_meter'] } }, fileURLToPath(new URL('./tenants/', import.meta.url)));
    expect((await getTenantBySlug(database.db, 'musterstadt'))?.config.registrationMethods).toEqual(['customer_meter']);
    expect(await seedDemo(database, { today: TODAY })).toEqual({ seeded: false });
    const refreshed = await getTenantBySlug(database.db, 'musterstadt');
    expect(refreshed?.config).toEqual(file.config);
    expect(refreshed?.id).toBe(musterstadt.id);
    const unchanged = await getTenantBySlug(database.db, 'alpenstadt');
    expect(unchanged?.updatedAt).toEqual(alpenstadt.updatedAt);
  });

  it('stores what the generator produces (the seed is a function of the date)', async () => {
    const expected = generateTenant('musterstadt', TODAY, musterstadt.id).customers.map((c) => c.number).sort();
    const stored = await withTenant(database, musterstadt.id, (trx) =>
      trx.selectFrom('customers').select('customer_number').orderBy('customer_number').execute(),
    );
    expect(stored.map((r) => r.customer_number)).toEqual(expected);
  });

  it('has the expected amounts of data', async () => {
    const counts = async (tenant: Tenant) =>
      withTenant(database, tenant.id, async (trx) => {
        const count = async (table: 'customers' | 'meters' | 'invoices' | 'documents'): Promise<number> =>
          Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        const intervalRegisters = await trx
          .selectFrom('interval_values')
          .select((eb) => eb.fn.count('register_id').distinct().as('n'))
          .executeTakeFirstOrThrow();
        return {
          customers: await count('customers'),
          meters: await count('meters'),
          invoices: await count('invoices'),
          documents: await count('documents'),
          intervalRegisters: Number(intervalRegisters.n),
        };
      });
    const m = await counts(musterstadt);
    expect(m.customers).toBeGreaterThanOrEqual(280);
    expect(m.customers).toBeLessThanOrEqual(320);
    expect(m.intervalRegisters).toBeGreaterThanOrEqual(50);
    expect(m.invoices).toBeGreaterThanOrEqual(600);
    expect(m.documents).toBeGreaterThan(m.invoices);
    const a = await counts(alpenstadt);
    expect(a.customers).toBeGreaterThanOrEqual(100);
    expect(a.intervalRegisters).toBeGreaterThanOrEqual(10);
    // Netz Nord: 80 business partners, 20 of them with a second GP-Nr for feed-in.
    const n = await counts(netzNord);
    expect(n.customers).toBe(100);
    expect(n.meters).toBe(100);
    expect(n.intervalRegisters).toBeGreaterThanOrEqual(18);
    expect(n.invoices).toBeGreaterThanOrEqual(50);
    expect(n.documents).toBe(n.invoices);
    const nn = await withTenant(database, netzNord.id, async (trx) =>
      sql<{ feed_in: number; consumption: number; daily_registers: number; feed_in_interval_registers: number }>`
        select
          (select count(*)::int from contracts where direction = 'feed_in') as feed_in,
          (select count(*)::int from contracts where direction = 'consumption') as consumption,
          (select count(distinct register_id)::int from consumption_daily where day >= ${'2023-11-21'}::date) as daily_registers,
          (select count(distinct i.register_id)::int from interval_values i
            join meter_registers r on r.tenant_id = i.tenant_id and r.id = i.register_id where r.obis = '1-0:2.8.0') as feed_in_interval_registers
      `.execute(trx),
    );
    expect(nn.rows[0]).toEqual({ feed_in: 20, consumption: 80, daily_registers: 100, feed_in_interval_registers: 6 });
  });

  it('netz-nord: every GP-Nr has an intelligent metering system; consumption on 1-0:1.8.0, feed-in on 1-0:2.8.0', async () => {
    const rows = await withTenant(database, netzNord.id, (trx) =>
      trx
        .selectFrom('meters')
        .innerJoin('premises', (join) => join.onRef('premises.tenant_id', '=', 'meters.tenant_id').onRef('premises.id', '=', 'meters.premise_id'))
        .innerJoin('contracts', (join) => join.onRef('contracts.tenant_id', '=', 'premises.tenant_id').onRef('contracts.premise_id', '=', 'premises.id'))
        .innerJoin('customers', (join) => join.onRef('customers.tenant_id', '=', 'premises.tenant_id').onRef('customers.id', '=', 'premises.customer_id'))
        .innerJoin('meter_registers', (join) =>
          join.onRef('meter_registers.tenant_id', '=', 'meters.tenant_id').onRef('meter_registers.meter_id', '=', 'meters.id'),
        )
        .select([
          'customers.customer_number',
          'contracts.direction',
          'meters.meter_kind',
          'meters.data_granularity',
          'meters.metering_point_id',
          'meter_registers.obis',
          'premises.malo_id',
        ])
        .execute(),
    );
    expect(rows).toHaveLength(100);
    for (const r of rows) {
      expect(r.customer_number).toMatch(/^30\d{8}$/);
      expect(r.meter_kind).toBe('smart');
      expect(r.data_granularity).toBe('QUARTER_HOUR');
      expect(r.metering_point_id).toMatch(METERING_POINT_PATTERN);
      expect(r.metering_point_id?.startsWith('DE')).toBe(true);
      expect(r.malo_id !== null && isValidMaloId(r.malo_id)).toBe(true);
      expect(r.obis).toBe(r.direction === 'feed_in' ? '1-0:2.8.0' : '1-0:1.8.0');
    }
  });

  it('netz-nord: a person with two GP-Nr has the same name and address on both records', async () => {
    const pairs = await withTenant(database, netzNord.id, (trx) =>
      sql<{ feed_in_number: string; matches: number; consumption_matches: number }>`
        select f.customer_number as feed_in_number,
          (select count(*)::int from customers c
            where c.id <> f.id and c.kind = f.kind and c.salutation is not distinct from f.salutation
              and c.first_name is not distinct from f.first_name and c.last_name is not distinct from f.last_name
              and c.street = f.street and c.house_number = f.house_number and c.postal_code = f.postal_code and c.city = f.city) as matches,
          (select count(*)::int from customers c
            join contracts k on k.tenant_id = c.tenant_id and k.customer_id = c.id and k.direction = 'consumption'
            where c.id <> f.id and c.customer_number <> f.customer_number
              and c.first_name is not distinct from f.first_name and c.last_name is not distinct from f.last_name
              and c.street = f.street and c.house_number = f.house_number and c.postal_code = f.postal_code and c.city = f.city) as consumption_matches
        from customers f
        where exists (select 1 from contracts k where k.tenant_id = f.tenant_id and k.customer_id = f.id and k.direction = 'feed_in')
      `.execute(trx),
    );
    expect(pairs.rows).toHaveLength(20);
    for (const p of pairs.rows) expect([p.feed_in_number, p.matches, p.consumption_matches]).toEqual([p.feed_in_number, 1, 1]);
    // The feed-in premise is at the same address as its customer record.
    const premises = await withTenant(database, netzNord.id, (trx) =>
      sql<{ off: number }>`
        select count(*)::int as off from premises p join customers c on c.tenant_id = p.tenant_id and c.id = p.customer_id
        where (p.street, p.house_number, p.postal_code, p.city) <> (c.street, c.house_number, c.postal_code, c.city)
      `.execute(trx),
    );
    expect(premises.rows[0]?.off).toBe(0);
  });

  it('netz-nord: feed-in is zero at night and follows the seasons', async () => {
    const result = await withTenant(database, netzNord.id, (trx) =>
      sql<{ days: number; night: number; daytime: number; june: number; december: number }>`
        with feed_in as (
          select i.* from interval_values i
          join meter_registers r on r.tenant_id = i.tenant_id and r.id = i.register_id
          where r.obis = '1-0:2.8.0'
        ), daily as (
          select d.* from consumption_daily d
          join meter_registers r on r.tenant_id = d.tenant_id and r.id = d.register_id
          where r.obis = '1-0:2.8.0'
        )
        select
          (select count(*)::int from feed_in) as days,
          -- 00:00-04:00 and 22:30-24:00 local time (the first 16 and the last 6 quarter hours)
          (select count(*)::int from feed_in f, lateral unnest(f.values_milli) with ordinality as v(value, i)
            where v.value <> 0 and (v.i <= 16 or v.i > cardinality(f.values_milli) - 6)) as night,
          (select count(*)::int from feed_in f where (select sum(v) from unnest(f.values_milli) v) > 0) as daytime,
          (select avg(quantity_milli)::float8 from daily where extract(month from day) = 6) as june,
          (select avg(quantity_milli)::float8 from daily where extract(month from day) = 12) as december
      `.execute(trx),
    );
    const row = result.rows[0];
    expect(row?.days).toBeGreaterThan(6 * 700);
    expect(row?.night).toBe(0);
    expect(row?.daytime).toBeGreaterThan((row?.days ?? 0) * 0.99);
    expect(row?.june).toBeGreaterThan((row?.december ?? 0) * 4);
  });

  it('uses valid identifiers', async () => {
    const m = await withTenant(database, musterstadt.id, async (trx) => ({
      customers: await trx.selectFrom('customers').select('customer_number').execute(),
      premises: await trx.selectFrom('premises').select('malo_id').execute(),
    }));
    for (const c of m.customers) expect(c.customer_number).toMatch(/^4\d{7}$/);
    for (const p of m.premises) expect(p.malo_id !== null && isValidMaloId(p.malo_id)).toBe(true);
    const a = await withTenant(database, alpenstadt.id, async (trx) => ({
      customers: await trx.selectFrom('customers').select('customer_number').execute(),
      meters: await trx.selectFrom('meters').select(['metering_point_id', 'meter_kind', 'data_granularity']).execute(),
    }));
    for (const c of a.customers) expect(c.customer_number).toMatch(/^\d{6}$/);
    for (const meter of a.meters) {
      expect(meter.metering_point_id).toMatch(METERING_POINT_PATTERN);
      expect(meter.metering_point_id?.startsWith('AT')).toBe(true);
      expect(meter.meter_kind).toBe('smart');
    }
    const granularity = new Set(a.meters.map((m) => m.data_granularity));
    expect([...granularity].sort()).toEqual(['DAILY', 'OPT_OUT', 'QUARTER_HOUR']);
  });

  it('stores 92, 96 or 100 quarter hours per local day, matching the real day length', async () => {
    for (const [tenant, zone] of [
      [musterstadt, 'Europe/Berlin'],
      [alpenstadt, 'Europe/Vienna'],
      [netzNord, 'Europe/Berlin'],
    ] as const) {
      const result = await withTenant(database, tenant.id, async (trx) =>
        sql<{ lengths: number[]; wrong: number; unsummed: number }>`
          select
            array(select distinct cardinality(values_milli) from interval_values order by 1) as lengths,
            (select count(*)::int from interval_values
              where cardinality(values_milli) * 900 <> extract(epoch from
                ((day + 1)::timestamp at time zone ${zone}) - (day::timestamp at time zone ${zone}))) as wrong,
            (select count(*)::int from interval_values i
              join consumption_daily d on d.tenant_id = i.tenant_id and d.register_id = i.register_id and d.day = i.day
              where d.quantity_milli <> (select sum(v) from unnest(i.values_milli) v)) as unsummed
        `.execute(trx),
      );
      const row = result.rows[0];
      expect(row?.lengths).toEqual([92, 96, 100]);
      expect(row?.wrong).toBe(0);
      expect(row?.unsummed).toBe(0);
    }
  });

  it('has monotonic readings per register', async () => {
    for (const tenant of [musterstadt, alpenstadt, netzNord]) {
      const result = await withTenant(database, tenant.id, (trx) =>
        sql<{ decreasing: number; total: number }>`
          select count(*) filter (where value < previous)::int as decreasing, count(*)::int as total from (
            select value, lag(value) over (partition by register_id order by read_on, value) as previous
            from meter_readings
          ) r
        `.execute(trx),
      );
      expect(result.rows[0]?.total).toBeGreaterThan(100);
      expect(result.rows[0]?.decreasing).toBe(0);
    }
  });

  it('has consistent invoices and credit notes, each with a PDF', async () => {
    for (const tenant of [musterstadt, alpenstadt, netzNord]) {
      const rows = await withTenant(database, tenant.id, (trx) =>
        trx
          .selectFrom('invoices')
          .leftJoin('documents', (join) =>
            join.onRef('documents.tenant_id', '=', 'invoices.tenant_id').onRef('documents.id', '=', 'invoices.document_id'),
          )
          .select([
            'invoices.kind as invoice_kind',
            'invoices.net_cents',
            'invoices.vat_cents',
            'invoices.gross_cents',
            'invoices.instalments_paid_cents',
            'invoices.balance_cents',
            'documents.kind',
            'documents.size_bytes',
            sql<string>`encode(substring(documents.content from 1 for 5), 'escape')`.as('head'),
          ])
          .execute(),
      );
      expect(rows.length).toBeGreaterThan(tenant === netzNord ? 50 : 100);
      for (const r of rows) {
        // A grid operator bills no consumption; it credits the feed-in remuneration (negative amounts).
        if (tenant === netzNord) {
          expect(r.invoice_kind).toBe('credit_note');
          expect(r.gross_cents).toBeLessThan(0);
          expect(r.vat_cents).toBe(0);
        } else {
          expect(r.invoice_kind).not.toBe('credit_note');
        }
        expect(r.gross_cents).toBe(r.net_cents + r.vat_cents);
        expect(r.balance_cents).toBe(r.gross_cents - r.instalments_paid_cents);
        expect(r.kind).toBe('invoice');
        expect(r.head).toBe('%PDF-');
        expect(r.size_bytes).toBeGreaterThan(5000);
      }
    }
  });

  it('derives current instalments from forecast and tariff (DOMAIN.md §4)', async () => {
    for (const [tenant, k] of [
      [musterstadt, 11],
      [alpenstadt, 12],
    ] as const) {
      const result = await withTenant(database, tenant.id, (trx) =>
        sql<{ checked: number; wrong: number }>`
          select count(*)::int as checked,
            count(*) filter (where p.amount_cents <>
              ceil((c.annual_forecast_milli / 1000.0 * t.energy_price_ct + t.base_price_cents_per_year) / 100.0 / ${k} - 1e-9) * 100
            )::int as wrong
          from contracts c
          join tariffs t on t.tenant_id = c.tenant_id and t.id = c.tariff_id
          join instalment_plans p on p.tenant_id = c.tenant_id and p.contract_id = c.id and p.valid_to is null
          where c.end_date is null
        `.execute(trx),
      );
      expect(result.rows[0]?.checked).toBeGreaterThan(100);
      expect(result.rows[0]?.wrong).toBe(0);
    }
  });

  it('lists demo logins and unregistered customers', async () => {
    expect(accounts.tenants.map((t) => t.slug)).toEqual(['musterstadt', 'alpenstadt', 'netz-nord']);
    for (const entry of accounts.tenants) {
      const tenants: Record<string, Tenant> = { musterstadt, alpenstadt, 'netz-nord': netzNord };
      const tenant = tenants[entry.slug];
      if (!tenant) throw new Error(entry.slug);
      expect(entry.url).toBe(`http://${entry.slug}.localhost:3000`);
      expect(entry.registrationMethods).toEqual(tenant.config.registrationMethods);
      expect(entry.logins.length).toBeGreaterThanOrEqual(entry.slug === 'netz-nord' ? 2 : 3);
      expect(entry.logins.some((l) => l.customerNumbers.length === 2)).toBe(true);
      for (const login of entry.logins) {
        expect(login.email).toMatch(/^[a-z0-9.]+@example\.(com|org)$/);
        expect(login.password).toBe(DEMO_PASSWORD);
      }
      expect(entry.unregistered.length).toBeGreaterThanOrEqual(entry.slug === 'netz-nord' ? 12 : 10);
      const numbers = entry.unregistered.map((u) => u.customerNumber);
      const registered = await withTenant(database, tenant.id, (trx) =>
        trx
          .selectFrom('login_customers')
          .innerJoin('customers', (join) =>
            join.onRef('customers.tenant_id', '=', 'login_customers.tenant_id').onRef('customers.id', '=', 'login_customers.customer_id'),
          )
          .select('customers.customer_number')
          .where('customers.customer_number', 'in', numbers)
          .execute(),
      );
      expect(registered).toEqual([]);
      for (const u of entry.unregistered) {
        expect(u.meterNumbers.length).toBeGreaterThan(0);
        expect(u.name.length).toBeGreaterThan(0);
      }
      if (entry.slug === 'alpenstadt') {
        for (const u of entry.unregistered) expect(u.proof['Zählpunkt']).toMatch(METERING_POINT_PATTERN);
      }
    }
    const companyLogin = accounts.tenants[0]?.logins.find((l) => l.email.startsWith('buchhaltung'));
    expect(companyLogin?.customerNumbers).toHaveLength(1);
  });

  it('netz-nord: demo logins with one and with two GP-Nr, unregistered persons with two GP-Nr', async () => {
    const entry = accounts.tenants.find((t) => t.slug === 'netz-nord');
    if (!entry) throw new Error('netz-nord missing');
    expect(entry.logins.map((l) => l.customerNumbers.length)).toEqual([1, 2]);
    expect(entry.logins[1]?.note).toContain('zwei GP-Nr. unter einem Zugang');
    const logins = await withTenant(database, netzNord.id, (trx) => trx.selectFrom('logins').select(['status', 'registration_method']).execute());
    expect(logins).toEqual([
      { status: 'active', registration_method: 'demo' },
      { status: 'active', registration_method: 'demo' },
    ]);
    // The two GP-Nr of the login belong to one person (same name and address), one for each direction.
    const both = await withTenant(database, netzNord.id, (trx) =>
      trx
        .selectFrom('customers')
        .innerJoin('contracts', (join) => join.onRef('contracts.tenant_id', '=', 'customers.tenant_id').onRef('contracts.customer_id', '=', 'customers.id'))
        .select(['customers.first_name', 'customers.last_name', 'customers.street', 'customers.house_number', 'contracts.direction'])
        .where('customers.customer_number', 'in', entry.logins[1]?.customerNumbers ?? [])
        .orderBy('contracts.direction')
        .execute(),
    );
    expect(both.map((r) => r.direction)).toEqual(['consumption', 'feed_in']);
    expect(both[0] && { ...both[0], direction: '' }).toEqual(both[1] && { ...both[1], direction: '' });

    const byNumber = new Map(entry.unregistered.map((u) => [u.customerNumber, u]));
    let twoGpNr = 0;
    for (const u of entry.unregistered) {
      expect(u.proof['GP-Nr']).toBe(u.customerNumber);
      expect(u.customerNumber).toMatch(/^30\d{8}$/);
      expect(u.proof['Zählpunkt']).toMatch(METERING_POINT_PATTERN);
      const second = u.proof['Zweite GP-Nr (Einspeisung)'];
      if (!second) continue;
      twoGpNr++;
      const other = byNumber.get(second);
      expect(other?.name).toBe(u.name);
      expect(other?.proof['Erste GP-Nr (Bezug)']).toBe(u.customerNumber);
      expect(other?.meterNumbers).not.toEqual(u.meterNumbers);
    }
    expect(twoGpNr).toBeGreaterThanOrEqual(3);
    expect(new Set(entry.unregistered.map((u) => u.name)).size).toBeGreaterThanOrEqual(12);
  });

  it('lets the demo password sign in (hash stored once for all logins)', async () => {
    const { verifyPassword } = await import('../modules/identity/password.ts');
    const login = await withTenant(database, musterstadt.id, (trx) =>
      trx.selectFrom('logins').select(['password_hash', 'email_verified_at']).where('email', '=', 'anna.schmidt@example.com').executeTakeFirstOrThrow(),
    );
    expect(login.email_verified_at).not.toBeNull();
    expect(await verifyPassword(login.password_hash ?? '', DEMO_PASSWORD)).toBe(true);
  });

  it('adds back-office staff (admin, clerk, read-only) with an authenticator, also to a database seeded before, once', async () => {
    const key = Buffer.alloc(32, 3);
    expect(await seedDemo(database, { today: TODAY, secretsKey: key })).toEqual({ seeded: false });
    expect(await seedDemo(database, { today: TODAY, secretsKey: key })).toEqual({ seeded: false });
    const staff = await withTenant(database, musterstadt.id, (trx) =>
      trx.selectFrom('staff_members').select(['role', 'status', 'totp_secret_sealed']).where('tenant_id', '=', musterstadt.id).orderBy('role').execute(),
    );
    expect(staff.map((s) => [s.role, s.status, s.totp_secret_sealed !== null])).toEqual([['admin', 'active', true], ['clerk', 'active', true], ['read_only', 'active', true]]);
    const listed = (await demoAccounts(database, (slug) => `http://${slug}.localhost:3000`)).tenants.find((t) => t.slug === 'musterstadt');
    expect(listed?.staff.map((s) => s.role)).toEqual(['admin', 'clerk', 'read_only']);
    expect(listed?.staff[1]).toMatchObject({ email: 'sachbearbeitung@stadtwerke-musterstadt.example', password: DEMO_PASSWORD, currentCode: expect.stringMatching(/^\d{6}$/) as string });
  });
});
