// Consumption through HTTP: meters and their data, year / month / 15-minute views with the previous
// year, DST days, meter exchange and rollover, downloads (CSV for German Excel, JSON), the cost
// projection, range guards, bad input, and 404 for other accounts' and other tenants' registers.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, tenantFile } from '../../../test/factories.ts';
import { caller, signedInCustomer, type Call } from '../../../test/http.ts';
import { addSupply, type SupplySpec } from '../../../test/supply.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { getTenantBySlug, upsertTenantFromFile, type Tenant } from '../tenants/tenants.service.ts';
import { shareBetween } from '../readings/profile.ts';
import { isoOf, localMidnightUtcMs, toDay } from './calendar.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
let now = new Date('2026-07-01T08:00:00Z');
const PASSWORD = 'Zählerstand im Keller 7';
let n = 0;
let call: Call;
const base = '/api/v1/customer/consumption';

/** A tenant that offers the consumption module (the factory's default does not). */
async function consumptionTenant(): Promise<Tenant> {
  const file = tenantFile();
  file.config.modules = ['readings', 'consumption', 'instalments'];
  await upsertTenantFromFile(database.db, file, process.cwd());
  const found = await getTenantBySlug(database.db, file.slug);
  if (!found) throw new Error('tenant missing');
  return found;
}

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await consumptionTenant();
  other = await consumptionTenant();
  app = await buildTestApp(database, { extra: { clock: () => now } });
  call = caller(app, tenant);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function customer(on: Tenant = tenant) {
  n += 1;
  return signedInCustomer(database, caller(app, on), on, n, PASSWORD);
}

async function supply(customerId: string, spec: SupplySpec = {}, on: Tenant = tenant) {
  return addSupply(database, on, customerId, spec);
}

async function addDaily(registerId: string, from: string, to: string, milli: (day: string) => number, quality: (day: string) => number = () => 220, on: Tenant = tenant) {
  const rows: Array<{ tenant_id: string; register_id: string; day: string; quantity_milli: number; quality: number }> = [];
  for (let day = toDay(from); day <= toDay(to); day++) {
    const iso = isoOf(day);
    rows.push({ tenant_id: on.id, register_id: registerId, day: iso, quantity_milli: milli(iso), quality: quality(iso) });
  }
  await withTenant(database, on.id, (trx) => trx.insertInto('consumption_daily').values(rows).execute());
}

async function addIntervals(registerId: string, day: string, values: number[], quality: number[] | null = null, on: Tenant = tenant) {
  await withTenant(database, on.id, (trx) => trx.insertInto('interval_values').values({ tenant_id: on.id, register_id: registerId, day, values_milli: values, quality }).execute());
}

async function addReadings(registerId: string, readings: Array<[string, string]>, on: Tenant = tenant) {
  await withTenant(database, on.id, (trx) =>
    trx
      .insertInto('meter_readings')
      .values(readings.map(([day, value]) => ({ tenant_id: on.id, register_id: registerId, read_on: day, value, source: 'utility' })))
      .execute(),
  );
}

type Overview = {
  today: string;
  timeZone: string;
  gasConversion: { calorificValue: number; zNumber: number; factor: number };
  premises: Array<{ id: string; address: string; meters: Array<{ id: string; meterNumber: string; division: string; removedOn: string | null; registers: Array<Record<string, unknown> & { id: string }> }> }>;
};

