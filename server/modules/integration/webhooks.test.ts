// Webhooks: subscriptions (secret once, sealed at rest, URL rules), signed deliveries to a local
// receiver, retry after a 500, redirects not followed, timeouts, the delivery log, test events,
// inactive and other tenants' subscriptions, the management routes with scopes and bad input.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TIntegrationEvent, TWebhookDelivery, TWebhookWithSecret } from '../../../api/integration-events.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { createTenant, hostOf } from '../../../test/factories.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { recordIntegrationEvent } from './events.service.ts';
import { buildIntegrationTestApp, clientToken, deliverWebhooks, startReceiver, webhookDeps } from './events.test-support.ts';
import { createWebhook, listWebhookDeliveries, listWebhooks, sendTestEvent, signWebhook, verifyWebhook, webhookUrlProblem } from './webhooks.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const now = new Date('2026-05-04T08:00:00Z');
const staff = { type: 'staff' as const, id: 'staff-1' };

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  other = await createTenant(database);
  app = await buildIntegrationTestApp(database, () => now);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await app.close();
  await database.close();
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver.answers.length = 0;
  receiver.hang.on = false;
});

async function subscribe(on: Tenant, types: TWebhookWithSecret['event_types'] = ['request.created'], url = receiver.url): Promise<TWebhookWithSecret> {
  return withTenant(database, on.id, (trx) => createWebhook(trx, on.id, { url, event_types: types }, staff, webhookDeps, { now }));
}

async function record(on: Tenant, type: 'request.created' | 'reading.submitted', marker: string): Promise<string> {
  const event = await withTenant(database, on.id, (trx) =>
    recordIntegrationEvent(trx, on.id, { type, subject: { type: 'test', id: crypto.randomUUID() }, customerId: null, data: { marker }, now }),
  );
  return event.id;
}

async function deliveries(on: Tenant, subscriptionId: string): Promise<TWebhookDelivery[]> {
  return withTenant(database, on.id, (trx) => listWebhookDeliveries(trx, on.id, { subscriptionId, limit: 50 }));
}

/** Makes the retries of failed jobs due now (the outbox waits 10 s and more). */
async function makeRetriesDue(): Promise<void> {
  await database.db.updateTable('outbox').set({ run_at: new Date(Date.now() - 1000) }).where('status', '=', 'pending').execute();
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

describe('signing', () => {
  it('signs like Standard Webhooks and verifies only the right secret, body and a fresh timestamp', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    // The example of the Standard Webhooks specification.
    expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    const headers = { id: 'msg_1', timestamp: '1700000000', signature: signWebhook(secret, 'msg_1', 1700000000, '{"a":1}') };
    expect(verifyWebhook(secret, headers, '{"a":1}', 1700000010)).toBe(true);
    expect(verifyWebhook(secret, { ...headers, signature: `v1,bogus ${headers.signature}` }, '{"a":1}', 1700000010)).toBe(true);
    expect(verifyWebhook(secret, headers, '{"a":2}', 1700000010)).toBe(false);
    expect(verifyWebhook('whsec_' + Buffer.alloc(24, 1).toString('base64'), headers, '{"a":1}', 1700000010)).toBe(false);
    expect(verifyWebhook(secret, headers, '{"a":1}', 1700000000 + 301)).toBe(false);
    expect(verifyWebhook(secret, { ...headers, id: 'msg_2' }, '{"a":1}', 1700000010)).toBe(false);
    expect(verifyWebhook(secret, { ...headers, signature: undefined }, '{"a":1}', 1700000010)).toBe(false);
  });

  it('accepts https URLs, and http only to localhost outside production', () => {
    expect(webhookUrlProblem('https://billing.example/hooks', true)).toBeNull();
    expect(webhookUrlProblem('http://localhost:8080/hooks', false)).toBeNull();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hooks', false)).toBeNull();
    expect(webhookUrlProblem('http://localhost:8080/hooks', true)).toBe('https');
    expect(webhookUrlProblem('http://billing.example/hooks', false)).toBe('https');
    expect(webhookUrlProblem('https://localhost/hooks', true)).toBe('internal');
    expect(webhookUrlProblem('https://169.254.169.254/latest', true)).toBe('internal');
    expect(webhookUrlProblem('https://[::1]/hooks', true)).toBe('internal');
    expect(webhookUrlProblem('https://user:pw@billing.example/', true)).toBe('credentials');
    expect(webhookUrlProblem('ftp://billing.example/', false)).toBe('https');
    expect(webhookUrlProblem('billing.example/hooks', false)).toBe('invalid');
  });
});

