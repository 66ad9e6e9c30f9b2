// Meter readings through HTTP: the meters of the account, the check (review step), submitting
// plausible and confirmed readings, double submits, meter exchange, time zone, reading due, history,
// other accounts' and tenants' ids (SEC-16), unknown fields (SEC-17), sessions and the module gate.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TMeter, TReadingCheck, TReadingHistory, TReadingSubmission } from '../../../api/readings.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, hostOf, mailsTo } from '../../../test/factories.ts';
import { caller, signedInCustomer, type Call } from '../../../test/http.ts';
import { addSupply, type SupplySpec } from '../../../test/supply.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { expectedBetween, parseDay } from './profile.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
let now = new Date('2026-05-04T08:00:00Z');
const PASSWORD = 'Leuchtturm im Nebel 7';
let n = 0;
let call: Call;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  other = await createTenant(database);
  app = await buildTestApp(database, { extra: { clock: () => now } });
  call = caller(app, tenant);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

type Reading = { readOn: string; kwh: number; source?: string; status?: string; reason?: string };

async function addReadings(on: Tenant, registerId: string, readings: readonly Reading[]): Promise<void> {
  await withTenant(database, on.id, (trx) =>
    trx
      .insertInto('meter_readings')
      .values(
        readings.map((r) => ({
          tenant_id: on.id,
          register_id: registerId,
          read_on: r.readOn,
          value: r.kwh.toFixed(3),
          source: r.source ?? 'utility',
          status: r.status ?? 'accepted',
          reason: r.reason ?? 'billing',
        })),
      )
      .execute(),
  );
}

/** A signed-in customer with an electricity supply (2,500 kWh a year) read on 1 January at 10,000 kWh. */
async function customer(on: Tenant = tenant, spec: SupplySpec = {}, readings: readonly Reading[] = [{ readOn: '2026-01-01', kwh: 10_000 }]) {
  n += 1;
  const c = await signedInCustomer(database, caller(app, on), on, n, PASSWORD);
  const supply = await addSupply(database, on, c.customerId, spec);
  for (const registerId of supply.registerIds) await addReadings(on, registerId, readings);
  return { ...c, supply };
}

/** kWh expected for 2,500 kWh a year from `from` to `to`. */
function expectedKwh(from: string, to: string, annualKwh = 2500): number {
  return expectedBetween(annualKwh * 1000, 'electricity', parseDay(from) ?? 0, parseDay(to) ?? 0, 'Europe/Berlin') / 1000;
}

/** A value `factor` times the expected consumption since 1 January above 10,000 kWh, German notation. */
function valueFor(factor: number): string {
  return new Intl.NumberFormat('de-DE').format(Math.round(10_000 + factor * expectedKwh('2026-01-01', '2026-05-04')));
}

function body(registerIds: readonly string[], values: readonly string[], extra: Record<string, unknown> = {}) {
  return { readOn: '2026-05-04', readings: registerIds.map((registerId, i) => ({ registerId, value: values[i] ?? '' })), ...extra };
}