describe('the meters of the account', () => {
  it('lists consumption points with their meters, registers and which data they have', async () => {
    const c = await customer();
    const s = await supply(c.customerId, { street: 'Birkenweg', division: 'gas', meterNumber: 'GAS-1' });
    await addReadings(s.registerIds[0]!, [
      ['2025-12-31', '1000.000'],
      ['2026-06-30', '1400.500'],
    ]);
    const smart = await supply(c.customerId, { street: 'Birkenweg', meterNumber: 'SMART-1', meterKind: 'smart', dataGranularity: 'QUARTER_HOUR' });
    await addDaily(smart.registerIds[0]!, '2026-06-01', '2026-06-30', () => 5000);
    await addIntervals(smart.registerIds[0]!, '2026-06-30', Array.from({ length: 96 }, () => 52));

    const res = await call('GET', base, { cookie: c.cookie });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<Overview>();
    expect(body.today).toBe('2026-07-01');
    expect(body.gasConversion).toEqual({ calorificValue: 11.3, zNumber: 0.9636, factor: 10.88868 });
    const birkenweg = body.premises.filter((p) => p.address === 'Birkenweg 3, 12345 Teststadt');
    const meters = birkenweg.flatMap((p) => p.meters);
    const gas = meters.find((m) => m.meterNumber === 'GAS-1');
    expect(gas?.division).toBe('gas');
    expect(gas?.registers[0]).toMatchObject({ obis: '7-0:3.0.0', unit: 'm3', feedIn: false, daily: null, intervals: null, readings: { from: '2025-12-31', to: '2026-06-30' } });
    const meter = meters.find((m) => m.meterNumber === 'SMART-1');
    expect(meter?.registers[0]).toMatchObject({ daily: { from: '2026-06-01', to: '2026-06-30' }, intervals: { from: '2026-06-30', to: '2026-06-30' }, readings: null });
    // The account's first consumption point (from registration) is there too.
    expect(body.premises.some((p) => p.address === 'Hauptstraße 5, 12345 Teststadt')).toBe(true);
  });
});

