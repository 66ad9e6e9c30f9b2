import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDemoAccounts } from '../../api/tenant.ts';
import { openDatabase, withTenant, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { getTenantBySlug, type Tenant } from '../modules/tenants/tenants.service.ts';
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

describe('demo tenant files', () => {
  it.each(['musterstadt', 'alpenstadt'] as const)('%s: valid, readable colours, example matches the pattern', (slug) => {
    const file = demoTenantFile(slug);
    expect((1.05 / (luminance(file.config.branding.primaryColor) + 0.05))).toBeGreaterThanOrEqual(4.5);
    expect(new RegExp(`^(?:${file.config.customerNumber.pattern})$`, 'u').test(file.config.customerNumber.example)).toBe(true);
    expect(file.config.legal.imprint.de).toMatch(/fiktiv/);
    expect(file.config.legal.imprint.en).toMatch(/fictitious/);
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
});

describe('seedDemo', () => {
  let database: Database;
  let musterstadt: Tenant;
  let alpenstadt: Tenant;
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
    if (!m || !a) throw new Error('demo tenants missing');
    musterstadt = m;
    alpenstadt = a;
    accounts = await demoAccounts(database, (slug) => `http://${slug}.localhost:3000`);
  }, 180_000);

  afterAll(async () => {
    await database.close();
  });

  it('is idempotent', async () => {
    console.log(`seedDemo took ${Math.round(seedMs)} ms`);
    expect(await seedDemo(database, { today: TODAY })).toEqual({ seeded: false });
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
    for (const tenant of [musterstadt, alpenstadt]) {
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

  it('has consistent invoices, each with a PDF', async () => {
    for (const tenant of [musterstadt, alpenstadt]) {
      const rows = await withTenant(database, tenant.id, (trx) =>
        trx
          .selectFrom('invoices')
          .leftJoin('documents', (join) =>
            join.onRef('documents.tenant_id', '=', 'invoices.tenant_id').onRef('documents.id', '=', 'invoices.document_id'),
          )
          .select([
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
      expect(rows.length).toBeGreaterThan(100);
      for (const r of rows) {
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
    expect(accounts.tenants.map((t) => t.slug)).toEqual(['musterstadt', 'alpenstadt']);
    for (const entry of accounts.tenants) {
      const tenant = entry.slug === 'musterstadt' ? musterstadt : alpenstadt;
      expect(entry.url).toBe(`http://${entry.slug}.localhost:3000`);
      expect(entry.logins.length).toBeGreaterThanOrEqual(3);
      expect(entry.logins.some((l) => l.customerNumbers.length === 2)).toBe(true);
      for (const login of entry.logins) {
        expect(login.email).toMatch(/^[a-z0-9.]+@example\.(com|org)$/);
        expect(login.password).toBe(DEMO_PASSWORD);
      }
      expect(entry.unregistered.length).toBeGreaterThanOrEqual(10);
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

  it('lets the demo password sign in (hash stored once for all logins)', async () => {
    const { verifyPassword } = await import('../modules/identity/password.ts');
    const login = await withTenant(database, musterstadt.id, (trx) =>
      trx.selectFrom('logins').select(['password_hash', 'email_verified_at']).where('email', '=', 'anna.schmidt@example.com').executeTakeFirstOrThrow(),
    );
    expect(login.email_verified_at).not.toBeNull();
    expect(await verifyPassword(login.password_hash ?? '', DEMO_PASSWORD)).toBe(true);
  });
});
