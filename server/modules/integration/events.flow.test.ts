// Done when: a customer registers, submits a reading through the portal, and the reading appears in
// the export feed and as a signed webhook delivery to the billing system's receiver.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TEventFeed, TIntegrationEvent } from '../../../api/integration-events.ts';
import type { TReadingSubmission } from '../../../api/readings.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { createTenant, hostOf } from '../../../test/factories.ts';
import { caller, signedInCustomer } from '../../../test/http.ts';
import { addSupply } from '../../../test/supply.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { expectedBetween, parseDay } from '../readings/profile.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { createClient } from './clients.service.ts';
import { buildIntegrationTestApp, clientToken, deliverWebhooks, startReceiver, webhookDeps } from './events.test-support.ts';
import { createWebhook, verifyWebhook } from './webhooks.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const now = new Date('2026-05-04T08:00:00Z');
let bearer = '';

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  app = await buildIntegrationTestApp(database, () => now);
  receiver = await startReceiver();
  bearer = `Bearer ${(await clientToken(app, database, tenant, ['readings:read', 'requests:read', 'webhooks:manage'])).token}`;
});
afterAll(async () => {
  await receiver.close();
  await app.close();
  await database.close();
});

it('a reading submitted by a newly registered customer reaches the feed and the webhook receiver', async () => {
  const subscription = await withTenant(database, tenant.id, (trx) =>
    createWebhook(trx, tenant.id, { url: receiver.url, event_types: ['reading.submitted'] }, { type: 'staff', id: 'admin' }, webhookDeps, { now }),
  );
  const call = caller(app, tenant);
  const customer = await signedInCustomer(database, call, tenant, 1, 'Leuchtturm im Nebel 7');
  const supply = await addSupply(database, tenant, customer.customerId, { maloId: '51238696781' });
  const registerId = supply.registerIds[0]!;
  await withTenant(database, tenant.id, (trx) =>
    trx
      .insertInto('meter_readings')
      .values({ tenant_id: tenant.id, register_id: registerId, read_on: '2026-01-01', value: '10000.000', source: 'utility', status: 'accepted', reason: 'billing' })
      .execute(),
  );
  const expected = expectedBetween(2_500_000, 'electricity', parseDay('2026-01-01') ?? 0, parseDay('2026-05-04') ?? 0, 'Europe/Berlin') / 1000;
  const value = new Intl.NumberFormat('de-DE').format(Math.round(10_000 + expected));

  const submitted = await call('POST', `/api/v1/customer/meters/${supply.meterId}/readings`, {
    cookie: customer.cookie,
    body: { readOn: '2026-05-04', readings: [{ registerId, value }], idempotencyKey: 'flow-reading-0001' },
  });
  expect(submitted.statusCode, submitted.body).toBe(201);
  const submission = submitted.json<TReadingSubmission>();
  expect(submission.status).toBe('accepted');

  const res = await app.inject({ method: 'GET', url: '/api/v1/integration/events?types=reading.submitted', headers: { host: hostOf(tenant), authorization: bearer } });
  expect(res.statusCode, res.body).toBe(200);
  const feed = res.json<TEventFeed>();
  expect(feed.events).toHaveLength(1);
  const event = feed.events[0]!;
  const meterNumber = (await withTenant(database, tenant.id, (trx) => trx.selectFrom('meters').select('meter_number').where('id', '=', supply.meterId).executeTakeFirstOrThrow())).meter_number;
  expect(event).toMatchObject({
    type: 'reading.submitted',
    occurred_at: now.toISOString(),
    subject: { type: 'reading_submission', id: submission.id },
    data: {
      submission_id: submission.id,
      customer_number: customer.customerNumber,
      meter_number: meterNumber,
      premise: { id: supply.premiseId, malo_id: '51238696781' },
      read_on: '2026-05-04',
      status: 'accepted',
      source: 'customer',
      plausibility: { outcome: 'ok', findings: [] },
      registers: [{ register_id: registerId, obis: '1-0:1.8.0', unit: 'kWh', value: submission.readings[0]!.value }],
      request_reference: null,
    },
  });
  // A repeated submit (same idempotency key) answers the first result and records nothing new.
  const again = await call('POST', `/api/v1/customer/meters/${supply.meterId}/readings`, {
    cookie: customer.cookie,
    body: { readOn: '2026-05-04', readings: [{ registerId, value }], idempotencyKey: 'flow-reading-0001' },
  });
  expect(again.statusCode).toBe(200);

  expect(await deliverWebhooks(database)).toBe(1);
  expect(receiver.received).toHaveLength(1);
  const [got] = receiver.received;
  const header = (name: string) => {
    const value = got!.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  expect(verifyWebhook(subscription.secret, { id: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature') }, got!.body, Math.floor(Date.now() / 1000))).toBe(true);
  expect(JSON.parse(got!.body) as TIntegrationEvent).toEqual(event);

  const ack = await app.inject({
    method: 'POST',
    url: '/api/v1/integration/events/ack',
    headers: { host: hostOf(tenant), authorization: bearer, 'content-type': 'application/json' },
    payload: JSON.stringify({ cursor: feed.next_cursor }),
  });
  expect(ack.statusCode).toBe(200);
  const resumed = await app.inject({ method: 'GET', url: '/api/v1/integration/events', headers: { host: hostOf(tenant), authorization: bearer } });
  expect(resumed.json<TEventFeed>().events).toEqual([]);
});

it('serves the feed and webhooks to a billing system signed in with OAuth2 client credentials', async () => {
  const real = app;
  {
    const created = await withTenant(database, tenant.id, (trx) => createClient(trx, tenant.id, { name: 'SAP IS-U', scopes: ['readings:read', 'webhooks:manage'], createdBy: 'admin', now }));
    const token = await real.inject({
      method: 'POST',
      url: '/api/v1/integration/oauth/token',
      headers: { host: hostOf(tenant), 'content-type': 'application/json' },
      payload: JSON.stringify({ grant_type: 'client_credentials', client_id: created.clientId, client_secret: created.clientSecret }),
    });
    expect(token.statusCode, token.body).toBe(200);
    const own = `Bearer ${token.json<{ access_token: string }>().access_token}`;
    const feed = await real.inject({ method: 'GET', url: '/api/v1/integration/events?after=0', headers: { host: hostOf(tenant), authorization: own } });
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.json<TEventFeed>().events.map((e) => e.type)).toEqual(['reading.submitted']);
    expect((await real.inject({ method: 'GET', url: '/api/v1/integration/events?types=request.created', headers: { host: hostOf(tenant), authorization: own } })).statusCode).toBe(403);
    const hooks = await real.inject({ method: 'GET', url: '/api/v1/integration/webhooks', headers: { host: hostOf(tenant), authorization: own } });
    expect(hooks.statusCode, hooks.body).toBe(200);
    expect((await real.inject({ method: 'GET', url: '/api/v1/integration/events', headers: { host: hostOf(tenant) } })).statusCode).toBe(401);
  }
});
