// Contracts page: prices as the customer pays them (gross with VAT, DE and AT), term, notice and
// the earliest end, instalment, meters and MaLo-ID per consumption point, feed-in, announced price
// changes, ended contracts; another account's contracts never show; module gate; bad input.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TContract, TContractsOverview } from '../../../api/contracts.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp } from '../../../test/factories.ts';
import { caller, signedInCustomer } from '../../../test/http.ts';
import { addSupply } from '../../../test/supply.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { tenantWith } from '../documents/documents.fixtures.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { addDays, dateOf, earliestEnd, eegRemunerationEnd, termEnd } from './calendar.ts';

let database: Database;
let app: FastifyInstance;
const now = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'Stromzähler am Deich 9';
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database, { extra: { clock: () => now } });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function customerOf(tenant: Tenant) {
  seq += 1;
  return signedInCustomer(database, caller(app, tenant), tenant, seq, PASSWORD);
}

async function overview(tenant: Tenant, cookie: string): Promise<TContractsOverview> {
  const res = await caller(app, tenant)('GET', '/api/v1/customer/contracts', { cookie });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json();
}

function contract(view: TContractsOverview, number: string): TContract {
  const found = view.premises.flatMap((p) => p.contracts).find((c) => c.contractNumber === number);
  if (!found) throw new Error(`contract ${number} missing`);
  return found;
}

describe('term and notice (calendar)', () => {
  it('ends a minimum term the day before the start day in the final month (§ 188 BGB)', () => {
    expect(termEnd('2026-03-01', 12)).toBe('2027-02-28');
    expect(termEnd('2026-01-15', 12)).toBe('2027-01-14');
    expect(termEnd('2026-01-31', 1)).toBe('2026-02-28');
    expect(termEnd('2024-02-29', 12)).toBe('2025-02-28');
    expect(termEnd('2023-03-31', 11)).toBe('2024-02-29');
    expect(termEnd('2025-12-01', 24)).toBe('2027-11-30');
  });

  it('takes the end of the minimum term while it binds, otherwise today plus the notice period', () => {
    const contract = { startDate: '2026-03-01', minimumTermMonths: 12, noticePeriodWeeks: 4 };
    expect(earliestEnd(contract, '2026-11-22')).toEqual({ minimumTermEnd: '2027-02-28', earliestEnd: '2027-02-28', noticeDeadline: '2027-01-31' });
    // Notice on the deadline still reaches the end of the term; one day later it is too late.
    expect(earliestEnd(contract, '2027-01-31')).toEqual({ minimumTermEnd: '2027-02-28', earliestEnd: '2027-02-28', noticeDeadline: null });
    expect(earliestEnd(contract, '2027-02-01')).toEqual({ minimumTermEnd: '2027-02-28', earliestEnd: '2027-03-01', noticeDeadline: null });
    // Basic supply: no minimum term, two weeks' notice.
    expect(earliestEnd({ startDate: '2019-05-01', minimumTermMonths: 0, noticePeriodWeeks: 2 }, '2026-11-22')).toEqual({ minimumTermEnd: null, earliestEnd: '2026-12-06', noticeDeadline: null });
    // A contract that starts later cannot end before its first day.
    expect(earliestEnd({ startDate: '2027-06-01', minimumTermMonths: 0, noticePeriodWeeks: 2 }, '2026-11-22').earliestEnd).toBe('2027-06-01');
  });

  it('pays EEG feed-in remuneration until the end of the 20th year after commissioning', () => {
    expect(eegRemunerationEnd('2014-06-17')).toBe('2034-12-31');
  });

  it('adds days across month and year ends and clamps days of month', () => {
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
    expect(dateOf(2026, 14, 31)).toBe('2027-02-28');
    expect(dateOf(2028, 2, 30)).toBe('2028-02-29');
  });
});