async function meters(cookie: string, on: Tenant = tenant): Promise<TMeter[]> {
  const res = await caller(app, on)('GET', '/api/v1/customer/meters', { cookie });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function readingsOf(on: Tenant, registerId: string) {
  return withTenant(database, on.id, (trx) =>
    trx.selectFrom('meter_readings').select(['read_on', 'value', 'source', 'status', 'reason', 'submission_id']).where('register_id', '=', registerId).orderBy('read_on').execute(),
  );
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

describe('the meters of the account', () => {
  it('lists meters with registers, last readings, the earliest date and today in the utility time zone', async () => {
    const c = await customer(tenant, {
      meterNumber: '1EMH0012345678',
      registers: [
        { obis: '1-0:1.8.1', label: 'Hochtarif (HT)', digits: 6 },
        { obis: '1-0:1.8.2', label: 'Niedertarif (NT)', digits: 6 },
      ],
    });
    await addReadings(tenant, c.supply.registerIds[0]!, [{ readOn: '2026-02-01', kwh: 9_000, source: 'estimated' }]);
    const list = await meters(c.cookie);
    const meter = list.find((m) => m.id === c.supply.meterId);
    expect(meter).toMatchObject({
      meterNumber: '1EMH0012345678',
      division: 'electricity',
      kind: 'conventional',
      premise: { id: c.supply.premiseId, address: 'Lindenweg 3, 12345 Teststadt' },
      installedOn: '2020-01-01',
      removedOn: null,
      selfReadingBlocked: null,
      earliestReadOn: '2026-02-02',
      today: '2026-05-04',
      readingDue: null,
      registers: [
        { obis: '1-0:1.8.1', label: 'Hochtarif (HT)', unit: 'kWh', digits: 6, decimals: 0, lastReading: { readOn: '2026-02-01', value: '9000', source: 'estimated', status: 'accepted' } },
        { obis: '1-0:1.8.2', label: 'Niedertarif (NT)', unit: 'kWh', digits: 6, decimals: 0, lastReading: { readOn: '2026-01-01', value: '10000', source: 'utility', status: 'accepted' } },
      ],
    });
    // The meter of the first consumption point has no contract: the customer is not supplied there.
    expect(list.find((m) => m.meterNumber === c.meterNumber)?.selfReadingBlocked).toBe('no_supply');
  });

  it('takes no readings for smart meters and removed meters', async () => {
    const c = await customer(tenant, { meterKind: 'smart', dataGranularity: 'DAILY' });
    expect((await meters(c.cookie)).find((m) => m.id === c.supply.meterId)?.selfReadingBlocked).toBe('smart_meter');
    const res = await call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings/check`, { cookie: c.cookie, body: body(c.supply.registerIds, [valueFor(1)]) });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toContain('übermittelt die Zählerstände automatisch');
  });

  it('says a reading is due around the annual billing date, until one is there', async () => {
    now = new Date('2026-12-01T10:00:00Z');
    try {
      const c = await customer(tenant, {}, [{ readOn: '2025-12-31', kwh: 10_000 }]);
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
            net_cents: 80_000,
            vat_cents: 15_200,
            gross_cents: 95_200,
            balance_cents: 0,
            due_date: '2026-02-05',
          })
          .execute(),
      );
      const due = (await meters(c.cookie)).find((m) => m.id === c.supply.meterId);
      expect(due?.readingDue).toEqual({ reason: 'annual_billing', date: '2026-12-31' });
      const value = String(Math.round(10_000 + expectedKwh('2025-12-31', '2026-12-01')));
      const res = await call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings`, { cookie: c.cookie, body: body(c.supply.registerIds, [value], { readOn: '2026-12-01' }) });
      expect(res.statusCode, res.body).toBe(201);
      expect((await meters(c.cookie)).find((m) => m.id === c.supply.meterId)?.readingDue).toBeNull();
      expect((await readingsOf(tenant, c.supply.registerIds[0]!)).at(-1)?.reason).toBe('periodic');
    } finally {
      now = new Date('2026-05-04T08:00:00Z');
    }
  });

  it('says a reading is due when only estimates exist for more than a year', async () => {
    const c = await customer(tenant, {}, [
      { readOn: '2025-01-01', kwh: 8_000 },
      { readOn: '2026-01-01', kwh: 10_000, source: 'estimated' },
    ]);
    expect((await meters(c.cookie)).find((m) => m.id === c.supply.meterId)?.readingDue).toEqual({ reason: 'no_recent_reading', date: '2025-01-01' });
  });
});