describe('year, month and 15-minute views', () => {
  it('sums months of daily values, with the previous year and a comparison over the same days', async () => {
    const c = await customer();
    const s = await supply(c.customerId, { meterKind: 'smart', dataGranularity: 'DAILY' });
    const register = s.registerIds[0]!;
    await addDaily(register, '2025-01-01', '2025-12-31', () => 8000);
    await addDaily(register, '2026-01-01', '2026-06-30', (day) => (day.startsWith('2026-01') ? 12_000 : 10_000), (day) => (day === '2026-02-10' ? 67 : 220));

    const res = await call('GET', `${base}/registers/${register}/year?year=2026`, { cookie: c.cookie });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<{ months: Array<Record<string, unknown>>; previousMonths: Array<Record<string, unknown>>; totalMilli: number; previousTotalMilli: number; comparison: unknown; unit: string }>();
    expect(view.unit).toBe('kWh');
    expect(view.months).toHaveLength(12);
    expect(view.months[0]).toEqual({ period: '2026-01', milli: 31 * 12_000, daysWithData: 31, days: 31, sources: ['daily'], substitute: false });
    expect(view.months[1]).toMatchObject({ period: '2026-02', milli: 28 * 10_000, substitute: true });
    expect(view.months[6]).toEqual({ period: '2026-07', milli: null, daysWithData: 0, days: 1, sources: [], substitute: false });
    expect(view.months[11]).toMatchObject({ milli: null, days: 0 });
    expect(view.previousMonths[0]).toMatchObject({ period: '2025-01', milli: 31 * 8000 });
    expect(view.totalMilli).toBe(31 * 12_000 + (181 - 31) * 10_000);
    expect(view.previousTotalMilli).toBe(365 * 8000);
    expect(view.comparison).toEqual({ currentMilli: 31 * 12_000 + 150 * 10_000, previousMilli: 181 * 8000, days: 181 });

    const years = await call('GET', `${base}/registers/${register}/years`, { cookie: c.cookie });
    expect(years.statusCode, years.body).toBe(200);
    expect(years.json<{ years: Array<{ period: string; milli: number; daysWithData: number }> }>().years.map((y) => [y.period, y.milli, y.daysWithData])).toEqual([
      ['2025', 365 * 8000, 365],
      ['2026', view.totalMilli, 181],
    ]);

    const month = await call('GET', `${base}/registers/${register}/month?month=2026-02`, { cookie: c.cookie });
    expect(month.statusCode, month.body).toBe(200);
    const days = month.json<{ days: Array<{ period: string; milli: number; substitute: boolean }>; totalMilli: number; previous: { period: string; milli: number }; comparison: unknown }>();
    expect(days.days).toHaveLength(28);
    expect(days.days[9]).toMatchObject({ period: '2026-02-10', milli: 10_000, substitute: true });
    expect(days.totalMilli).toBe(280_000);
    expect(days.previous).toMatchObject({ period: '2025-02', milli: 28 * 8000 });
    expect(days.comparison).toEqual({ currentMilli: 280_000, previousMilli: 224_000, days: 28 });
  });

  it('shows meters without daily values from their readings, never across a meter exchange', async () => {
    const c = await customer();
    const old = await supply(c.customerId, { meterNumber: 'ALT-1', installedOn: '2015-01-01' });
    await addReadings(old.registerIds[0]!, [
      ['2025-12-31', '41000'],
      ['2026-03-31', '41400'],
    ]);
    // The new meter at the same premise starts at 0 after the exchange.
    const exchanged = await withTenant(database, tenant.id, async (trx) => {
      await trx.updateTable('meters').set({ removed_on: '2026-03-31' }).where('id', '=', old.meterId).execute();
      const meter = await trx
        .insertInto('meters')
        .values({ tenant_id: tenant.id, premise_id: old.premiseId, meter_number: 'NEU-1', division: 'electricity', meter_kind: 'modern', installed_on: '2026-04-01' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return trx
        .insertInto('meter_registers')
        .values({ tenant_id: tenant.id, meter_id: meter.id, obis: '1-0:1.8.0', unit: 'kWh', digits: 6, decimals: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
    });
    await addReadings(exchanged.id, [
      ['2026-03-31', '0'],
      ['2026-06-30', '650'],
    ]);
    const yearOf = async (registerId: string) => {
      const res = await call('GET', `${base}/registers/${registerId}/year?year=2026`, { cookie: c.cookie });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ months: Array<{ milli: number | null; sources: string[] }>; totalMilli: number }>();
    };
    const before = await yearOf(old.registerIds[0]!);
    expect(before.totalMilli).toBe(400_000);
    expect(before.months.slice(0, 3).every((m) => m.milli !== null && m.sources.join() === 'readings')).toBe(true);
    // Spread by the seasonal profile: January more than March.
    expect(before.months[0]!.milli!).toBeGreaterThan(before.months[2]!.milli!);
    expect(before.months[3]!.milli).toBeNull();
    const after = await yearOf(exchanged.id);
    expect(after.totalMilli).toBe(650_000);
    expect(after.months[2]!.milli).toBeNull();
    // Months are rounded to whole Wh each: their sum may differ from the total by a Wh or two.
    expect(Math.abs(after.months.slice(3, 6).reduce((sum, m) => sum + m.milli!, 0) - 650_000)).toBeLessThanOrEqual(2);

    const overview = (await call('GET', base, { cookie: c.cookie })).json<Overview>();
    const meters = overview.premises.find((p) => p.id === old.premiseId)!.meters;
    expect(meters.map((m) => [m.meterNumber, m.removedOn])).toEqual([
      ['NEU-1', null],
      ['ALT-1', '2026-03-31'],
    ]);
  });

  it('counts a rollover of the last digit as consumption', async () => {
    const c = await customer();
    const s = await supply(c.customerId, { division: 'water', registers: [{ obis: '8-0:1.0.0', unit: 'm3', digits: 5, decimals: 3 }] });
    await addReadings(s.registerIds[0]!, [
      ['2025-12-31', '99900.000'],
      ['2026-06-30', '150.000'],
    ]);
    const res = await call('GET', `${base}/registers/${s.registerIds[0]!}/year?year=2026`, { cookie: c.cookie });
    expect(res.json<{ totalMilli: number; unit: string }>()).toMatchObject({ totalMilli: 250_000, unit: 'm3' });
  });

  it('returns 15-minute values per local day: 92, 96 and 100 on the days the clocks change', async () => {
    const c = await customer();
    const s = await supply(c.customerId, { meterKind: 'smart', dataGranularity: 'QUARTER_HOUR' });
    const register = s.registerIds[0]!;
    await addIntervals(register, '2026-03-28', Array.from({ length: 96 }, (_, i) => i));
    await addIntervals(register, '2026-03-29', Array.from({ length: 92 }, () => 100), Array.from({ length: 92 }, (_, i) => (i < 4 ? 67 : 220)));
    await addIntervals(register, '2026-10-25', Array.from({ length: 100 }, () => 100));

    const march = await call('GET', `${base}/registers/${register}/intervals?from=2026-03-01&to=2026-03-31`, { cookie: c.cookie });
    expect(march.statusCode, march.body).toBe(200);
    const view = march.json<{ timeZone: string; days: Array<{ date: string; start: string; values: number[]; quality: number[] | null; totalMilli: number }> }>();
    expect(view.timeZone).toBe('Europe/Berlin');
    expect(view.days.map((day) => [day.date, day.start, day.values.length, day.totalMilli])).toEqual([
      ['2026-03-28', '2026-03-27T23:00:00.000Z', 96, (95 * 96) / 2],
      ['2026-03-29', '2026-03-28T23:00:00.000Z', 92, 9200],
    ]);
    expect(view.days[1]!.quality!.slice(0, 5)).toEqual([67, 67, 67, 67, 220]);
    const october = await call('GET', `${base}/registers/${register}/intervals?from=2026-10-25&to=2026-10-25`, { cookie: c.cookie });
    expect(october.json<{ days: Array<{ start: string; values: number[] }> }>().days[0]).toMatchObject({ start: '2026-10-24T22:00:00.000Z' });
    expect(october.json<{ days: Array<{ values: number[] }> }>().days[0]!.values).toHaveLength(100);
    expect(localMidnightUtcMs(toDay('2026-10-26'), 'Europe/Berlin') - Date.parse('2026-10-24T22:00:00.000Z')).toBe(100 * 900_000);
  });

  it('guards ranges and refuses bad input with translated messages, changing nothing', async () => {
    const c = await customer();
    const s = await supply(c.customerId, { meterKind: 'smart', dataGranularity: 'QUARTER_HOUR' });
    const register = s.registerIds[0]!;
    const tooLong = await call('GET', `${base}/registers/${register}/intervals?from=2026-01-01&to=2026-02-01`, { cookie: c.cookie });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'to', message: 'Bitte wählen Sie höchstens 31 Tage.' }] });
    const reversed = await call('GET', `${base}/registers/${register}/intervals?from=2026-02-01&to=2026-01-01`, { cookie: c.cookie, locale: 'en' });
    expect(reversed.json()).toMatchObject({ errors: [{ field: 'to', message: 'The end of the period must not be before its start.' }] });
    const exportTooLong = await call('GET', `${base}/registers/${register}/intervals.csv?from=2025-01-01&to=2026-01-02`, { cookie: c.cookie });
    expect(exportTooLong.json()).toMatchObject({ errors: [{ field: 'to', message: 'Bitte wählen Sie höchstens 366 Tage (ein Jahr).' }] });
    for (const year of ['1999', '2028', 'abc', '2026.5']) {
      const res = await call('GET', `${base}/registers/${register}/year?year=${year}`, { cookie: c.cookie });
      expect(res.statusCode, year).toBe(400);
    }
    for (const query of ['month=2026-13', 'month=2026-1', 'month=1999-12', 'month=2026-01&extra=1', '']) {
      const res = await call('GET', `${base}/registers/${register}/month?${query}`, { cookie: c.cookie });
      expect(res.statusCode, query).toBe(400);
    }
    for (const query of ['from=2026-02-30&to=2026-03-01', 'from=2026-03-01', 'from=20260301&to=20260302']) {
      const res = await call('GET', `${base}/registers/${register}/intervals?${query}`, { cookie: c.cookie });
      expect(res.statusCode, query).toBe(400);
    }
    expect((await call('GET', `${base}/registers/not-a-uuid/year?year=2026`, { cookie: c.cookie })).statusCode).toBe(400);
    expect((await call('GET', `${base}/registers/${register}/history.csv?locale=fr`, { cookie: c.cookie })).statusCode).toBe(400);
    const unknownIntervals = await call('GET', `${base}/registers/${register}/intervals.csv?from=2026-01-01&to=2026-01-31`, { cookie: c.cookie, locale: 'en' });
    expect(unknownIntervals.statusCode).toBe(404);
    expect(unknownIntervals.json()).toMatchObject({ detail: 'There are no 15-minute values for this meter.' });
  });
});

