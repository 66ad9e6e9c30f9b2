// Instalments through HTTP: the overview (amount, validity, due dates, total, recommendation,
// limits), change requests within and outside the limits, dates, one open change per contract,
// double submits, another account's and another tenant's contracts (SEC-16), unknown fields
// (SEC-17), the module gate and expired sessions.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TInstalmentOverview } from '../../../api/instalments.ts';
import type { TTenantConfig } from '../../../api/tenant.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, mailsTo, tenantFile } from '../../../test/factories.ts';
import { caller, signedInCustomer, type Call } from '../../../test/http.ts';
import { addSupply, type SupplySpec } from '../../../test/supply.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { getTenantBySlug, upsertTenantFromFile, type Tenant } from '../tenants/tenants.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let call: Call;
// Monday 4 May 2026, 10:00 in Berlin: the next due date (the 15th) is 15 May.
const now = new Date('2026-05-04T08:00:00Z');
const PASSWORD = 'Abschlag im Frühling 9';
let n = 0;

async function tenantWith(config: Partial<TTenantConfig> = {}): Promise<Tenant> {
  const file = tenantFile();
  await upsertTenantFromFile(database.db, { ...file, config: { ...file.config, modules: [...file.config.modules, 'instalments'], ...config } }, process.cwd());
  const created = await getTenantBySlug(database.db, file.slug);
  if (!created) throw new Error('tenant not created');
  return created;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database, { extra: { clock: () => now } });
  tenant = await tenantWith();
  call = caller(app, tenant);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const electricity: SupplySpec = {
  contract: { number: 'V-STROM-1', annualForecastKwh: 2500 },
  tariff: { name: 'Stadtstrom Basis', energyPriceCt: '32.0000', basePriceCentsPerYear: 15_000 },
  instalment: { amountCents: 8000, validFrom: '2026-01-01' },
};

async function customerWithSupply(on: Tenant = tenant, spec: SupplySpec = electricity) {
  n += 1;
  const c = await signedInCustomer(database, caller(app, on), on, n, PASSWORD);
  const supply = await addSupply(database, on, c.customerId, { ...spec, contract: { ...spec.contract, number: `${spec.contract?.number ?? 'V'}-${String(n)}` } });
  return { ...c, supply };
}

async function overview(cookie: string, on: Tenant = tenant): Promise<TInstalmentOverview> {
  const res = await caller(app, on)('GET', '/api/v1/customer/instalments', { cookie });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json();
}

function change(contractId: string, overrides: Record<string, unknown> = {}) {
  return { contractId, desiredAmount: '85,50', desiredDate: '2026-06-01', comment: 'Neues Elektroauto ab Juni', ...overrides };
}

async function requestsOf(customerId: string, on: Tenant = tenant) {
  return withTenant(database, on.id, (trx) =>
    trx.selectFrom('customer_requests').select(['id', 'kind', 'subject', 'payload', 'status', 'premise_id as premiseId']).where('customer_id', '=', customerId).execute(),
  );
}

function fieldErrors(body: string): Record<string, string> {
  const parsed = JSON.parse(body) as { errors?: Array<{ field: string; message: string }> };
  return Object.fromEntries((parsed.errors ?? []).map((e) => [e.field, e.message]));
}