describe('the check (review step)', () => {
  it('answers ok with the value as understood and the consumption (German decimal comma)', async () => {
    const c = await customer(tenant, { registers: [{ obis: '1-0:1.8.0', digits: 6, decimals: 1 }] });
    const typed = `${valueFor(1)},5`;
    const res = await call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings/check`, { cookie: c.cookie, body: body(c.supply.registerIds, [typed]) });
    expect(res.statusCode, res.body).toBe(200);
    const check = res.json<TReadingCheck>();
    expect(check).toMatchObject({ meterId: c.supply.meterId, readOn: '2026-05-04', outcome: 'ok' });
    const value = Number(check.readings[0]!.value);
    expect(check.readings[0]).toMatchObject({ comparedWith: { readOn: '2026-01-01', value: '10000' }, findings: [] });
    expect(Number(check.readings[0]!.consumption)).toBeCloseTo(value - 10_000, 3);
    expect(check.readings[0]!.value).toMatch(/\.5$/);
    // Nothing is saved by a check.
    expect(await readingsOf(tenant, c.supply.registerIds[0]!)).toHaveLength(1);
  });

  it('answers a warning with translated findings', async () => {
    const c = await customer();
    const de = await call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings/check`, { cookie: c.cookie, body: body(c.supply.registerIds, [valueFor(2.2)]) });
    expect(de.json<TReadingCheck>()).toMatchObject({ outcome: 'warning', readings: [{ findings: [{ code: 'above_expected', severity: 'warning' }] }] });
    expect(de.json<TReadingCheck>().readings[0]!.findings[0]!.message).toMatch(/^Der Verbrauch von [\d.]+ kWh seit dem 01\.01\.2026 ist deutlich höher als erwartet \(etwa [\d.]+ kWh\)\.$/);
    const en = await call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings/check`, { cookie: c.cookie, locale: 'en', body: body(c.supply.registerIds, ['10000']) });
    expect(en.json<TReadingCheck>().readings[0]!.findings[0]).toMatchObject({ code: 'zero_consumption', message: expect.stringContaining('No consumption was measured since the last reading of 1 January 2026') as unknown });
  });

  it('refuses hard errors and implausible values with field messages', async () => {
    const c = await customer(tenant, { registers: [{ obis: '1-0:1.8.1', label: 'Hochtarif (HT)' }, { obis: '1-0:1.8.2', label: 'Niedertarif (NT)' }] });
    const [ht, nt] = c.supply.registerIds;
    const check = (b: unknown, locale = 'de') => call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings/check`, { cookie: c.cookie, body: b, locale });
    // The request may list the registers in any order; the fields name the request's positions.
    const future = await check({ readOn: '2026-05-05', readings: [{ registerId: nt, value: '1234567' }, { registerId: ht, value: '12,5' }] });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([
      { field: 'readOn', message: 'Das Ablesedatum darf nicht in der Zukunft liegen (heute ist der 04.05.2026).' },
      { field: 'readings.1.value', message: 'Hochtarif (HT): Bitte geben Sie den Zählerstand ohne Nachkommastellen ein: Die Ziffern hinter dem Komma (oft rot) lassen Sie weg.' },
      { field: 'readings.0.value', message: 'Niedertarif (NT): Ihr Zähler hat 6 Stellen vor dem Komma. Bitte prüfen Sie, ob Sie eine Ziffer zu viel eingegeben haben.' },
    ]);
    const early = await check({ readOn: '2026-01-01', readings: [{ registerId: ht, value: 'abc' }, { registerId: nt, value: '' }] }, 'en');
    expect(early.json().errors).toEqual([
      { field: 'readOn', message: 'This meter already has a reading of 1 January 2026. The reading date must be after it.' },
      { field: 'readings.0.value', message: 'Hochtarif (HT): Please enter the meter reading with digits only, e.g. 12345 or 12,345.6.' },
      { field: 'readings.1.value', message: 'Niedertarif (NT): Please enter the meter reading.' },
    ]);
    const lower = await check(body([ht!, nt!], ['9.990', '-3']));
    expect(lower.json().errors).toEqual([
      { field: 'readings.0.value', message: 'Hochtarif (HT): Der Zählerstand ist niedriger als der letzte Stand von 10.000 kWh am 01.01.2026. Bitte prüfen Sie Ihre Eingabe.' },
      { field: 'readings.1.value', message: 'Niedertarif (NT): Ein Zählerstand kann nicht negativ sein.' },
    ]);
    const blocked = await check(body([ht!, nt!], ['99.000', '10.100']));
    expect(blocked.json().errors[0].message).toMatch(/^Hochtarif \(HT\): Dieser Zählerstand ist nicht plausibel: Seit dem letzten Stand \(10\.000 kWh am 01\.01\.2026\) wären das 89\.000 kWh/);
    const missing = await check({ readOn: '2026-05-04', readings: [{ registerId: ht, value: '10100' }] });
    expect(missing.json().errors).toEqual([{ field: 'readings', message: 'Bitte geben Sie für jedes Zählwerk des Zählers genau einen Stand an.' }]);
    const twice = await check({ readOn: '2026-05-04', readings: [{ registerId: ht, value: '10100' }, { registerId: ht, value: '10100' }] });
    expect(twice.statusCode).toBe(400);
    const noDate = await check({ readOn: '', readings: [{ registerId: ht, value: '10100' }, { registerId: nt, value: '10100' }] });
    expect(noDate.json().errors).toEqual([{ field: 'readOn', message: 'Bitte geben Sie das Ablesedatum an.' }]);
  });

  it('refuses unknown fields (SEC-17) and oversized bodies', async () => {
    const c = await customer();
    const res = await call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings/check`, { cookie: c.cookie, body: body(c.supply.registerIds, ['10500'], { status: 'accepted' }) });
    expect(res.statusCode).toBe(400);
    const nested = await call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings/check`, {
      cookie: c.cookie,
      body: { readOn: '2026-05-04', readings: [{ registerId: c.supply.registerIds[0], value: '10500', source: 'utility' }] },
    });
    expect(nested.statusCode).toBe(400);
    const huge = await app.inject({
      method: 'POST',
      url: `/api/v1/customer/meters/${c.supply.meterId}/readings`,
      headers: { host: hostOf(tenant), cookie: c.cookie, 'content-type': 'application/json' },
      payload: JSON.stringify(body(c.supply.registerIds, ['10500'], { comment: 'x', photo: { fileName: 'a.png', contentType: 'image/png', contentBase64: 'A'.repeat(10 * 1024 * 1024) } })),
    });
    expect(huge.statusCode).toBe(413);
    expect(await readingsOf(tenant, c.supply.registerIds[0]!)).toHaveLength(1);
  });
});

