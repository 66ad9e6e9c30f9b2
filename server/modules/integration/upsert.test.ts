// Bulk upserts of the integration API: scopes per endpoint, positioned errors with nothing written,
// unknown fields, limits (413), repeated batches unchanged, Idempotency-Key replays (REL-02) and
// 20 parallel submits, another tenant's keys, meter exchange, and end to end: a customer imported
// by the billing system registers and sees the invoice.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TIntegrationScope } from '../../../api/integration.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, hostOf, mailsTo, tokenFromMail } from '../../../test/factories.ts';
import { caller, sessionCookieOf } from '../../../test/http.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { createClient } from './clients.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
const now = new Date('2026-03-02T09:00:00Z');
const ALL: TIntegrationScope[] = ['customers:write', 'supply:write', 'readings:write', 'billing:write'];
let token: string;
let otherToken: string;
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  other = await createTenant(database);
  app = await buildTestApp(database, { extra: { clock: () => now } });
  token = await tokenFor(tenant, ALL);
  otherToken = await tokenFor(other, ALL);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function tokenFor(on: Tenant, scopes: TIntegrationScope[]): Promise<string> {
  const client = await withTenant(database, on.id, (trx) => createClient(trx, on.id, { name: 'Billing', scopes, createdBy: 'test' }));
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/integration/oauth/token',
    headers: { host: hostOf(on), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }).toString(),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ access_token: string }>().access_token;
}

