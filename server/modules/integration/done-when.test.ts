// Issue 5, done when: the billing system, with a client-credentials token, imports a new customer with
// meter and invoice; that customer registers, submits a reading, and the reading appears in the export
// feed and as a signed webhook delivery. One path through the real routes, nothing from fixtures.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TEventFeed } from '../../../api/integration-events.ts';
import type { TReadingSubmission } from '../../../api/readings.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { createTenant, hostOf, mailsTo, tokenFromMail } from '../../../test/factories.ts';
import { caller, sessionCookieOf } from '../../../test/http.ts';
import type { Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { buildIntegrationTestApp, clientToken, deliverWebhooks, startReceiver } from './events.test-support.ts';
import { verifyWebhook } from './webhooks.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const now = new Date('2026-05-04T08:00:00Z');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  app = await buildIntegrationTestApp(database, () => now);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await app.close();
  await database.close();
});

it('billing import -> registration -> reading -> export feed and webhook', async () => {
  const { token } = await clientToken(app, database, tenant, ['customers:write', 'supply:write', 'readings:write', 'billing:write', 'readings:read', 'webhooks:manage']);
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, key?: string) =>
    app.inject({
      method,
      url,
      headers: { host: hostOf(tenant), authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(key ? { 'idempotency-key': key } : {}) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });

  // 1. The billing system subscribes a webhook and imports the customer with meter and invoice.
  const hook = await api('POST', '/api/v1/integration/webhooks', { url: receiver.url, event_types: ['reading.submitted'] });
  expect(hook.statusCode, hook.body).toBe(201);
  const secret = hook.json<{ secret: string }>().secret;
  const number = '41234567';
  const meterNumber = '1EMH0012345678';
  const batches: Array<[string, unknown[]]> = [
    ['customers', [{ customerNumber: number, kind: 'person', firstName: 'Erika', lastName: 'Mustermann', street: 'Hauptstraße', houseNumber: '5', postalCode: '12345', city: 'Teststadt', country: 'DE' }]],
    ['premises', [{ externalId: 'ANL-1', customerNumber: number, street: 'Hauptstraße', houseNumber: '5', postalCode: '12345', city: 'Teststadt', country: 'DE', maloId: '51238696781' }]],
    ['tariffs', [{ code: 'STROM', validFrom: '2025-01-01', name: 'Stadtstrom', division: 'electricity', energyPriceCt: '31.20', basePriceCentsPerYear: 14400 }]],
    ['contracts', [{ contractNumber: 'V-1', customerNumber: number, premiseId: 'ANL-1', tariffCode: 'STROM', division: 'electricity', startDate: '2025-01-01', annualForecast: 2500 }]],
    ['meters', [{ meterNumber, premiseId: 'ANL-1', division: 'electricity', installedOn: '2020-03-01', registers: [{ obis: '1-0:1.8.0', unit: 'kWh', digits: 6 }] }]],
    ['readings', [{ meterNumber, obis: '1-0:1.8.0', readOn: '2026-01-01', value: '10000', reason: 'billing' }]],
    [
      'invoices',
      [
        {
          invoiceNumber: 'R-2026-1',
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
          document: { externalId: 'DOC-1', title: 'Jahresrechnung 2025', fileName: 'Rechnung.pdf', contentBase64: PDF.toString('base64') },
        },
      ],
    ],
  ];
  for (const [entity, records] of batches) {
    const res = await api('PUT', `/api/v1/integration/${entity}`, { records }, `import-${entity}`);
    expect(res.statusCode, `${entity}: ${res.body}`).toBe(200);
  }

  // 2. The customer registers with customer number + meter number (typed with spaces), activates, signs in.
  const call = caller(app, tenant);
  const email = 'erika.mustermann@example.org';
  const password = 'Leuchtturm im Nebel 7';
  const registered = await call('POST', '/api/v1/auth/register', { body: { method: 'customer_meter', customerNumber: number, meterNumber: '1 EMH 0012 3456 78', email, password, locale: 'de' } });
  expect(registered.statusCode, registered.body).toBe(202);
  const [mail] = await mailsTo(database, tenant, email);
  expect((await call('POST', '/api/v1/auth/activate', { body: { token: tokenFromMail(mail!.text) } })).statusCode).toBe(200);
  const cookie = sessionCookieOf(await call('POST', '/api/v1/auth/login', { body: { identifier: email, password } }));
  expect(JSON.stringify((await call('GET', '/api/v1/customer/documents', { cookie })).json())).toContain('R-2026-1');

  // 3. The customer submits a reading.
  const meters = (await call('GET', '/api/v1/customer/meters', { cookie })).json<Array<{ id: string; meterNumber: string; registers: Array<{ id: string }> }>>();
  const meter = meters.find((m) => m.meterNumber === meterNumber);
  expect(meter).toBeDefined();
  const submitted = await call('POST', `/api/v1/customer/meters/${meter!.id}/readings`, {
    cookie,
    body: { readOn: '2026-05-04', readings: [{ registerId: meter!.registers[0]!.id, value: '10.850' }], idempotencyKey: 'done-when-reading-1', comment: 'Selbst abgelesen.' },
  });
  expect(submitted.statusCode, submitted.body).toBe(201);
  const submission = submitted.json<TReadingSubmission>();

  // 4. It is in the export feed ...
  const feed = (await api('GET', '/api/v1/integration/events?types=reading.submitted')).json<TEventFeed>();
  expect(feed.events).toEqual([expect.objectContaining({ type: 'reading.submitted', data: expect.objectContaining({ submission_id: submission.id, customer_number: number, meter_number: meterNumber }) as unknown })]);

  // 5. ... and delivered to the webhook, signed.
  expect(await deliverWebhooks(database)).toBe(1);
  const [got] = receiver.received;
  const header = (name: string) => {
    const value = got!.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  expect(verifyWebhook(secret, { id: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature') }, got!.body, Math.floor(Date.now() / 1000))).toBe(true);
  expect(JSON.parse(got!.body)).toMatchObject({ type: 'reading.submitted', data: { submission_id: submission.id } });
});