describe('access', () => {
  it("answers 404 for another account's and another tenant's registers, and 401 without a session", async () => {
    const c = await customer();
    const mine = await supply(c.customerId, { meterKind: 'smart', dataGranularity: 'QUARTER_HOUR' });
    const stranger = await customer();
    const theirs = await supply(stranger.customerId, { meterKind: 'smart', dataGranularity: 'QUARTER_HOUR' });
    await addIntervals(theirs.registerIds[0]!, '2026-06-01', Array.from({ length: 96 }, () => 10));
    const foreigner = await customer(other);
    const foreign = await supply(foreigner.customerId, { meterKind: 'smart', dataGranularity: 'QUARTER_HOUR' }, other);
    await addIntervals(foreign.registerIds[0]!, '2026-06-01', Array.from({ length: 96 }, () => 10), null, other);
    const paths = [
      'years',
      'year?year=2026',
      'month?month=2026-06',
      'intervals?from=2026-06-01&to=2026-06-01',
      'history.csv',
      'history.json',
      'intervals.csv?from=2026-06-01&to=2026-06-01',
      'intervals.json?from=2026-06-01&to=2026-06-01',
    ];
    for (const path of paths) {
      for (const registerId of [theirs.registerIds[0]!, foreign.registerIds[0]!, '00000000-0000-4000-8000-000000000000']) {
        const res = await call('GET', `${base}/registers/${registerId}/${path}`, { cookie: c.cookie });
        expect(res.statusCode, `${path} ${registerId}`).toBe(404);
        expect(res.json<{ code: string }>().code).toBe('not_found');
      }
      expect((await call('GET', `${base}/registers/${mine.registerIds[0]!}/${path}`)).statusCode).toBe(401);
    }
    // The other tenant's cookie does not work on this host.
    expect((await call('GET', base, { cookie: foreigner.cookie })).statusCode).toBe(401);
    const overview = (await call('GET', base, { cookie: c.cookie })).json<Overview>();
    const ids = overview.premises.flatMap((p) => p.meters.flatMap((m) => m.registers.map((r) => r.id)));
    expect(ids).toContain(mine.registerIds[0]);
    expect(ids).not.toContain(theirs.registerIds[0]);
  });

  it('answers 409 account_not_selected while the session has no customer account', async () => {
    const c = await customer();
    const s = await supply(c.customerId, { meterKind: 'smart', dataGranularity: 'DAILY' });
    await withTenant(database, tenant.id, (trx) => trx.updateTable('sessions').set({ selected_customer_id: null }).where('selected_customer_id', '=', c.customerId).execute());
    for (const path of ['', `/registers/${s.registerIds[0]!}/year?year=2026`, `/registers/${s.registerIds[0]!}/intervals?from=2026-06-01&to=2026-06-30`, '/projections']) {
      const res = await call('GET', `${base}${path}`, { cookie: c.cookie });
      expect(res.statusCode, path).toBe(409);
      expect(res.json<{ code: string }>().code).toBe('account_not_selected');
    }
  });

  it('answers 404 module_disabled where the utility does not offer consumption', async () => {
    const plain = await createTenant(database);
    const c = await customer(plain);
    const res = await caller(app, plain)('GET', base, { cookie: c.cookie });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'module_disabled', title: 'Diesen Bereich bietet Ihr Versorger im Kundenportal nicht an.' });
  });

  it('answers 401 session_expired after the idle timeout', async () => {
    const c = await customer();
    const saved = now;
    now = new Date(now.getTime() + 16 * 60_000);
    try {
      const res = await call('GET', base, { cookie: c.cookie });
      expect(res.statusCode).toBe(401);
      expect(res.json<{ code: string }>().code).toBe('session_expired');
    } finally {
      now = saved;
    }
  });
});