describe('submitting', () => {
  it('books a plausible reading as accepted, mails a confirmation and shows it in the history', async () => {
    const c = await customer(tenant, {
      meterNumber: '1EMH0099887766',
      registers: [
        { obis: '1-0:1.8.1', label: 'Hochtarif (HT)' },
        { obis: '1-0:1.8.2', label: 'Niedertarif (NT)' },
      ],
    });
    const res = await call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings`, {
      cookie: c.cookie,
      body: body(c.supply.registerIds, [valueFor(0.5 * 1.1), valueFor(0.5 * 0.9)], { idempotencyKey: 'reading-form-0000000001' }),
    });
    // HT/NT split the forecast evenly without history, so half the expected consumption each is plausible.
    expect(res.statusCode, res.body).toBe(201);
    const submission = res.json<TReadingSubmission>();
    expect(submission).toMatchObject({ meterId: c.supply.meterId, meterNumber: '1EMH0099887766', readOn: '2026-05-04', status: 'accepted', request: null, submittedAt: now.toISOString() });
    const rows = await readingsOf(tenant, c.supply.registerIds[0]!);
    expect(rows.at(-1)).toMatchObject({ read_on: '2026-05-04', source: 'customer', status: 'accepted', reason: 'interim', submission_id: submission.id });

    const [mail] = await mailsTo(database, tenant, c.email);
    expect(mail?.subject).toBe(`Ihr Zählerstand ist eingegangen – ${tenant.config.displayName}`);
    expect(mail?.text).toContain('1EMH0099887766 (Strom)');
    expect(mail?.text).toContain('04.05.2026');
    expect(mail?.text).toContain('Hochtarif (HT)');
    expect(mail?.text).toContain('/zaehlerstaende');

    const meter = (await meters(c.cookie)).find((m) => m.id === c.supply.meterId);
    expect(meter?.registers[0]?.lastReading).toMatchObject({ readOn: '2026-05-04', source: 'customer', status: 'accepted' });
    expect(meter?.earliestReadOn).toBe('2026-05-05');

    const history = await call('GET', `/api/v1/customer/meters/${c.supply.meterId}/readings`, { cookie: c.cookie });
    expect(history.statusCode).toBe(200);
    const entries = history.json<TReadingHistory>().entries;
    expect(entries.map((e) => [e.readOn, e.source, e.status, e.values.length])).toEqual([
      ['2026-05-04', 'customer', 'accepted', 2],
      ['2026-01-01', 'utility', 'accepted', 2],
    ]);
    expect(Number(entries[0]!.values[0]!.consumption)).toBeGreaterThan(0);
    expect(entries[1]!.values[0]!.consumption).toBeNull();

    const audit = await withTenant(database, tenant.id, (trx) => trx.selectFrom('audit_log').select(['action', 'actor_type', 'details']).where('target_id', '=', c.supply.meterId).execute());
    expect(audit).toEqual([{ action: 'reading.submitted', actor_type: 'customer', details: expect.objectContaining({ submissionId: submission.id, status: 'accepted' }) as unknown }]);
  });

  it('needs a comment for a warning; then books it pending review as a request with the photo', async () => {
    const c = await customer(tenant, { meterNumber: '1ESY5550001111' });
    const url = `/api/v1/customer/meters/${c.supply.meterId}/readings`;
    const high = valueFor(2.2);
    const noComment = await call('POST', url, { cookie: c.cookie, body: body(c.supply.registerIds, [high], { comment: '  ' }) });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().errors).toEqual([{ field: 'comment', message: 'Bitte bestätigen Sie den Zählerstand mit einem kurzen Kommentar, zum Beispiel warum der Verbrauch abweicht.' }]);
    const badPhoto = await call('POST', url, { cookie: c.cookie, body: body(c.supply.registerIds, [high], { comment: 'Sauna', photo: { fileName: 'x.png', contentType: 'image/png', contentBase64: 'bm90IGFuIGltYWdl' } }) });
    expect(badPhoto.json().errors[0].field).toBe('photo');
    expect(await readingsOf(tenant, c.supply.registerIds[0]!)).toHaveLength(1);

    const res = await call('POST', url, {
      cookie: c.cookie,
      body: body(c.supply.registerIds, [high], { comment: 'Neue Wärmepumpe seit Februar.', photo: { fileName: 'zaehler.png', contentType: 'image/png', contentBase64: PNG.toString('base64') } }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const submission = res.json<TReadingSubmission>();
    expect(submission.status).toBe('pending_review');
    expect(submission.request?.reference).toMatch(/^A-2026-\d{6}$/);
    expect((await readingsOf(tenant, c.supply.registerIds[0]!)).at(-1)).toMatchObject({ source: 'customer', status: 'pending_review' });

    const request = await call('GET', `/api/v1/customer/requests/${submission.request!.id}`, { cookie: c.cookie });
    expect(request.json()).toMatchObject({
      kind: 'reading',
      status: 'received',
      subject: expect.stringMatching(/^Zählerstand vom 04\.05\.2026, Zähler 1ESY5550001111: [\d.]+ kWh$/) as unknown,
      premise: { id: c.supply.premiseId },
      attachments: [{ fileName: 'zaehler.png', contentType: 'image/png' }],
    });
    const payload = await withTenant(database, tenant.id, (trx) => trx.selectFrom('customer_requests').select('payload').where('id', '=', submission.request!.id).executeTakeFirstOrThrow());
    expect(payload.payload).toMatchObject({ submissionId: submission.id, meterNumber: '1ESY5550001111', comment: 'Neue Wärmepumpe seit Februar.', findings: ['above_expected'] });
    const mails = await mailsTo(database, tenant, c.email);
    // One confirmation: the request's, with its reference number (no second mail for the reading).
    expect(mails[0]?.subject).toBe(`Ihr Anliegen ${submission.request!.reference} ist bei uns eingegangen – ${tenant.config.displayName}`);
    expect(mails.some((m) => m.subject.startsWith('Ihr Zählerstand'))).toBe(false);

    const history = (await call('GET', `/api/v1/customer/meters/${c.supply.meterId}/readings`, { cookie: c.cookie })).json<TReadingHistory>();
    expect(history.entries[0]).toMatchObject({ status: 'pending_review', source: 'customer', request: { id: submission.request!.id, reference: submission.request!.reference } });
  });

  it('books one reading for ten parallel identical submits and answers each the same result; another payload under the key is refused', async () => {
    const c = await customer();
    const url = `/api/v1/customer/meters/${c.supply.meterId}/readings`;
    const payload = body(c.supply.registerIds, [valueFor(1)], { idempotencyKey: 'reading-double-submit-01' });
    const all = await Promise.all(Array.from({ length: 10 }, () => call('POST', url, { cookie: c.cookie, body: payload })));
    expect(all.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const [a, ...rest] = all;
    for (const b of rest) expect(b.json()).toEqual(a!.json());
    expect(await readingsOf(tenant, c.supply.registerIds[0]!)).toHaveLength(2);
    const again = await call('POST', url, { cookie: c.cookie, body: payload });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(a!.json());
    const changed = await call('POST', url, { cookie: c.cookie, body: { ...payload, readings: [{ registerId: c.supply.registerIds[0], value: valueFor(1.1) }] } });
    expect(changed.statusCode).toBe(422);
    expect(changed.json().detail).toContain('bereits mit anderen Werten gesendet');
    expect((await mailsTo(database, tenant, c.email)).filter((m) => m.subject.startsWith('Ihr Zählerstand'))).toHaveLength(1);
    // Without the key the second submit of the same date is refused: the date is taken now.
    const late = await call('POST', url, { cookie: c.cookie, body: body(c.supply.registerIds, [valueFor(1)]) });
    expect(late.json().errors[0]).toMatchObject({ field: 'readOn' });
  });
});

describe('history', () => {
  it('shows the consumption since the previous reading, nothing below an estimate, and rejected readings without it', async () => {
    const c = await customer(tenant, {}, [
      { readOn: '2025-01-01', kwh: 8_000 },
      { readOn: '2025-07-01', kwh: 9_500, source: 'estimated' },
      { readOn: '2025-10-01', kwh: 9_300, source: 'customer', status: 'rejected', reason: 'interim' },
      { readOn: '2026-01-01', kwh: 9_400, source: 'customer', reason: 'interim' },
      { readOn: '2026-03-01', kwh: 9_800 },
    ]);
    const history = (await call('GET', `/api/v1/customer/meters/${c.supply.meterId}/readings`, { cookie: c.cookie })).json<TReadingHistory>();
    expect(history.registers).toEqual([{ id: c.supply.registerIds[0], obis: '1-0:1.8.0', label: null, unit: 'kWh', digits: 6, decimals: 0 }]);
    expect(history.entries.map((e) => [e.readOn, e.source, e.status, e.reason, e.values[0]?.value, e.values[0]?.consumption])).toEqual([
      ['2026-03-01', 'utility', 'accepted', 'billing', '9800', '400'],
      ['2026-01-01', 'customer', 'accepted', 'interim', '9400', null],
      ['2025-10-01', 'customer', 'rejected', 'interim', '9300', null],
      ['2025-07-01', 'estimated', 'accepted', 'billing', '9500', '1500'],
      ['2025-01-01', 'utility', 'accepted', 'billing', '8000', null],
    ]);
    expect((await meters(c.cookie)).find((m) => m.id === c.supply.meterId)?.registers[0]?.lastReading).toMatchObject({ readOn: '2026-03-01' });
  });
});

describe('meter exchange', () => {
  it('compares the new meter only with its installation reading and takes no readings for the old one', async () => {
    const c = await customer(tenant, { meterNumber: '1ESY0000000OLD', installedOn: '2018-01-01' }, [{ readOn: '2026-01-01', kwh: 54_321 }]);
    await addReadings(tenant, c.supply.registerIds[0]!, [{ readOn: '2026-03-01', kwh: 54_700, reason: 'meter_removed' }]);
    const newMeter = await withTenant(database, tenant.id, async (trx) => {
      await trx.updateTable('meters').set({ removed_on: '2026-03-01' }).where('id', '=', c.supply.meterId).execute();
      const meter = await trx
        .insertInto('meters')
        .values({ tenant_id: tenant.id, premise_id: c.supply.premiseId, meter_number: '1EMH000000NEW1', division: 'electricity', meter_kind: 'modern', installed_on: '2026-03-02' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const register = await trx
        .insertInto('meter_registers')
        .values({ tenant_id: tenant.id, meter_id: meter.id, obis: '1-0:1.8.0', unit: 'kWh', digits: 6, decimals: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { meterId: meter.id, registerId: register.id };
    });
    await addReadings(tenant, newMeter.registerId, [{ readOn: '2026-03-02', kwh: 1.5, reason: 'meter_installed' }]);

    const list = await meters(c.cookie);
    expect(list.filter((m) => m.premise.id === c.supply.premiseId).map((m) => [m.meterNumber, m.selfReadingBlocked, m.removedOn])).toEqual([
      ['1EMH000000NEW1', null, null],
      ['1ESY0000000OLD', 'removed', '2026-03-01'],
    ]);
    const value = (1.5 + expectedKwh('2026-03-02', '2026-05-04')).toFixed(1).replace('.', ',');
    const check = await call('POST', `/api/v1/customer/meters/${newMeter.meterId}/readings/check`, { cookie: c.cookie, body: body([newMeter.registerId], [value]) });
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json<TReadingCheck>()).toMatchObject({ outcome: 'ok', readings: [{ comparedWith: { readOn: '2026-03-02', value: '1.5' } }] });
    // Nothing on or before the installation reading of the new meter.
    const before = await call('POST', `/api/v1/customer/meters/${newMeter.meterId}/readings/check`, { cookie: c.cookie, body: body([newMeter.registerId], [value], { readOn: '2026-03-01' }) });
    expect(before.json().errors[0]).toEqual({ field: 'readOn', message: 'Für diesen Zähler liegt bereits ein Stand vom 02.03.2026 vor. Das Ablesedatum muss danach liegen.' });
    const old = await call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings`, { cookie: c.cookie, body: body(c.supply.registerIds, ['55000']) });
    expect(old.statusCode).toBe(422);
    expect(old.json().detail).toBe('Dieser Zähler wurde ausgebaut; für ihn nehmen wir keine Stände mehr an.');
    const oldHistory = (await call('GET', `/api/v1/customer/meters/${c.supply.meterId}/readings`, { cookie: c.cookie })).json<TReadingHistory>();
    expect(oldHistory.entries.map((e) => [e.readOn, e.reason])).toEqual([
      ['2026-03-01', 'meter_removed'],
      ['2026-01-01', 'billing'],
    ]);
  });
});