function put(entity: string, body: unknown, options: { token?: string; on?: Tenant; key?: string; raw?: string } = {}) {
  return app.inject({
    method: 'PUT',
    url: `/api/v1/integration/${entity}`,
    headers: {
      host: hostOf(options.on ?? tenant),
      authorization: `Bearer ${options.token ?? token}`,
      'content-type': 'application/json',
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    payload: options.raw ?? JSON.stringify(body),
  });
}

function customerNo(): string {
  seq += 1;
  return `4${String(5_000_000 + seq).padStart(7, '0')}`;
}

function customer(number: string, overrides: Record<string, unknown> = {}) {
  return { customerNumber: number, kind: 'person', firstName: 'Erika', lastName: 'Mustermann', street: 'Hauptstraße', houseNumber: '5', postalCode: '12345', city: 'Teststadt', country: 'DE', ...overrides };
}

async function count(on: Tenant, table: 'customers' | 'premises' | 'meters' | 'meter_readings' | 'invoices'): Promise<number> {
  return withTenant(database, on.id, async (trx) => Number((await trx.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n));
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('customers', () => {
  it('creates, then answers unchanged for the same batch and updated for a change', async () => {
    const a = customerNo();
    const b = customerNo();
    const first = await put('customers', { records: [customer(a), customer(b, { kind: 'company', companyName: 'Bäckerei Korn GmbH', lastName: null })] });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    const again = await put('customers', { records: [customer(a), customer(b, { kind: 'company', companyName: 'Bäckerei Korn GmbH', lastName: null })] });
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const changed = await put('customers', { records: [customer(a, { city: 'Neustadt' })] });
    expect(changed.json()).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(changed.json().records[0]).toMatchObject({ index: 0, key: a, result: 'updated' });
  });

  it('reports every invalid record by position and writes nothing of the batch', async () => {
    const before = await count(tenant, 'customers');
    const good = customerNo();
    const dup = customerNo();
    const res = await put('customers', {
      records: [
        customer(good),
        customer('123'), // not the tenant's format
        customer(customerNo(), { postalCode: 'ABC' }),
        customer(dup),
        customer(dup),
        customer(customerNo(), { shoeSize: 42 }),
      ],
    });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const errors = res.json<{ errors: Array<{ index: number; field: string; code: string; externalId: string | null }> }>().errors;
    expect(errors.map((e) => [e.index, e.field, e.code])).toEqual([
      [1, 'customerNumber', 'format'],
      [2, 'postalCode', 'invalid_format'],
      [4, 'customerNumber', 'duplicate_in_batch'],
      [5, 'shoeSize', 'unrecognized_keys'],
    ]);
    expect(errors[0]?.externalId).toBe('123');
    expect(await count(tenant, 'customers')).toBe(before);
  });

  it('refuses a body that is not {records: [...]}, more than 1000 records (413) and bodies over the limit (413)', async () => {
    expect((await put('customers', { records: [customer(customerNo())], extra: true })).statusCode).toBe(400);
    expect((await put('customers', [customer(customerNo())])).statusCode).toBe(400);
    expect((await put('customers', { records: [] })).statusCode).toBe(400);
    const many = Array.from({ length: 1001 }, () => customer(customerNo()));
    expect((await put('customers', { records: many })).statusCode).toBe(413);
    const huge = await put('customers', null, { raw: JSON.stringify({ records: [customer(customerNo(), { city: 'x'.repeat(6 * 1024 * 1024) })] }) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('payload_too_large');
  });
});

describe('scopes and tenants', () => {
  it('needs the scope of each endpoint (403 insufficient_scope) and a token (401)', async () => {
    const readingsOnly = await tokenFor(tenant, ['readings:write']);
    for (const entity of ['customers', 'premises', 'tariffs', 'contracts', 'meters', 'instalment-plans', 'transactions', 'invoices', 'documents']) {
      const res = await put(entity, { records: [{}] }, { token: readingsOnly });
      expect(res.statusCode, entity).toBe(403);
      expect(res.json().code).toBe('insufficient_scope');
    }
    const supplyOnly = await tokenFor(tenant, ['supply:write']);
    expect((await put('readings', { records: [{}] }, { token: supplyOnly })).statusCode).toBe(403);
    expect((await put('customers', { records: [customer(customerNo())] }, { token: 'kpat_nothing' })).statusCode).toBe(401);
  });

  it("refuses tenant A's token on tenant B's host and does not see B's customers from A", async () => {
    const res = await put('customers', { records: [customer(customerNo())] }, { on: other });
    expect(res.statusCode).toBe(401);
    const number = customerNo();
    expect((await put('customers', { records: [customer(number)] }, { on: other, token: otherToken })).statusCode).toBe(200);
    const premise = await put('premises', { records: [{ externalId: `P-${number}`, customerNumber: number, street: 'A', houseNumber: '1', postalCode: '12345', city: 'X', country: 'DE' }] });
    expect(premise.statusCode).toBe(422);
    expect(premise.json().errors[0]).toMatchObject({ index: 0, field: 'customerNumber', code: 'unknown_reference' });
  });
});

describe('Idempotency-Key', () => {
  it('answers a replay with the first response and refuses the key for another body', async () => {
    const number = customerNo();
    const first = await put('customers', { records: [customer(number)] }, { key: `key-${number}` });
    expect(first.statusCode).toBe(200);
    const replay = await put('customers', { records: [customer(number)] }, { key: `key-${number}` });
    expect(replay.statusCode).toBe(200);
    expect(replay.body).toBe(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const reused = await put('customers', { records: [customer(number, { city: 'Anders' })] }, { key: `key-${number}` });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('idempotency_key_reused');
    expect((await put('customers', { records: [customer(number)] }, { key: 'bad key with spaces' })).statusCode).toBe(400);
  });

  it('lets a refused batch be sent again under the same key once it is fixed', async () => {
    const number = customerNo();
    expect((await put('customers', { records: [customer(number, { postalCode: 'x' })] }, { key: `fix-${number}` })).statusCode).toBe(422);
    expect((await put('customers', { records: [customer(number)] }, { key: `fix-${number}` })).statusCode).toBe(200);
  });

  it('has one effect for 20 parallel identical submits', async () => {
    const number = customerNo();
    const body = {
      records: [{ externalId: `TX-${number}`, customerNumber: number, bookingDate: '2026-02-15', kind: 'payment', description: 'Zahlung', amountCents: -8000 }],
    };
    expect((await put('customers', { records: [customer(number)] })).statusCode).toBe(200);
    const answers = await Promise.all(Array.from({ length: 20 }, () => put('transactions', body, { key: `parallel-${number}` })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array.from({ length: 20 }, () => 200));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers[0]?.json()).toMatchObject({ created: 1 });
    const rows = await withTenant(database, tenant.id, (trx) => trx.selectFrom('account_transactions').select('id').where('external_id', '=', `TX-${number}`).execute());
    expect(rows).toHaveLength(1);
  });
});

describe('supply', () => {
  it('checks the MaLo-ID with the BDEW check digit (not Luhn) and premise references', async () => {
    const number = customerNo();
    await put('customers', { records: [customer(number)] });
    const premise = (externalId: string, maloId: string | null) => ({ externalId, customerNumber: number, street: 'Lindenweg', houseNumber: '3', postalCode: '12345', city: 'Teststadt', country: 'DE', maloId });
    const res = await put('premises', { records: [premise(`A-${number}`, '51238696781'), premise(`B-${number}`, '51238696788'), premise(`C-${number}`, '12345')] });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: Array<{ index: number; code: string }> }>().errors.map((e) => [e.index, e.code])).toEqual([
      [1, 'check_digit'],
      [2, 'format'],
    ]);
    const ok = await put('premises', { records: [premise(`A-${number}`, '51238696781'), premise(`B-${number}`, null)] });
    expect(ok.json()).toMatchObject({ created: 2 });
  });

  it('exchanges a meter: the old one gets removedOn, the new one is installed at the same premise; readings go to the meter of their day', async () => {
    const number = customerNo();
    await put('customers', { records: [customer(number)] });
    await put('premises', { records: [{ externalId: `P-${number}`, customerNumber: number, street: 'Weg', houseNumber: '1', postalCode: '12345', city: 'X', country: 'DE' }] });
    const register = [{ obis: '1-0:1.8.0', unit: 'kWh', digits: 6 }];
    const old = { meterNumber: `OLD${number}`, premiseId: `P-${number}`, division: 'electricity', installedOn: '2020-01-01', registers: register };
    expect((await put('meters', { records: [old] })).json()).toMatchObject({ created: 1 });
    const exchange = await put('meters', { records: [{ ...old, removedOn: '2026-01-10' }, { ...old, meterNumber: `NEW${number}`, installedOn: '2026-01-10' }] });
    expect(exchange.json()).toMatchObject({ created: 1, updated: 1 });
    const readings = await put('readings', {
      records: [
        { meterNumber: `OLD${number}`, obis: '1-0:1.8.0', readOn: '2026-01-10', value: '4711.5', reason: 'meter_removed' },
        { meterNumber: `NEW${number}`, obis: '1-0:1.8.0', readOn: '2026-01-10', value: '0', reason: 'meter_installed' },
        { meterNumber: `OLD${number}`, obis: '1-0:1.8.0', readOn: '2026-02-01', value: '4800' },
        { meterNumber: `NEW${number}`, obis: '1-0:2.8.0', readOn: '2026-02-01', value: '1' },
        { meterNumber: `NEW${number}`, obis: '1-0:1.8.0', readOn: '2026-02-02', value: '1234567' },
      ],
    });
    expect(readings.statusCode).toBe(422);
    expect(readings.json<{ errors: Array<{ index: number; field: string; code: string }> }>().errors.map((e) => [e.index, e.field, e.code])).toEqual([
      [2, 'meterNumber', 'unknown_reference'],
      [3, 'obis', 'unknown_reference'],
      [4, 'value', 'too_many_digits'],
    ]);
    const good = { records: readingsBody(number) };
    expect((await put('readings', good)).json()).toMatchObject({ created: 2 });
    expect((await put('readings', good)).json()).toMatchObject({ unchanged: 2 });
  });
});

function readingsBody(number: string) {
  return [
    { meterNumber: `OLD${number}`, obis: '1-0:1.8.0', readOn: '2026-01-10', value: '4711.5', reason: 'meter_removed' },
    { meterNumber: `NEW${number}`, obis: '1-0:1.8.0', readOn: '2026-01-10', value: '0', reason: 'meter_installed' },
  ];
}

describe('billing documents', () => {
  it('refuses a document that is not a PDF and one whose customer is unknown', async () => {
    const number = customerNo();
    await put('customers', { records: [customer(number)] });
    const doc = (externalId: string, content: Buffer, customerNumber = number) => ({ externalId, customerNumber, kind: 'letter', title: 'Brief', fileName: 'brief.pdf', contentBase64: content.toString('base64') });
    const res = await put('documents', { records: [doc(`D1-${number}`, PDF), doc(`D2-${number}`, Buffer.from('<html>')), doc(`D3-${number}`, PDF, '49999999')] });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: Array<{ index: number; code: string }> }>().errors.map((e) => [e.index, e.code])).toEqual([
      [1, 'not_pdf'],
      [2, 'unknown_reference'],
    ]);
  });
});

describe('end to end', () => {
  it('imports a customer with premise, meter, tariff, contract, instalment plan and an invoice with PDF; the customer registers and sees the invoice', async () => {
    const number = customerNo();
    const meterNumber = `1EMH00${number}`;
    const steps: Array<[string, unknown[]]> = [
      ['customers', [customer(number, { email: 'import@example.org' })]],
      ['premises', [{ externalId: `ANL-${number}`, customerNumber: number, street: 'Lindenweg', houseNumber: '3', postalCode: '12345', city: 'Teststadt', country: 'DE', maloId: '41373559241' }]],
      ['tariffs', [{ code: 'STROM-BASIS', validFrom: '2025-01-01', name: 'Strom Basis', division: 'electricity', energyPriceCt: '28.45', basePriceCentsPerYear: 12000 }]],
      ['contracts', [{ contractNumber: `V-${number}`, customerNumber: number, premiseId: `ANL-${number}`, tariffCode: 'STROM-BASIS', division: 'electricity', startDate: '2025-01-01', annualForecast: 2500 }]],
      ['meters', [{ meterNumber, premiseId: `ANL-${number}`, division: 'electricity', installedOn: '2020-03-01', registers: [{ obis: '1-0:1.8.0', unit: 'kWh', digits: 6 }] }]],
      ['readings', [{ meterNumber, obis: '1-0:1.8.0', readOn: '2025-12-31', value: '12345.6', reason: 'billing' }]],
      ['instalment-plans', [{ externalId: `AB-${number}`, contractNumber: `V-${number}`, amountCents: 8000, validFrom: '2026-02-15' }]],
      [
        'invoices',
        [
          {
            invoiceNumber: `R-${number}`,
            customerNumber: number,
            kind: 'annual',
            invoiceDate: '2026-01-20',
            periodStart: '2025-01-01',
            periodEnd: '2025-12-31',
            netCents: 80000,
            vatCents: 15200,
            grossCents: 95200,
            instalmentsPaidCents: 88000,
            balanceCents: 7200,
            dueDate: '2026-02-05',
            document: { externalId: `DOC-${number}`, title: 'Jahresrechnung 2025', fileName: `Rechnung_${number}.pdf`, contentBase64: PDF.toString('base64') },
          },
        ],
      ],
      ['transactions', [{ externalId: `BU-${number}`, customerNumber: number, bookingDate: '2026-01-20', dueDate: '2026-02-05', kind: 'invoice', description: 'Jahresrechnung 2025', amountCents: 7200, invoiceNumber: `R-${number}` }]],
    ];
    for (const [entity, records] of steps) {
      const res = await put(entity, { records });
      expect(res.statusCode, `${entity}: ${res.body}`).toBe(200);
      expect(res.json().created, entity).toBe(records.length);
    }
    for (const [entity, records] of steps) {
      expect((await put(entity, { records })).json(), entity).toMatchObject({ created: 0, updated: 0, unchanged: records.length });
    }

    const call = caller(app, tenant);
    const email = `kunde.${number}@example.com`;
    const password = 'Leuchtturm im Nebel 7';
    const registered = await call('POST', '/api/v1/auth/register', { body: { method: 'customer_meter', customerNumber: number, meterNumber, email, password, locale: 'de' } });
    expect(registered.statusCode, registered.body).toBe(202);
    const [mail] = await mailsTo(database, tenant, email);
    expect((await call('POST', '/api/v1/auth/activate', { body: { token: tokenFromMail(mail!.text) } })).statusCode).toBe(200);
    const login = await call('POST', '/api/v1/auth/login', { body: { identifier: email, password } });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = sessionCookieOf(login);
    const documents = await call('GET', '/api/v1/customer/documents', { cookie });
    expect(documents.statusCode, documents.body).toBe(200);
    const list = documents.json<{ documents: Array<{ id: string; title: string; invoice: { number: string } | null }> }>();
    expect(JSON.stringify(list)).toContain(`R-${number}`);
    const doc = list.documents.find((d) => d.title === 'Jahresrechnung 2025');
    expect(doc).toBeDefined();
    const file = await call('GET', `/api/v1/customer/documents/${doc!.id}/file`, { cookie });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The other tenant knows nothing of it.
    expect(await count(other, 'invoices')).toBe(0);
  });
});