describe('delivery', () => {
  it('POSTs the event with a valid signature; the secret is shown once and sealed at rest', async () => {
    const subscription = await subscribe(tenant);
    expect(subscription.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const listed = await withTenant(database, tenant.id, (trx) => listWebhooks(trx, tenant.id));
    expect(JSON.stringify(listed)).not.toContain(subscription.secret);
    const stored = await withTenant(database, tenant.id, (trx) =>
      trx.selectFrom('webhook_subscriptions').select('secret_sealed').where('id', '=', subscription.id).executeTakeFirstOrThrow(),
    );
    expect(stored.secret_sealed).not.toContain(subscription.secret.slice(6, 20));

    const eventId = await record(tenant, 'request.created', 'hello');
    await record(tenant, 'reading.submitted', 'not subscribed');
    expect(await deliverWebhooks(database)).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    const headers = { id: headerOf(got!.headers['webhook-id']), timestamp: headerOf(got!.headers['webhook-timestamp']), signature: headerOf(got!.headers['webhook-signature']) };
    expect(headers.id).toBe(eventId);
    expect(got!.headers['content-type']).toBe('application/json');
    expect(verifyWebhook(subscription.secret, headers, got!.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhook(subscription.secret, headers, got!.body.replace('hello', 'hallo'), Math.floor(Date.now() / 1000))).toBe(false);
    const body = JSON.parse(got!.body) as TIntegrationEvent;
    expect(body).toMatchObject({ id: eventId, type: 'request.created', data: { marker: 'hello' } });

    const log = await deliveries(tenant, subscription.id);
    expect(log.map((d) => [d.event_id, d.attempt, d.outcome, d.status_code, d.error])).toEqual([[eventId, 1, 'success', 200, null]]);
  });

  it('retries after a 500 with the same id and a fresh signature, and logs every attempt', async () => {
    const on = await createTenant(database);
    const subscription = await subscribe(on);
    const eventId = await record(on, 'request.created', 'retry me');
    receiver.answers.push(500);
    await deliverWebhooks(database);
    expect(receiver.received).toHaveLength(1);
    const job = await database.db.selectFrom('outbox').select(['status', 'attempts', 'last_error']).where('tenant_id', '=', on.id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    expect(job.last_error).toContain('HTTP 500');
    // Not due yet: the outbox backs off.
    expect(await deliverWebhooks(database)).toBe(0);

    await makeRetriesDue();
    await deliverWebhooks(database);
    expect(receiver.received).toHaveLength(2);
    for (const got of receiver.received) {
      const headers = { id: headerOf(got.headers['webhook-id']), timestamp: headerOf(got.headers['webhook-timestamp']), signature: headerOf(got.headers['webhook-signature']) };
      expect(headers.id).toBe(eventId);
      expect(verifyWebhook(subscription.secret, headers, got.body, Math.floor(Date.now() / 1000))).toBe(true);
    }
    const log = await deliveries(on, subscription.id);
    expect(log.map((d) => [d.attempt, d.outcome, d.status_code, d.error])).toEqual([
      [2, 'success', 200, null],
      [1, 'failure', 500, 'HTTP 500'],
    ]);
    expect(log.every((d) => d.event_type === 'request.created' && d.duration_ms >= 0)).toBe(true);
    const done = await database.db.selectFrom('outbox').select('status').where('tenant_id', '=', on.id).executeTakeFirstOrThrow();
    expect(done.status).toBe('done');
  });

  it('does not follow redirects, and logs timeouts and unreachable receivers as failures', async () => {
    const on = await createTenant(database);
    const redirected = await subscribe(on);
    receiver.answers.push(302);
    await record(on, 'request.created', 'redirect');
    await deliverWebhooks(database);
    expect(receiver.received.map((r) => r.path)).toEqual(['/hooks']);
    expect((await deliveries(on, redirected.id)).map((d) => [d.outcome, d.status_code, d.error])).toEqual([['failure', 302, 'redirect not followed (HTTP 302)']]);
    await withTenant(database, on.id, (trx) => trx.updateTable('webhook_subscriptions').set({ active: false }).where('id', '=', redirected.id).execute());

    const slow = await subscribe(on);
    receiver.hang.on = true;
    await record(on, 'request.created', 'slow');
    await deliverWebhooks(database, { timeoutMs: 200 });
    const [timedOut] = await deliveries(on, slow.id);
    expect(timedOut).toMatchObject({ outcome: 'failure', status_code: null, error: 'timeout after 200 ms' });
    await withTenant(database, on.id, (trx) => trx.updateTable('webhook_subscriptions').set({ active: false }).where('id', '=', slow.id).execute());

    const closed = await subscribe(on, ['request.created'], 'http://127.0.0.1:1/hooks');
    await record(on, 'request.created', 'nobody home');
    await deliverWebhooks(database);
    const [refused] = await deliveries(on, closed.id);
    expect(refused).toMatchObject({ outcome: 'failure', status_code: null });
    expect(refused!.error).toMatch(/fetch failed/);
  });

  it('sends nothing to inactive or deleted subscriptions; a test event goes to one subscription and not into the feed', async () => {
    const on = await createTenant(database);
    const first = await subscribe(on);
    const second = await subscribe(on);
    await withTenant(database, on.id, (trx) => trx.updateTable('webhook_subscriptions').set({ active: false }).where('id', '=', second.id).execute());
    const { event_id } = await withTenant(database, on.id, (trx) => sendTestEvent(trx, on.id, second.id, staff, { now }));
    await record(on, 'request.created', 'only first');
    await deliverWebhooks(database);
    const got = receiver.received.map((r) => JSON.parse(r.body) as TIntegrationEvent);
    expect(got.map((e) => [e.type, e.id === event_id])).toEqual(
      expect.arrayContaining([
        ['webhook.test', true],
        ['request.created', false],
      ]),
    );
    expect(got).toHaveLength(2);
    expect((await deliveries(on, first.id)).map((d) => d.event_type)).toEqual(['request.created']);
    expect((await deliveries(on, second.id)).map((d) => d.event_type)).toEqual(['webhook.test']);

    // Deleted after the event was recorded: the pending job ends without a request.
    receiver.received.length = 0;
    await record(on, 'request.created', 'after delete');
    await withTenant(database, on.id, (trx) => trx.deleteFrom('webhook_subscriptions').where('id', '=', first.id).execute());
    await deliverWebhooks(database);
    expect(receiver.received).toHaveLength(0);
  });

  it("keeps tenants apart: another tenant's subscription gets none of these events and its log is not found", async () => {
    const theirs = await subscribe(other);
    await record(tenant, 'request.created', 'mine');
    await deliverWebhooks(database);
    expect(await deliveries(other, theirs.id)).toEqual([]);
    await expect(withTenant(database, tenant.id, (trx) => listWebhookDeliveries(trx, tenant.id, { subscriptionId: theirs.id, limit: 10 }))).rejects.toMatchObject({ code: 'not_found' });
    await expect(withTenant(database, tenant.id, (trx) => sendTestEvent(trx, tenant.id, theirs.id, staff, { now }))).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('management routes', () => {
  let on: Tenant;
  let token = '';
  let reader = '';
  let clientId = '';
  function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, options: { token?: string; host?: Tenant } = {}) {
    return app.inject({
      method,
      url,
      headers: {
        host: hostOf(options.host ?? on),
        authorization: `Bearer ${options.token ?? token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  }
  beforeAll(async () => {
    on = await createTenant(database);
    ({ token, clientId } = await clientToken(app, database, on, ['webhooks:manage', 'requests:read']));
    reader = (await clientToken(app, database, on, ['requests:read'])).token;
  });

  it('creates, lists, changes, rotates, tests and deletes a subscription', async () => {
    const created = await call('POST', '/api/v1/integration/webhooks', { url: receiver.url, description: 'SAP', event_types: ['request.created', 'request.status_changed'] });
    expect(created.statusCode, created.body).toBe(201);
    const subscription = created.json<TWebhookWithSecret>();
    expect(subscription).toMatchObject({ url: receiver.url, description: 'SAP', active: true, created_by: `integration:${clientId}` });
    expect(subscription.secret).toMatch(/^whsec_/);

    const list = await call('GET', '/api/v1/integration/webhooks');
    expect(list.json()).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);

    const changed = await call('PATCH', `/api/v1/integration/webhooks/${subscription.id}`, { active: false, rotate_secret: true });
    expect(changed.statusCode, changed.body).toBe(200);
    const rotated = changed.json<TWebhookWithSecret>();
    expect(rotated.active).toBe(false);
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(subscription.secret);

    const test = await call('POST', `/api/v1/integration/webhooks/${subscription.id}/test`);
    expect(test.statusCode, test.body).toBe(202);
    await deliverWebhooks(database);
    const [got] = receiver.received;
    const headers = { id: headerOf(got!.headers['webhook-id']), timestamp: headerOf(got!.headers['webhook-timestamp']), signature: headerOf(got!.headers['webhook-signature']) };
    expect(verifyWebhook(rotated.secret, headers, got!.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhook(subscription.secret, headers, got!.body, Math.floor(Date.now() / 1000))).toBe(false);

    const log = await call('GET', `/api/v1/integration/webhooks/${subscription.id}/deliveries?limit=10`);
    expect(log.json<TWebhookDelivery[]>().map((d) => [d.event_type, d.outcome, d.status_code])).toEqual([['webhook.test', 'success', 200]]);

    const audit = await withTenant(database, on.id, (trx) => trx.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', subscription.id).orderBy('id').execute());
    expect(audit.map((a) => a.action)).toEqual(['webhook.created', 'webhook.updated', 'webhook.test_sent']);
    expect(JSON.stringify(audit)).not.toContain(subscription.secret);

    expect((await call('DELETE', `/api/v1/integration/webhooks/${subscription.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/integration/webhooks/${subscription.id}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/integration/webhooks/${subscription.id}`)).statusCode).toBe(404);
  });

  it('refuses bad input, missing scopes and other tenants’ subscriptions', async () => {
    const bad = [
      { url: 'http://billing.example/hooks', event_types: ['request.created'] },
      { url: receiver.url, event_types: [] },
      { url: receiver.url, event_types: ['webhook.test'] },
      { url: receiver.url, event_types: ['request.deleted'] },
      { url: receiver.url, event_types: ['request.created'], secret: 'mine' },
      { event_types: ['request.created'] },
    ];
    for (const body of bad) expect((await call('POST', '/api/v1/integration/webhooks', body)).statusCode, JSON.stringify(body)).toBe(400);
    const german = await call('POST', '/api/v1/integration/webhooks', bad[0]);
    expect(german.json<{ errors: Array<{ field: string; message: string }> }>().errors[0]).toMatchObject({ field: 'url', message: expect.stringContaining('https') });
    expect((await call('POST', '/api/v1/integration/webhooks', { url: receiver.url, event_types: ['request.created'], description: 'x'.repeat(20_000) })).statusCode).toBe(413);
    // A client that may not read readings cannot have them pushed to it either.
    expect((await call('POST', '/api/v1/integration/webhooks', { url: receiver.url, event_types: ['reading.submitted'] })).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/integration/webhooks', undefined, { token: reader })).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/integration/webhooks', undefined, { host: other })).statusCode).toBe(401);

    const theirs = await subscribe(other);
    for (const [method, url] of [
      ['GET', `/api/v1/integration/webhooks/${theirs.id}`],
      ['PATCH', `/api/v1/integration/webhooks/${theirs.id}`],
      ['DELETE', `/api/v1/integration/webhooks/${theirs.id}`],
      ['POST', `/api/v1/integration/webhooks/${theirs.id}/test`],
      ['GET', `/api/v1/integration/webhooks/${theirs.id}/deliveries`],
    ] as const) {
      expect((await call(method, url, method === 'PATCH' ? { active: false } : undefined)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await call('GET', '/api/v1/integration/webhooks/not-a-uuid')).statusCode).toBe(400);
    const still = await withTenant(database, other.id, (trx) => listWebhooks(trx, other.id));
    expect(still.find((s) => s.id === theirs.id)?.active).toBe(true);
  });
});
