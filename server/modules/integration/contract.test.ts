// Contract tests of the integration API against the OpenAPI document the app serves (issue 5 "API
// contract tests checked against the OpenAPI spec"; SECURITY REL-04): a billing system's whole day
// through every operation, each answer checked against its documented status and schema, and
// request bodies generated from valid ones and mutated field by field: what the documented schema
// refuses the server refuses with a 4xx problem and changes nothing; nothing ever answers 5xx.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTEGRATION_SCOPES } from '../../../api/integration.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { tenantFingerprint } from '../../../test/fingerprint.ts';
import { createTenant, hostOf } from '../../../test/factories.ts';
import { mutationsOf, OpenApiContract, type OpenApiDocument } from '../../../test/openapi-contract.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { createRequest } from '../requests/requests.service.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { createClient } from './clients.service.ts';
import { buildIntegrationTestApp, deliverWebhooks, startReceiver } from './events.test-support.ts';

type Json = Parameters<typeof mutationsOf>[0];
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const now = new Date('2026-05-04T08:00:00Z');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
const NUMBER = '41234567';
const METER = '1EMH0012345678';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let contract: OpenApiContract;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let token = '';
const violations: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  app = await buildIntegrationTestApp(database, () => now);
  receiver = await startReceiver();
  const spec = await app.inject({ url: '/api/openapi.json', headers: { host: hostOf(tenant) } });
  contract = new OpenApiContract(spec.json<OpenApiDocument>(), '/api/v1/integration/');
});
afterAll(async () => {
  await receiver.close();
  await app.close();
  await database.close();
});