describe('the utility time zone', () => {
  it('takes today in the utility time zone: 00:30 on the DST day in Berlin is already that day', async () => {
    const c = await customer(tenant, {}, [{ readOn: '2026-03-01', kwh: 10_000 }]);
    now = new Date('2026-03-28T23:30:00Z');
    try {
      expect((await meters(c.cookie)).find((m) => m.id === c.supply.meterId)?.today).toBe('2026-03-29');
      const value = String(Math.round(10_000 + expectedKwh('2026-03-01', '2026-03-29')));
      const res = await call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings/check`, { cookie: c.cookie, body: body(c.supply.registerIds, [value], { readOn: '2026-03-29' }) });
      expect(res.statusCode, res.body).toBe(200);
      const tomorrow = await call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings/check`, { cookie: c.cookie, body: body(c.supply.registerIds, [value], { readOn: '2026-03-30' }) });
      expect(tomorrow.json().errors[0].field).toBe('readOn');
    } finally {
      now = new Date('2026-05-04T08:00:00Z');
    }
  });
});

describe('access', () => {
  it("answers 404 for another customer's or tenant's meters and registers (SEC-16)", async () => {
    const owner = await customer();
    const stranger = await customer();
    const url = `/api/v1/customer/meters/${owner.supply.meterId}`;
    const valid = body(owner.supply.registerIds, [valueFor(1)]);
    expect((await call('GET', `${url}/readings`, { cookie: stranger.cookie })).statusCode).toBe(404);
    expect((await call('POST', `${url}/readings/check`, { cookie: stranger.cookie, body: valid })).statusCode).toBe(404);
    expect((await call('POST', `${url}/readings`, { cookie: stranger.cookie, body: valid })).statusCode).toBe(404);
    expect((await meters(stranger.cookie)).some((m) => m.id === owner.supply.meterId)).toBe(false);
    // The stranger's own meter with the owner's register id.
    const mixed = await call('POST', `/api/v1/customer/meters/${stranger.supply.meterId}/readings/check`, { cookie: stranger.cookie, body: body(owner.supply.registerIds, [valueFor(1)]) });
    expect(mixed.statusCode).toBe(404);

    const elsewhere = await customer(other);
    const otherCall = caller(app, other);
    expect((await otherCall('GET', `${url}/readings`, { cookie: elsewhere.cookie })).statusCode).toBe(404);
    expect((await otherCall('POST', `${url}/readings`, { cookie: elsewhere.cookie, body: valid })).statusCode).toBe(404);
    expect((await otherCall('GET', `${url}/readings`, { cookie: owner.cookie })).statusCode).toBe(401);
    expect(await readingsOf(tenant, owner.supply.registerIds[0]!)).toHaveLength(1);
    expect((await call('GET', '/api/v1/customer/meters/not-a-uuid/readings', { cookie: owner.cookie })).statusCode).toBe(400);
  });

  it('needs a session: none, an expired one', async () => {
    expect((await call('GET', '/api/v1/customer/meters')).statusCode).toBe(401);
    const c = await customer();
    now = new Date(now.getTime() + 16 * 60_000);
    try {
      const res = await call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings`, { cookie: c.cookie, body: body(c.supply.registerIds, [valueFor(1)]) });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('session_expired');
    } finally {
      now = new Date('2026-05-04T08:00:00Z');
    }
    expect(await readingsOf(tenant, c.supply.registerIds[0]!)).toHaveLength(1);
  });

  it('answers 404 module_disabled where the utility does not offer readings', async () => {
    const c = await customer();
    await database.db
      .updateTable('tenants')
      .set((eb) => ({ config: eb.fn('jsonb_set', [eb.ref('config'), eb.val('{modules}'), eb.val(JSON.stringify(['invoices']))]) }))
      .where('id', '=', tenant.id)
      .execute();
    app.tenantResolver.invalidate();
    try {
      const res = await call('GET', '/api/v1/customer/meters', { cookie: c.cookie });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('module_disabled');
      expect((await call('POST', `/api/v1/customer/meters/${c.supply.meterId}/readings`, { cookie: c.cookie, body: body(c.supply.registerIds, [valueFor(1)]) })).json().code).toBe('module_disabled');
    } finally {
      await database.db
        .updateTable('tenants')
        .set((eb) => ({ config: eb.fn('jsonb_set', [eb.ref('config'), eb.val('{modules}'), eb.val(JSON.stringify(['readings', 'invoices']))]) }))
        .where('id', '=', tenant.id)
        .execute();
      app.tenantResolver.invalidate();
    }
  });
});