describe('the instalment overview', () => {
  it('shows amount, validity and due day per contract, the next due dates with their total, the limits and the recommendation', async () => {
    const c = await customerWithSupply();
    const gas = await addSupply(database, tenant, c.customerId, {
      division: 'gas',
      contract: { number: `V-GAS-${String(n)}`, annualForecastKwh: 12_000 },
      tariff: { name: 'Stadtgas', energyPriceCt: '11.5000', basePriceCentsPerYear: 18_000 },
      instalment: { amountCents: 13_000, validFrom: '2026-03-01', dueDay: 15 },
    });
    // Neither an ended contract nor a feed-in contract has an instalment to change.
    await addSupply(database, tenant, c.customerId, { contract: { number: `V-ALT-${String(n)}`, endDate: '2025-12-31' }, instalment: { amountCents: 5000, validFrom: '2025-01-01' } });

    const data = await overview(c.cookie);
    expect(data.contracts.map((contract) => [contract.division, contract.contractNumber])).toEqual([
      ['electricity', `V-STROM-1-${String(n)}`],
      ['gas', `V-GAS-${String(n)}`],
    ]);
    const [power, heat] = data.contracts;
    expect(power).toMatchObject({
      premise: 'Lindenweg 3, 12345 Teststadt',
      tariffName: 'Stadtstrom Basis',
      plan: { amountCents: 8000, validFrom: '2026-01-01', validTo: null, dueDay: 15 },
      limits: { minCents: 6800, maxCents: 16_000 },
      changeWindow: { earliest: '2026-05-15', latest: '2027-04-15' },
      pendingChange: null,
    });
    // DOMAIN.md §4: 2,500 kWh x 32 ct + 150 EUR = 950 EUR / 12 = 79.17 -> 80 EUR.
    expect(power?.recommendation).toEqual({
      amountCents: 8000,
      forecast: 2500,
      unit: 'kWh',
      energyPriceCt: 32,
      basePriceCentsPerYear: 15_000,
      energyCostCents: 80_000,
      annualCostCents: 95_000,
      instalmentsPerYear: 12,
      exactCents: 7917,
      withinLimits: true,
    });
    // Gas: the forecast is in kWh already: 12,000 x 11.5 ct + 180 EUR = 1,560 EUR / 12 = 130 EUR.
    expect(heat?.recommendation).toMatchObject({ unit: 'kWh', forecast: 12_000, amountCents: 13_000 });
    expect(heat?.contractId).toBe(gas.contractId);
    expect(data.totalCents).toBe(21_000);
    expect(data.instalmentsPerYear).toBe(12);
    expect(data.monthWithoutInstalment).toBeNull();
    expect(data.limits).toEqual({ maxIncreasePercent: 100, maxDecreasePercent: 15 });
    expect(data.upcoming.map((due) => [due.dueDate, due.totalCents])).toEqual([
      ['2026-05-15', 21_000],
      ['2026-06-15', 21_000],
      ['2026-07-15', 21_000],
      ['2026-08-15', 21_000],
      ['2026-09-15', 21_000],
      ['2026-10-15', 21_000],
    ]);
    expect(data.upcoming[0]?.items).toEqual([
      { contractId: c.supply.contractId, amountCents: 8000 },
      { contractId: gas.contractId, amountCents: 13_000 },
    ]);
  });

  it('with 11 instalments a year: none in the month of the annual bill, and the recommendation divides by 11', async () => {
    const eleven = await tenantWith({ instalmentsPerYear: 11 });
    const c = await customerWithSupply(eleven, { ...electricity, instalment: { amountCents: 8700, validFrom: '2026-01-01' } });
    await withTenant(database, eleven.id, (trx) =>
      trx
        .insertInto('invoices')
        .values({
          tenant_id: eleven.id,
          customer_id: c.customerId,
          invoice_number: `R-${String(n)}`,
          kind: 'annual',
          invoice_date: '2026-03-10',
          period_start: '2025-01-01',
          period_end: '2025-12-31',
          net_cents: 80_000,
          vat_cents: 15_200,
          gross_cents: 95_200,
          balance_cents: 200,
          due_date: '2026-03-24',
        })
        .execute(),
    );
    const data = await overview(c.cookie, eleven);
    expect(data.monthWithoutInstalment).toBe(3);
    expect(data.contracts[0]?.recommendation).toMatchObject({ amountCents: 8700, exactCents: 8636, instalmentsPerYear: 11 });
    const dates = (await overview(c.cookie, eleven)).contracts[0]?.changeWindow;
    expect(dates).toEqual({ earliest: '2026-05-15', latest: '2027-04-15' });
    const res = await caller(app, eleven)('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body: change(c.supply.contractId, { desiredAmount: '90', desiredDate: '2027-03-01' }) });
    expect(res.statusCode, res.body).toBe(201);
    // March has no instalment: the new amount starts with the one due on 15 April.
    expect((await requestsOf(c.customerId, eleven))[0]?.payload).toMatchObject({ desiredDate: '2027-03-01', firstDueDate: '2027-04-15' });
  });

  it('shows a contract without an instalment plan without limits or change dates; an account without contracts has none', async () => {
    const c = await customerWithSupply(tenant, { contract: { number: 'V-OHNE' } });
    const data = await overview(c.cookie);
    expect(data.contracts[0]).toMatchObject({ plan: null, limits: null, changeWindow: null });
    expect(data.totalCents).toBe(0);
    expect(data.upcoming).toEqual([]);
    const res = await call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body: change(c.supply.contractId) });
    expect(res.statusCode, res.body).toBe(409);

    n += 1;
    const empty = await signedInCustomer(database, call, tenant, n, PASSWORD);
    expect(await overview(empty.cookie)).toMatchObject({ contracts: [], totalCents: 0, upcoming: [] });
  });
});