function csvRows(body: string): string[][] {
  return body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(';'));
}

describe('downloads', () => {
  it('gives the whole history as CSV for German Excel (BOM, semicolons, decimal comma) and as JSON', async () => {
    const c = await customer();
    const s = await supply(c.customerId, { meterNumber: '1EMH0012345678', meterKind: 'smart', dataGranularity: 'DAILY', installedOn: '2024-01-01' });
    const register = s.registerIds[0]!;
    await addReadings(register, [
      ['2024-12-31', '1000.000'],
      ['2025-12-31', '3500.250'],
    ]);
    await addDaily(register, '2025-12-01', '2026-01-02', (day) => (day === '2026-01-02' ? 12_345 : 4000), (day) => (day === '2026-01-02' ? 67 : 220));

    const res = await call('GET', `${base}/registers/${register}/history.csv`, { cookie: c.cookie });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Verbrauch_1EMH0012345678_1-0_1.8.0.csv"; filename*=UTF-8''Verbrauch_1EMH0012345678_1-0_1.8.0.csv`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = csvRows(res.body);
    expect(rows[0]).toEqual(['Von', 'Bis', 'Verbrauch (kWh)', 'Quelle', 'Qualität', 'Zählerstand Beginn (kWh)', 'Zählerstand Ende (kWh)']);
    // January to November 2025 from the readings (less what December's daily values cover), then days.
    expect(rows[1]).toEqual(['01.01.2025', '30.11.2025', '2376,250', 'aus Zählerständen (anteilig)', '', '', '']);
    expect(rows[2]).toEqual(['01.12.2025', '01.12.2025', '4,000', 'Tageswert', 'wahrer Wert', '', '']);
    expect(rows.at(-1)).toEqual(['02.01.2026', '02.01.2026', '12,345', 'Tageswert', 'Ersatzwert', '', '']);
    expect(rows).toHaveLength(1 + 1 + 33);

    const en = await call('GET', `${base}/registers/${register}/history.csv?locale=en`, { cookie: c.cookie });
    expect(en.headers['content-disposition']).toContain('filename="consumption_1EMH0012345678_1-0_1.8.0.csv"');
    expect(csvRows(en.body)[0]).toEqual(['From', 'To', 'Consumption (kWh)', 'Source', 'Quality', 'Meter reading at start (kWh)', 'Meter reading at end (kWh)']);
    // The format stays the one Excel in Germany and Austria reads: decimal comma, DD.MM.YYYY.
    expect(csvRows(en.body)[2]).toEqual(['01.12.2025', '01.12.2025', '4,000', 'daily value', 'true value', '', '']);

    const json = await call('GET', `${base}/registers/${register}/history.json`, { cookie: c.cookie });
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toContain('Verbrauch_1EMH0012345678_1-0_1.8.0.json');
    const data = json.json<{ meterNumber: string; unit: string; values: Array<Record<string, unknown>> }>();
    expect(data).toMatchObject({ meterNumber: '1EMH0012345678', obis: '1-0:1.8.0', unit: 'kWh' });
    expect(data.values).toHaveLength(rows.length - 1);
    expect(data.values[0]).toEqual({ from: '2025-01-01', to: '2025-11-30', value: 2376.25, source: 'readings', quality: null, readingStart: null, readingEnd: null });
    expect(data.values.at(-1)).toEqual({ from: '2026-01-02', to: '2026-01-02', value: 12.345, source: 'daily', quality: 'substitute', readingStart: null, readingEnd: null });

    const audit = await withTenant(database, tenant.id, (trx) =>
      trx.selectFrom('audit_log').select(['action', 'actor_type', 'target_id', 'details']).where('target_id', '=', register).orderBy('id').execute(),
    );
    expect(audit.map((a) => [a.action, a.actor_type])).toEqual([
      ['consumption.exported', 'customer'],
      ['consumption.exported', 'customer'],
      ['consumption.exported', 'customer'],
    ]);
  });

  it('adds kWh to the m³ of gas and names the readings of whole periods', async () => {
    const c = await customer();
    const s = await supply(c.customerId, { division: 'gas', meterNumber: 'G 4711' });
    await addReadings(s.registerIds[0]!, [
      ['2024-12-31', '1000.000'],
      ['2025-12-31', '2200.500'],
    ]);
    const res = await call('GET', `${base}/registers/${s.registerIds[0]!}/history.csv`, { cookie: c.cookie });
    expect(res.headers['content-disposition']).toContain('filename="Verbrauch_G_4711_7-0_3.0.0.csv"');
    const rows = csvRows(res.body);
    expect(rows[0]).toEqual(['Von', 'Bis', 'Verbrauch (m³)', 'Verbrauch (kWh)', 'Quelle', 'Qualität', 'Zählerstand Beginn (m³)', 'Zählerstand Ende (m³)']);
    // 1,200.5 m³ x 11.3 kWh/m³ x 0.9636 = 13,071.86 kWh
    expect(rows[1]).toEqual(['01.01.2025', '31.12.2025', '1200,500', '13071,860', 'aus Zählerständen', '', '1000,000', '2200,500']);
  });

  it('gives 15-minute values as CSV with local times and MEZ/MESZ, streamed month by month, and as JSON', async () => {
    const c = await customer();
    const s = await supply(c.customerId, { meterNumber: 'SM-15', meterKind: 'smart', dataGranularity: 'QUARTER_HOUR' });
    const register = s.registerIds[0]!;
    await addIntervals(register, '2026-09-30', Array.from({ length: 96 }, () => 125));
    await addIntervals(register, '2026-10-25', Array.from({ length: 100 }, (_, i) => 1000 + i), Array.from({ length: 100 }, (_, i) => (i === 0 ? 67 : 220)));

    const res = await call('GET', `${base}/registers/${register}/intervals.csv?from=2026-09-30&to=2026-10-31`, { cookie: c.cookie });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('filename="Lastgang_SM-15_2026-09-30_2026-10-31.csv"');
    expect(res.body.startsWith('\uFEFFDatum;Von;Bis;Zeitzone;Verbrauch (kWh);Qualität\r\n')).toBe(true);
    const rows = csvRows(res.body);
    expect(rows).toHaveLength(1 + 96 + 100);
    expect(rows[1]).toEqual(['30.09.2026', '00:00', '00:15', 'MESZ', '0,125', 'wahrer Wert']);
    expect(rows[97]).toEqual(['25.10.2026', '00:00', '00:15', 'MESZ', '1,000', 'Ersatzwert']);
    expect(rows[97 + 8]).toEqual(['25.10.2026', '02:00', '02:15', 'MESZ', '1,008', 'wahrer Wert']);
    expect(rows[97 + 12]).toEqual(['25.10.2026', '02:00', '02:15', 'MEZ', '1,012', 'wahrer Wert']);
    expect(rows.at(-1)).toEqual(['25.10.2026', '23:45', '00:00', 'MEZ', '1,099', 'wahrer Wert']);

    const json = await call('GET', `${base}/registers/${register}/intervals.json?from=2026-10-25&to=2026-10-25&locale=en`, { cookie: c.cookie });
    expect(json.headers['content-disposition']).toContain('filename="load-profile_SM-15_2026-10-25_2026-10-25.json"');
    const values = json.json<{ timeZone: string; values: Array<{ start: string; end: string; value: number; quality: number }> }>().values;
    expect(values).toHaveLength(100);
    expect(values[8]).toEqual({ start: '2026-10-25T02:00:00+02:00', end: '2026-10-25T02:15:00+02:00', value: 1.008, quality: 220 });
    expect(values[12]).toEqual({ start: '2026-10-25T02:00:00+01:00', end: '2026-10-25T02:15:00+01:00', value: 1.012, quality: 220 });
  });
});