/** A call through the app, checked against the contract. */
async function call(method: Method, url: string, options: { body?: unknown; raw?: string; type?: string; auth?: string | null; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
  const auth = options.auth === undefined ? token : options.auth;
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const res = await app.inject({
    method,
    url,
    headers: {
      host: hostOf(tenant),
      ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      ...(payload === undefined ? {} : { 'content-type': options.type ?? 'application/json' }),
      ...options.headers,
    },
    ...(payload === undefined ? {} : { payload }),
  });
  violations.push(...contract.violations(method, url, res));
  return res;
}

async function signIn(scopes: readonly string[]): Promise<string> {
  const created = await withTenant(database, tenant.id, (trx) => createClient(trx, tenant.id, { name: `Abrechnung ${scopes.length}`, scopes: [...scopes] as never, createdBy: 'test' }));
  const wrong = await call('POST', '/api/v1/integration/oauth/token', { auth: null, body: { grant_type: 'client_credentials', client_id: created.clientId, client_secret: 'not-the-secret' } });
  expect(wrong.statusCode).toBe(401);
  const res = await call('POST', '/api/v1/integration/oauth/token', { auth: null, body: { grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ access_token: string }>().access_token;
}

/** Valid bodies of each JSON operation, as the billing system sends them (the base of the mutations). */
const valid: Array<{ method: Method; url: string; body: Json }> = [
  { method: 'PUT', url: '/api/v1/integration/customers', body: { records: [{ customerNumber: NUMBER, kind: 'person', firstName: 'Erika', lastName: 'Mustermann', street: 'Hauptstraße', houseNumber: '5', postalCode: '12345', city: 'Teststadt', country: 'DE' }] } },
  { method: 'PUT', url: '/api/v1/integration/premises', body: { records: [{ externalId: 'ANL-1', customerNumber: NUMBER, street: 'Hauptstraße', houseNumber: '5', postalCode: '12345', city: 'Teststadt', country: 'DE', maloId: '51238696781' }] } },
  { method: 'PUT', url: '/api/v1/integration/tariffs', body: { records: [{ code: 'STROM', validFrom: '2025-01-01', name: 'Stadtstrom', division: 'electricity', energyPriceCt: '31.20', basePriceCentsPerYear: 14400 }] } },
  { method: 'PUT', url: '/api/v1/integration/contracts', body: { records: [{ contractNumber: 'V-1', customerNumber: NUMBER, premiseId: 'ANL-1', tariffCode: 'STROM', division: 'electricity', startDate: '2025-01-01', annualForecast: 2500 }] } },
  { method: 'PUT', url: '/api/v1/integration/meters', body: { records: [{ meterNumber: METER, premiseId: 'ANL-1', division: 'electricity', installedOn: '2020-03-01', registers: [{ obis: '1-0:1.8.0', unit: 'kWh', digits: 6 }] }] } },
  { method: 'PUT', url: '/api/v1/integration/readings', body: { records: [{ meterNumber: METER, obis: '1-0:1.8.0', readOn: '2026-01-01', value: '10000', reason: 'billing' }] } },
  { method: 'PUT', url: '/api/v1/integration/instalment-plans', body: { records: [{ externalId: 'AB-1', contractNumber: 'V-1', amountCents: 8000, validFrom: '2026-02-15' }] } },
  {
    method: 'PUT',
    url: '/api/v1/integration/invoices',
    body: {
      records: [
        {
          invoiceNumber: 'R-2026-1',
          customerNumber: NUMBER,
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
          document: { externalId: 'DOC-1', title: 'Jahresrechnung 2025', fileName: 'Rechnung.pdf', contentBase64: PDF },
        },
      ],
    },
  },
  { method: 'PUT', url: '/api/v1/integration/transactions', body: { records: [{ externalId: 'BU-1', customerNumber: NUMBER, bookingDate: '2026-01-20', dueDate: '2026-02-05', kind: 'invoice', description: 'Jahresrechnung 2025', amountCents: 7200, invoiceNumber: 'R-2026-1' }] } },
  { method: 'PUT', url: '/api/v1/integration/documents', body: { records: [{ externalId: 'DOC-2', customerNumber: NUMBER, kind: 'letter', title: 'Brief', fileName: 'brief.pdf', contentBase64: PDF }] } },
];

describe('integration API contract', () => {
  it('answers every operation as documented, through a billing system’s day', async () => {
    token = await signIn(INTEGRATION_SCOPES);
    const narrow = await signIn(['readings:read']);

    // Imports: each entity, then a replay with the same key, a refused record, and the refusals
    // before any work (no token, missing scope, malformed key, oversized body).
    for (const { method, url, body } of valid) {
      const res = await call(method, url, { body, headers: { 'idempotency-key': `contract-${url}` } });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    }
    const replay = await call('PUT', '/api/v1/integration/customers', { body: valid[0]?.body, headers: { 'idempotency-key': 'contract-/api/v1/integration/customers' } });
    expect(replay.statusCode).toBe(200);
    expect((await call('PUT', '/api/v1/integration/customers', { body: { records: [{ customerNumber: NUMBER }] } })).statusCode).toBe(422);
    expect((await call('PUT', '/api/v1/integration/customers', { body: valid[0]?.body, headers: { 'idempotency-key': 'contract-/api/v1/integration/customers' }, auth: token })).statusCode).toBe(200);
    expect((await call('PUT', '/api/v1/integration/meters', { body: valid[4]?.body, auth: null })).statusCode).toBe(401);
    expect((await call('PUT', '/api/v1/integration/meters', { body: valid[4]?.body, auth: narrow })).statusCode).toBe(403);
    expect((await call('PUT', '/api/v1/integration/meters', { body: valid[4]?.body, headers: { 'idempotency-key': 'with space' } })).statusCode).toBe(400);
    expect((await call('PUT', '/api/v1/integration/customers', { raw: JSON.stringify({ records: [{ lastName: 'A'.repeat(6 * 1024 * 1024) }] }) })).statusCode).toBe(413);

    // Interval data: CSV accepted, a bad value refused with its position, an unknown type refused.
    const csv = `meter_number;obis;start;value\n${METER};1-0:1.8.0;2026-05-01T00:00:00+02:00;0,250\n`;
    expect((await call('POST', '/api/v1/integration/interval-data', { raw: csv, type: 'text/csv' })).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/integration/interval-data', { raw: csv.replace('0,250', 'viel'), type: 'text/csv' })).statusCode).toBe(422);
    expect((await call('POST', '/api/v1/integration/interval-data', { raw: '<xml/>', type: 'application/xml' })).statusCode).toBe(415);
    expect((await call('POST', '/api/v1/integration/interval-data', { raw: csv.replace(METER, `${METER}\u0000`), type: 'text/csv' })).statusCode).toBe(422);
    // PostgreSQL text holds no NUL character: refused before any statement, with the field.
    const nul = await call('PUT', '/api/v1/integration/customers', { raw: JSON.stringify(valid[0]?.body).replace('Erika', 'Er\\u0000ika') });
    expect(nul.statusCode).toBe(400);
    expect(nul.json()).toMatchObject({ errors: [{ field: 'records.0.firstName' }] });

    // The export feed: a customer's message, read, acknowledged, answered with a status.
    const customer = await withTenant(database, tenant.id, (trx) => trx.selectFrom('customers').select('id').where('customer_number', '=', NUMBER).executeTakeFirstOrThrow());
    const request = await withTenant(database, tenant.id, (trx) =>
      createRequest(trx, tenant, {
        customerId: customer.id,
        loginId: null,
        premiseId: null,
        kind: 'message',
        subject: 'Frage zur Rechnung',
        payload: { text: 'Bitte rufen Sie mich an.', phone: '0123 4567' },
        attachments: [],
        idempotencyKey: null,
        actor: { type: 'staff', id: null },
        locale: 'de',
        now,
      }),
    );
    const feed = await call('GET', '/api/v1/integration/events');
    expect(feed.statusCode, feed.body).toBe(200);
    expect((await call('GET', '/api/v1/integration/events?limit=0')).statusCode).toBe(400);
    const cursor = feed.json<{ next_cursor: string }>().next_cursor;
    expect((await call('POST', '/api/v1/integration/events/ack', { body: { cursor } })).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/integration/events/ack', { body: { cursor: '999999' } })).statusCode).toBe(422);
    expect((await call('POST', `/api/v1/integration/requests/${request.reference}/status`, { body: { status: 'in_progress' } })).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/integration/requests/${request.reference}/status`, { body: { status: 'rejected' } })).statusCode).toBe(400);
    expect((await call('POST', '/api/v1/integration/requests/A-2026-999999/status', { body: { status: 'done' } })).statusCode).toBe(404);

    // Webhooks: subscribe, read, change, test, deliveries, delete.
    const created = await call('POST', '/api/v1/integration/webhooks', { body: { url: receiver.url, event_types: ['request.status_changed'] } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    expect((await call('GET', '/api/v1/integration/webhooks')).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/integration/webhooks/${id}`)).statusCode).toBe(200);
    expect((await call('PATCH', `/api/v1/integration/webhooks/${id}`, { body: { description: 'Abrechnung', rotate_secret: true } })).statusCode).toBe(200);
    expect((await call('PATCH', `/api/v1/integration/webhooks/${id}`, { body: { url: 'ftp://example.org/hook' } })).statusCode).toBe(400);
    expect((await call('POST', `/api/v1/integration/webhooks/${id}/test`)).statusCode).toBe(202);
    await deliverWebhooks(database);
    const deliveries = await call('GET', `/api/v1/integration/webhooks/${id}/deliveries`);
    expect(deliveries.statusCode).toBe(200);
    expect(JSON.stringify(deliveries.json())).toContain('success');
    expect((await call('GET', `/api/v1/integration/webhooks/${randomUUID()}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/integration/webhooks/${id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/v1/integration/webhooks/${id}`)).statusCode).toBe(404);

    expect(violations).toEqual([]);
    expect(contract.operationKeys.filter((key) => !contract.covered.has(key))).toEqual([]);
  });

  it('refuses bodies its own schema refuses with a 4xx problem and changes nothing; never answers 5xx', async () => {
    const webhook = await call('POST', '/api/v1/integration/webhooks', { body: { url: receiver.url, event_types: ['reading.submitted'] } });
    const reference = (await withTenant(database, tenant.id, (trx) => trx.selectFrom('customer_requests').select('reference').executeTakeFirstOrThrow())).reference;
    const targets: Array<{ method: Method; url: string; body: Json }> = [
      ...valid,
      { method: 'POST', url: '/api/v1/integration/events/ack', body: { cursor: '0' } },
      { method: 'POST', url: `/api/v1/integration/requests/${reference}/status`, body: { status: 'in_progress' } },
      { method: 'POST', url: '/api/v1/integration/webhooks', body: { url: receiver.url, description: 'Abrechnung', event_types: ['reading.submitted'] } },
      { method: 'PATCH', url: `/api/v1/integration/webhooks/${webhook.json<{ id: string }>().id}`, body: { description: 'x', active: true, event_types: ['reading.submitted'] } },
    ];
    const before = await tenantFingerprint(database, tenant);
    const unexpected: string[] = [];
    let refused = 0;
    const accepted: Array<{ method: Method; url: string; label: string; body: Json }> = [];
    for (const { method, url, body } of targets) {
      for (const mutation of mutationsOf(body)) {
        if (contract.acceptsRequest(method, url, mutation.body)) {
          accepted.push({ method, url, ...mutation });
          continue;
        }
        const res = await call(method, url, { body: mutation.body });
        refused += 1;
        if (res.statusCode < 400 || res.statusCode >= 500 || !String(res.headers['content-type']).startsWith('application/problem+json')) {
          unexpected.push(`${method} ${url} ${mutation.label}: ${String(res.statusCode)} ${res.body.slice(0, 160)}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
    expect(refused).toBeGreaterThan(300);
    expect(await tenantFingerprint(database, tenant)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Bodies the schema allows (a field left out, a text with markup) may be taken or refused by
    // the domain rules, but never with a 5xx.
    for (const { method, url, label, body } of accepted) {
      const res = await call(method, url, { body });
      if (res.statusCode >= 500) unexpected.push(`${method} ${url} ${label}: ${String(res.statusCode)} ${res.body.slice(0, 160)}`);
    }
    expect(unexpected).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('would notice an undocumented status, a body off its schema and an unknown route', () => {
    const fake = (statusCode: number, body: unknown) =>
      ({ statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), json: () => body }) as unknown as LightMyRequestResponse;
    expect(contract.violations('GET', '/api/v1/integration/webhooks', fake(200, { webhooks: 'none' }))).not.toEqual([]);
    expect(contract.violations('GET', '/api/v1/integration/webhooks', fake(418, {}))).toEqual([expect.stringContaining('status 418 is not documented')]);
    expect(contract.violations('GET', '/api/v1/integration/nothing-here', fake(200, {}))).toEqual([expect.stringContaining('not in the OpenAPI document')]);
  });
});