describe('changing the instalment', () => {
  it('creates a request with the change in its payload, mails the confirmation and shows the change as pending', async () => {
    const c = await customerWithSupply();
    const res = await call('POST', '/api/v1/customer/instalments/change-requests', {
      cookie: c.cookie,
      body: change(c.supply.contractId, { desiredAmount: '95,50 €', desiredDate: '2026-06-01', comment: '  Neues Elektroauto ab Juni  ' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json<{ id: string; reference: string; status: string }>();
    expect(created).toMatchObject({ status: 'received', reference: expect.stringMatching(/^A-2026-\d{6}$/) as string });

    const [request] = await requestsOf(c.customerId);
    expect(request).toMatchObject({ kind: 'instalment', status: 'received', premiseId: c.supply.premiseId });
    expect(request?.subject).toBe(`Abschlagsänderung Strom (Vertrag V-STROM-1-${String(n)}): 95,50\u00a0€ ab 01.06.2026`);
    expect(request?.payload).toEqual({
      contractId: c.supply.contractId,
      contractNumber: `V-STROM-1-${String(n)}`,
      division: 'electricity',
      currentAmountCents: 8000,
      desiredAmountCents: 9550,
      desiredDate: '2026-06-01',
      firstDueDate: '2026-06-15',
      comment: 'Neues Elektroauto ab Juni',
      recommendedAmountCents: 8000,
      limits: { minCents: 6800, maxCents: 16_000 },
    });

    const list = await call('GET', '/api/v1/customer/requests', { cookie: c.cookie });
    expect(list.json<Array<{ id: string; kind: string }>>()).toEqual([expect.objectContaining({ id: created.id, kind: 'instalment' })]);
    const [mail] = await mailsTo(database, tenant, c.email);
    expect(mail?.subject).toContain(created.reference);
    expect(mail?.text).toContain('95,50');

    const data = await overview(c.cookie);
    expect(data.contracts[0]?.pendingChange).toMatchObject({ requestId: created.id, reference: created.reference, status: 'received', desiredAmountCents: 9550, desiredDate: '2026-06-01' });
    // The amount in force stays until the utility has processed the change.
    expect(data.contracts[0]?.plan?.amountCents).toBe(8000);
  });

  it('refuses a second change for the same contract while the first is open, naming it; another contract can still change', async () => {
    const c = await customerWithSupply();
    const first = await call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body: change(c.supply.contractId) });
    expect(first.statusCode, first.body).toBe(201);
    const { reference } = first.json<{ reference: string }>();
    const second = await call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body: change(c.supply.contractId, { desiredAmount: '90' }) });
    expect(second.statusCode, second.body).toBe(409);
    expect(second.json<{ detail: string }>().detail).toBe(
      `Ihre Änderung vom 04.05.2026 (Vorgangsnummer ${reference}) ist in Bearbeitung. Sobald wir sie bearbeitet haben, können Sie den Abschlag für diesen Vertrag wieder ändern. Möchten Sie etwas an Ihrer Änderung korrigieren, schreiben Sie uns bitte mit der Vorgangsnummer.`,
    );
    const gas = await addSupply(database, tenant, c.customerId, { division: 'gas', contract: { number: `V-GAS2-${String(n)}` }, instalment: { amountCents: 10_000, validFrom: '2026-01-01' } });
    const other = await call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body: change(gas.contractId, { desiredAmount: '110' }) });
    expect(other.statusCode, other.body).toBe(201);
    expect(await requestsOf(c.customerId)).toHaveLength(2);
  });

  it('explains the limits in euros when the amount is too high or too low (German and English), and changes nothing', async () => {
    const c = await customerWithSupply();
    const post = (body: unknown, locale = 'de') => call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body, locale });
    const high = await post(change(c.supply.contractId, { desiredAmount: '1.085,00 €' }));
    expect(high.statusCode).toBe(400);
    expect(fieldErrors(high.body).desiredAmount).toBe(
      'Der gewünschte Abschlag ist zu hoch. Online können Sie Ihren Abschlag von 80,00\u00a0€ auf einen Betrag zwischen 68,00\u00a0€ und 160,00\u00a0€ ändern (bis zu 100 % mehr). Für eine größere Änderung schreiben Sie uns bitte über das Kontaktformular.',
    );
    const low = await post(change(c.supply.contractId, { desiredAmount: '67,99' }), 'en');
    expect(fieldErrors(low.body).desiredAmount).toMatch(/^The instalment you entered is too low\. Online you can change your instalment of €80\.00 to an amount between €68\.00 and €160\.00 \(up to 15 % less\)/);
    // The limits themselves are allowed.
    const atMax = await post(change(c.supply.contractId, { desiredAmount: '160' }));
    expect(atMax.statusCode, atMax.body).toBe(201);
    expect(await requestsOf(c.customerId)).toHaveLength(1);

    const d = await customerWithSupply();
    const atMin = await call('POST', '/api/v1/customer/instalments/change-requests', { cookie: d.cookie, body: change(d.supply.contractId, { desiredAmount: '68' }) });
    expect(atMin.statusCode, atMin.body).toBe(201);
  });

  it('follows the utility\u2019s configured limits', async () => {
    const strict = await tenantWith({ instalmentLimits: { maxIncreasePercent: 50, maxDecreasePercent: 10 } });
    const c = await customerWithSupply(strict);
    const data = await overview(c.cookie, strict);
    expect(data.contracts[0]?.limits).toEqual({ minCents: 7200, maxCents: 12_000 });
    const res = await caller(app, strict)('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body: change(c.supply.contractId, { desiredAmount: '70' }) });
    expect(fieldErrors(res.body).desiredAmount).toContain('zwischen 72,00\u00a0€ und 120,00\u00a0€');
  });

  it('checks every field with a translated message: required, format, same amount, comment length', async () => {
    const c = await customerWithSupply();
    const post = (body: unknown, locale = 'de') => call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body, locale });
    const empty = await post(change(c.supply.contractId, { desiredAmount: ' ', desiredDate: '', comment: '   ' }));
    expect(empty.statusCode).toBe(400);
    expect(fieldErrors(empty.body)).toEqual({
      desiredAmount: 'Bitte geben Sie den gewünschten Abschlag in Euro ein.',
      desiredDate: 'Bitte geben Sie an, ab wann der neue Abschlag gelten soll.',
      comment: 'Bitte begründen Sie kurz die Änderung, zum Beispiel „neues Elektroauto“ oder „Haushalt kleiner geworden“.',
    });
    const wrong = await post(change(c.supply.contractId, { desiredAmount: '85 Euro 50', desiredDate: '2026-02-30', comment: 'x'.repeat(1001) }), 'en');
    expect(fieldErrors(wrong.body)).toEqual({
      desiredAmount: 'Please enter the amount in euros, for example 85 or 85.50.',
      desiredDate: 'Please enter a valid date, for example 15/03/2027.',
      comment: 'The comment may be at most 1000 characters long.',
    });
    const same = await post(change(c.supply.contractId, { desiredAmount: '80,00 €' }));
    expect(fieldErrors(same.body).desiredAmount).toBe('80,00\u00a0€ ist bereits Ihr aktueller Abschlag. Bitte geben Sie den Betrag ein, den Sie künftig zahlen möchten.');
    expect(await requestsOf(c.customerId)).toEqual([]);
  });

  it('accepts a start from the next due date up to a year ahead and explains why earlier dates are not possible', async () => {
    const c = await customerWithSupply();
    const post = (desiredDate: string, locale = 'de') => call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body: change(c.supply.contractId, { desiredDate }), locale });
    for (const date of ['2026-05-01', '2026-05-04', '2026-05-14']) {
      const res = await post(date);
      expect(res.statusCode).toBe(400);
      expect(fieldErrors(res.body).desiredDate).toBe(
        'Eine Änderung ist frühestens ab der nächsten Fälligkeit am 15.05.2026 möglich; Abschläge, die heute oder früher fällig waren, bleiben unverändert.',
      );
    }
    const late = await post('2027-04-16', 'en');
    expect(fieldErrors(late.body).desiredDate).toBe('You can ask for a change at most a year ahead, that is from 15 Apr 2027 at the latest.');
    expect(await requestsOf(c.customerId)).toEqual([]);
    const first = await post('2026-05-15');
    expect(first.statusCode, first.body).toBe(201);
  });

  it('creates one request for a double submit with the same idempotency key, also when sent at the same time', async () => {
    const c = await customerWithSupply();
    const body = change(c.supply.contractId, { idempotencyKey: 'instalment-key-0001' });
    const [a, b] = await Promise.all([
      call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body }),
      call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json<{ id: string }>().id).toBe(b.json<{ id: string }>().id);
    const again = await call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body });
    expect(again.statusCode).toBe(200);
    expect(await requestsOf(c.customerId)).toHaveLength(1);
    expect((await mailsTo(database, tenant, c.email)).filter((m) => m.subject.includes('eingegangen'))).toHaveLength(1);
  });

  it('answers 404 for another account\u2019s, another tenant\u2019s and unknown contracts, and changes nothing', async () => {
    const c = await customerWithSupply();
    const neighbour = await customerWithSupply();
    const foreignTenant = await tenantWith();
    const foreign = await customerWithSupply(foreignTenant);
    for (const contractId of [neighbour.supply.contractId, foreign.supply.contractId, '00000000-0000-4000-8000-000000000000']) {
      const res = await call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body: change(contractId) });
      expect(res.statusCode, contractId).toBe(404);
    }
    // The neighbour's overview is theirs only.
    expect((await overview(c.cookie)).contracts.map((contract) => contract.contractId)).toEqual([c.supply.contractId]);
    // A session of another tenant does not work here.
    const cross = await call('GET', '/api/v1/customer/instalments', { cookie: foreign.cookie });
    expect(cross.statusCode).toBe(401);
    expect(await requestsOf(neighbour.customerId)).toEqual([]);
    expect(await requestsOf(foreign.customerId, foreignTenant)).toEqual([]);
  });

  it('refuses unknown fields, malformed ids and oversized bodies', async () => {
    const c = await customerWithSupply();
    const post = (body: unknown) => call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body });
    expect((await post({ ...change(c.supply.contractId), status: 'done' })).statusCode).toBe(400);
    const withProto = JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(change(c.supply.contractId)).slice(1)}`) as Record<string, unknown>;
    expect((await post(withProto)).statusCode).toBe(400);
    expect((await post(change(c.supply.contractId))).statusCode).toBe(201);
    expect((await post(change('not-a-uuid'))).statusCode).toBe(400);
    expect((await post(change(c.supply.contractId, { comment: 'x'.repeat(20_000) }))).statusCode).toBe(400);
    expect((await post(change(c.supply.contractId, { comment: 'x'.repeat(2_000_000) }))).statusCode).toBe(413);
    const stored = await requestsOf(c.customerId);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.payload).not.toHaveProperty('admin');
  });
});

describe('access', () => {
  it('needs a session; an expired one answers session_expired', async () => {
    const c = await customerWithSupply();
    expect((await call('GET', '/api/v1/customer/instalments')).statusCode).toBe(401);
    expect((await call('POST', '/api/v1/customer/instalments/change-requests', { body: change(c.supply.contractId) })).statusCode).toBe(401);
    const later = await buildTestApp(database, { extra: { clock: () => new Date(now.getTime() + 16 * 60_000) } });
    try {
      const res = await caller(later, tenant)('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body: change(c.supply.contractId) });
      expect(res.statusCode).toBe(401);
      expect(res.json<{ code: string }>().code).toBe('session_expired');
    } finally {
      await later.close();
    }
    expect(await requestsOf(c.customerId)).toEqual([]);
  });

  it('is not offered where the utility does not offer instalments (404 module_disabled)', async () => {
    const without = await createTenant(database);
    n += 1;
    const c = await signedInCustomer(database, caller(app, without), without, n, PASSWORD);
    const supply = await addSupply(database, without, c.customerId, electricity);
    const get = await caller(app, without)('GET', '/api/v1/customer/instalments', { cookie: c.cookie, locale: 'en' });
    expect(get.statusCode).toBe(404);
    expect(get.json<{ code: string; title: string }>()).toMatchObject({ code: 'module_disabled', title: 'Your utility does not offer this section in the customer portal.' });
    const post = await caller(app, without)('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body: change(supply.contractId) });
    expect(post.json<{ code: string }>().code).toBe('module_disabled');
  });

  it('works on the selected one of several linked customer accounts', async () => {
    const c = await customerWithSupply();
    const second = await customerWithSupply();
    await withTenant(database, tenant.id, (trx) => trx.insertInto('login_customers').values({ tenant_id: tenant.id, login_id: trx.selectFrom('logins').select('id').where('email', '=', c.email), customer_id: second.customerId }).execute());
    expect((await overview(c.cookie)).contracts[0]?.contractId).toBe(c.supply.contractId);
    // The other account's contract is not reachable until that account is selected.
    expect((await call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body: change(second.supply.contractId) })).statusCode).toBe(404);
    const selected = await call('POST', '/api/v1/auth/select-account', { cookie: c.cookie, body: { customerId: second.customerId } });
    expect(selected.statusCode, selected.body).toBe(200);
    expect((await overview(c.cookie)).contracts[0]?.contractId).toBe(second.supply.contractId);
    const res = await call('POST', '/api/v1/customer/instalments/change-requests', { cookie: c.cookie, body: change(second.supply.contractId) });
    expect(res.statusCode, res.body).toBe(201);
    expect(await requestsOf(second.customerId)).toHaveLength(1);
    expect(await requestsOf(c.customerId)).toEqual([]);
  });
});