type Projection = {
  contractNumber: string;
  division: string;
  billingPeriod: { from: string; to: string };
  unit: string;
  consumptionSoFarMilli: number;
  consumptionSoFarM3Milli: number | null;
  measuredUntil: string | null;
  projectedMilli: number;
  basis: string;
  projectedCostCents: number;
  instalments: Record<string, number | null>;
  expectedBalanceCents: number;
};

async function projectionsOf(cookie: string): Promise<Projection[]> {
  const res = await call('GET', `${base}/projections`, { cookie });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ projections: Projection[] }>().projections;
}

async function bookInstalments(customerId: string, months: number[], open: number[] = []) {
  await withTenant(database, tenant.id, (trx) =>
    trx
      .insertInto('account_transactions')
      .values(
        months.map((m) => ({
          tenant_id: tenant.id,
          customer_id: customerId,
          booking_date: `2026-${String(m).padStart(2, '0')}-01`,
          due_date: `2026-${String(m).padStart(2, '0')}-15`,
          kind: 'instalment',
          description: `Abschlag ${String(m)}/2026`,
          amount_cents: 8000,
          cleared: !open.includes(m),
        })),
      )
      .execute(),
  );
}

describe('cost projection', () => {
  const electricity = { tariff: { energyPriceCt: '32.0000', basePriceCentsPerYear: 15_000 }, contract: { annualForecastKwh: 2500 }, instalment: { amountCents: 8000, validFrom: '2026-01-01' } };

  it('extrapolates the measured consumption against the instalments: an expected additional payment', async () => {
    const c = await customer();
    const s = await supply(c.customerId, { ...electricity, meterKind: 'smart', dataGranularity: 'DAILY', contract: { ...electricity.contract, number: 'V-PROG-1' } });
    await addDaily(s.registerIds[0]!, '2026-01-01', '2026-06-30', () => 10_000);
    await bookInstalments(c.customerId, [1, 2, 3, 4, 5, 6], [6]);

    const [projection] = await projectionsOf(c.cookie);
    const projected = Math.round(1_810_000 / shareBetween('electricity', toDay('2025-12-31'), toDay('2026-06-30'), 'Europe/Berlin'));
    const cost = Math.round((projected / 1000) * 32) + 15_000;
    expect(projection).toMatchObject({
      contractNumber: 'V-PROG-1',
      division: 'electricity',
      billingPeriod: { from: '2026-01-01', to: '2026-12-31' },
      unit: 'kWh',
      consumptionSoFarMilli: 1_810_000,
      consumptionSoFarM3Milli: null,
      measuredUntil: '2026-06-30',
      projectedMilli: projected,
      basis: 'measured',
      projectedCostCents: cost,
      instalments: { totalCents: 96_000, count: 12, paidCents: 40_000, openCents: 8000, upcomingCents: 48_000, upcomingCount: 6, currentAmountCents: 8000 },
      expectedBalanceCents: cost - 96_000,
    });
    expect(projection!.expectedBalanceCents).toBeGreaterThan(0);
  });

  it('uses the annual forecast while nothing is measured: 2,500 kWh at 32 ct + 150 EUR = 950 EUR against 12 x 80 EUR, a credit', async () => {
    const c = await customer();
    await supply(c.customerId, electricity);
    const [projection] = await projectionsOf(c.cookie);
    expect(projection).toMatchObject({ basis: 'forecast', consumptionSoFarMilli: 0, measuredUntil: null, projectedMilli: 2_500_000, projectedCostCents: 95_000, expectedBalanceCents: -1000 });
    expect(projection!.instalments).toMatchObject({ totalCents: 96_000, count: 12 });
  });

  it('converts the m³ of gas to kWh for the bill and starts the billing year after the last annual bill', async () => {
    const c = await customer();
    const s = await supply(c.customerId, {
      division: 'gas',
      tariff: { energyPriceCt: '10.0000', basePriceCentsPerYear: 12_000 },
      contract: { annualForecastKwh: 12_000 },
      instalment: { amountCents: 11_000, validFrom: '2025-01-01' },
    });
    await withTenant(database, tenant.id, (trx) =>
      trx
        .insertInto('invoices')
        .values({
          tenant_id: tenant.id,
          customer_id: c.customerId,
          invoice_number: `R-${String(n)}`,
          kind: 'annual',
          invoice_date: '2026-01-20',
          period_start: '2025-01-01',
          period_end: '2025-12-31',
          net_cents: 100_000,
          vat_cents: 19_000,
          gross_cents: 119_000,
          balance_cents: 0,
          due_date: '2026-02-03',
        })
        .execute(),
    );
    await addReadings(s.registerIds[0]!, [
      ['2025-12-31', '1000.000'],
      ['2026-06-30', '1600.000'],
    ]);
    const [projection] = await projectionsOf(c.cookie);
    const kwh = Math.round(600_000 * 11.3 * 0.9636);
    expect(projection).toMatchObject({ division: 'gas', unit: 'kWh', billingPeriod: { from: '2026-01-01', to: '2026-12-31' }, consumptionSoFarM3Milli: 600_000, consumptionSoFarMilli: kwh, basis: 'measured' });
    expect(projection!.projectedMilli).toBe(Math.round(kwh / shareBetween('gas', toDay('2025-12-31'), toDay('2026-06-30'), 'Europe/Berlin')));
  });

  it('leaves out contracts without instalments and feed-in', async () => {
    const c = await customer();
    await supply(c.customerId, { contract: { annualForecastKwh: 3000 } });
    expect(await projectionsOf(c.cookie)).toEqual([]);
  });
});