describe('GET /api/v1/customer/contracts', () => {
  it('shows each consumption point with its contracts, gross prices with VAT, term, notice, instalment and meters', async () => {
    const tenant = await tenantWith(database, { modules: ['contracts'] });
    const c = await customerOf(tenant);
    await addSupply(database, tenant, c.customerId, {
      street: 'Lindenweg',
      houseNumber: '3',
      maloId: '51238696781',
      meterNumber: '1ESY1160000001',
      tariff: { code: 'STROM-KLAR', name: 'Stadtstrom Klar', energyPriceCt: '35.7000', basePriceCentsPerYear: 17_850, validFrom: '2026-01-01' },
      contract: { number: 'V-STROM-1', startDate: '2026-03-01', minimumTermMonths: 12, noticePeriodWeeks: 4, annualForecastKwh: 2500 },
      instalment: { amountCents: 95_00, validFrom: '2026-03-01' },
    });
    // An announced price change of the same product.
    await withTenant(database, tenant.id, (trx) =>
      trx
        .insertInto('tariffs')
        .values({ tenant_id: tenant.id, code: 'STROM-KLAR', name: 'Stadtstrom Klar', division: 'electricity', energy_price_ct: '33.3200', base_price_cents_per_year: 17_850, valid_from: '2027-01-01' })
        .execute(),
    );
    await addSupply(database, tenant, c.customerId, {
      division: 'water',
      street: 'Am Markt',
      houseNumber: '1',
      meterNumber: 'W-778',
      tariff: { code: 'WASSER', name: 'Trinkwasser', energyPriceCt: '231.0000', basePriceCentsPerYear: 9_630, validFrom: '2026-01-01' },
      contract: { number: 'V-WASSER-1', startDate: '2019-05-01', minimumTermMonths: 0, noticePeriodWeeks: 2, annualForecastKwh: 95 },
    });

    const view = await overview(tenant, c.cookie);
    expect(view.today).toBe('2026-11-22');
    // The registration's own consumption point has no contract and is left out.
    expect(view.premises.map((p) => p.address)).toEqual(['Lindenweg 3, 12345 Teststadt', 'Am Markt 1, 12345 Teststadt']);
    expect(view.premises[0]!.maloId).toBe('51238696781');

    const power = contract(view, 'V-STROM-1');
    expect(power).toMatchObject({
      division: 'electricity',
      direction: 'consumption',
      status: 'active',
      product: { code: 'STROM-KLAR', name: 'Stadtstrom Klar' },
      unit: 'kWh',
      prices: { validFrom: '2026-01-01', energyCt: 35.7, energyNetCt: 30, baseCentsPerYear: 17_850, baseNetCentsPerYear: 15_000, vatPercent: 19 },
      nextPrices: { validFrom: '2027-01-01', energyCt: 33.32, energyNetCt: 28, vatPercent: 19 },
      startDate: '2026-03-01',
      endDate: null,
      minimumTermMonths: 12,
      minimumTermEnd: '2027-02-28',
      noticePeriodWeeks: 4,
      earliestEndDate: '2027-02-28',
      noticeDeadline: '2027-01-31',
      remunerationEnd: null,
      annualForecast: 2500,
      instalment: { amountCents: 95_00, validFrom: '2026-03-01', dueDay: 15 },
    });
    expect(power.meters).toEqual([
      { meterNumber: '1ESY1160000001', kind: 'conventional', meteringPointId: null, installedOn: '2020-01-01', registers: [{ obis: '1-0:1.8.0', label: null, unit: 'kWh' }] },
    ]);

    const water = contract(view, 'V-WASSER-1');
    expect(water).toMatchObject({
      unit: 'm3',
      prices: { energyCt: 231, energyNetCt: 215.8879, baseCentsPerYear: 9_630, baseNetCentsPerYear: 9_000, vatPercent: 7 },
      nextPrices: null,
      minimumTermEnd: null,
      earliestEndDate: '2026-12-06',
      noticeDeadline: null,
      annualForecast: 95,
      instalment: null,
    });
    expect(view.gasConversion).toEqual({ calorificValue: 11.3, zNumber: 0.9636 });
  });

  it('uses the Austrian VAT rates', async () => {
    const tenant = await tenantWith(database, { modules: ['contracts'], country: 'AT' });
    const c = await customerOf(tenant);
    await addSupply(database, tenant, c.customerId, {
      tariff: { name: 'Alpenstrom Basis', energyPriceCt: '25.8000', basePriceCentsPerYear: 5_400 },
      contract: { number: 'V-AT-1', startDate: '2024-07-01', minimumTermMonths: 12, noticePeriodWeeks: 4 },
    });
    const power = contract(await overview(tenant, c.cookie), 'V-AT-1');
    expect(power.prices).toMatchObject({ energyCt: 25.8, energyNetCt: 21.5, baseCentsPerYear: 5_400, baseNetCentsPerYear: 4_500, vatPercent: 20 });
    // The minimum term is over: notice from today.
    expect(power).toMatchObject({ minimumTermEnd: '2025-06-30', earliestEndDate: '2026-12-20', noticeDeadline: null });
  });

  it('shows a feed-in contract with its remuneration rate, without VAT, instalment or notice', async () => {
    const tenant = await tenantWith(database, { modules: ['contracts'] });
    const c = await customerOf(tenant);
    const supply = await addSupply(database, tenant, c.customerId, {
      maloId: '41373559241',
      meterNumber: '1ESY1169999999',
      meterKind: 'smart',
      registers: [
        { obis: '1-0:1.8.0', label: 'Bezug' },
        { obis: '1-0:2.8.0', label: 'Einspeisung' },
      ],
      tariff: { name: 'Einspeisevergütung PV bis 10 kWp', energyPriceCt: '12.5600', basePriceCentsPerYear: 0 },
      contract: { number: 'V-PV-1', startDate: '2014-06-17', minimumTermMonths: 0, noticePeriodWeeks: 0, annualForecastKwh: 4200 },
    });
    await withTenant(database, tenant.id, (trx) =>
      trx.updateTable('contracts').set({ direction: 'feed_in' }).where('tenant_id', '=', tenant.id).where('id', '=', supply.contractId).execute(),
    );
    const feedIn = contract(await overview(tenant, c.cookie), 'V-PV-1');
    expect(feedIn).toMatchObject({
      direction: 'feed_in',
      status: 'active',
      prices: { energyCt: 12.56, energyNetCt: null, baseCentsPerYear: 0, baseNetCentsPerYear: null, vatPercent: null },
      earliestEndDate: null,
      noticeDeadline: null,
      remunerationEnd: '2034-12-31',
      instalment: null,
      annualForecast: 4200,
    });
    expect(feedIn.meters[0]).toMatchObject({ meterNumber: '1ESY1169999999', kind: 'smart', registers: [{ obis: '1-0:2.8.0', label: 'Einspeisung', unit: 'kWh' }] });
  });

  it('marks ended contracts, shows their last prices and lists them after the running ones', async () => {
    const tenant = await tenantWith(database, { modules: ['contracts'] });
    const c = await customerOf(tenant);
    await addSupply(database, tenant, c.customerId, {
      street: 'Alte Gasse',
      tariff: { code: 'GAS-ALT', energyPriceCt: '11.9000', validFrom: '2020-01-01' },
      division: 'gas',
      contract: { number: 'V-GAS-ALT', startDate: '2020-01-01', endDate: '2025-08-31' },
      instalment: { amountCents: 120_00, validFrom: '2020-01-01' },
    });
    await addSupply(database, tenant, c.customerId, {
      street: 'Neue Straße',
      contract: { number: 'V-NEU', startDate: '2025-09-01', endDate: '2027-08-31', minimumTermMonths: 24 },
    });
    const view = await overview(tenant, c.cookie);
    expect(view.premises.map((p) => p.address)).toEqual(['Neue Straße 3, 12345 Teststadt', 'Alte Gasse 3, 12345 Teststadt']);
    expect(contract(view, 'V-GAS-ALT')).toMatchObject({ status: 'ended', endDate: '2025-08-31', earliestEndDate: null, instalment: null, prices: { energyCt: 11.9, vatPercent: 19 } });
    // Notice already given: it ends on its end date, no earliest end to compute.
    expect(contract(view, 'V-NEU')).toMatchObject({ status: 'active', endDate: '2027-08-31', earliestEndDate: null, minimumTermEnd: null });
  });

  it("never shows another customer's contracts and answers an account without contracts with an empty list", async () => {
    const tenant = await tenantWith(database, { modules: ['contracts'] });
    const a = await customerOf(tenant);
    const b = await customerOf(tenant);
    await addSupply(database, tenant, a.customerId, { contract: { number: 'V-NUR-A' } });
    expect((await overview(tenant, a.cookie)).premises.flatMap((p) => p.contracts.map((x) => x.contractNumber))).toEqual(['V-NUR-A']);
    expect((await overview(tenant, b.cookie)).premises).toEqual([]);
  });

  it('refuses without a session, on another host, for a utility without the module and with unknown parameters', async () => {
    const tenant = await tenantWith(database, { modules: ['contracts'] });
    const without = await tenantWith(database, { modules: ['invoices'] });
    const c = await customerOf(tenant);
    const call = caller(app, tenant);
    expect((await call('GET', '/api/v1/customer/contracts')).statusCode).toBe(401);
    // The session belongs to its host's tenant.
    expect((await caller(app, without)('GET', '/api/v1/customer/contracts', { cookie: c.cookie })).statusCode).toBe(401);
    const d = await customerOf(without);
    const disabled = await caller(app, without)('GET', '/api/v1/customer/contracts', { cookie: d.cookie, locale: 'en' });
    expect(disabled.statusCode).toBe(404);
    expect(disabled.json()).toMatchObject({ code: 'module_disabled', title: 'Your utility does not offer this section in the customer portal.' });
    const unknown = await call('GET', '/api/v1/customer/contracts?tariff=1', { cookie: c.cookie });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'validation_failed' });
  });
});
