// The export feed: cursor paging, acknowledgement and resume, backwards and future acks, concurrent
// writers never leaving an event behind a cursor, scope filtering, other tenants' events and
// tokens, bad input, and the billing system setting a request's status by reference.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TEventFeed, TFeedEventType } from '../../../api/integration-events.ts';
import type { TIntegrationScope } from '../../../api/integration.ts';
import { createTestDatabase, isPostgres } from '../../../test/db.ts';
import { createCustomer, createTenant, hostOf, mailsTo } from '../../../test/factories.ts';
import { caller, signedInCustomer } from '../../../test/http.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { createRequest } from '../requests/requests.service.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { recordIntegrationEvent } from './events.service.ts';
import { buildIntegrationTestApp, clientToken } from './events.test-support.ts';
import { setRequestStatusByReference } from './events.requests.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
const now = new Date('2026-05-04T08:00:00Z');

async function client(on: Tenant, scopes: TIntegrationScope[]): Promise<string> {
  return (await clientToken(app, database, on, scopes)).token;
}

function feed(token: string, query = '', on: Tenant = tenant) {
  return app.inject({ method: 'GET', url: `/api/v1/integration/events${query}`, headers: { host: hostOf(on), authorization: `Bearer ${token}` } });
}

function post(token: string, url: string, body: unknown, on: Tenant = tenant) {
  return app.inject({
    method: 'POST',
    url,
    headers: { host: hostOf(on), authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function record(on: Tenant, type: TFeedEventType, marker: string): Promise<string> {
  const event = await withTenant(database, on.id, (trx) =>
    recordIntegrationEvent(trx, on.id, { type, subject: { type: 'test', id: crypto.randomUUID() }, customerId: null, data: { marker }, now }),
  );
  return event.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  other = await createTenant(database);
  app = await buildIntegrationTestApp(database, () => now);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('cursor paging and acknowledgement', () => {
  let on: Tenant;
  let token: string;
  beforeAll(async () => {
    on = await createTenant(database);
    token = await client(on, ['readings:read', 'requests:read']);
    for (let i = 1; i <= 5; i++) await record(on, i % 2 === 0 ? 'reading.submitted' : 'request.created', `m${String(i)}`);
  });

  it('pages through the events in order with next_cursor', async () => {
    const seen: string[] = [];
    let cursor = '0';
    const pages: TEventFeed[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await feed(token, `?after=${cursor}&limit=2`, on);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<TEventFeed>();
      pages.push(page);
      seen.push(...page.events.map((e) => String(e.data.marker)));
      cursor = page.next_cursor;
      if (!page.has_more) break;
    }
    expect(seen).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(pages.map((p) => [p.events.map((e) => e.cursor), p.next_cursor, p.has_more])).toEqual([
      [['1', '2'], '2', true],
      [['3', '4'], '4', true],
      [['5'], '5', false],
    ]);
    const end = (await feed(token, '?after=5', on)).json<TEventFeed>();
    expect(end).toEqual({ events: [], next_cursor: '5', has_more: false });
    expect(pages[0]!.events[0]).toMatchObject({ type: 'request.created', occurred_at: now.toISOString(), subject: { type: 'test' } });
  });

  it('resumes after the acknowledged position; an older ack changes nothing, a future one is refused', async () => {
    const start = (await feed(token, '', on)).json<TEventFeed>();
    expect(start.events.map((e) => e.cursor)).toEqual(['1', '2', '3', '4', '5']);

    const ack = await post(token, '/api/v1/integration/events/ack', { cursor: '3' }, on);
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ cursor: '3' });
    expect((await feed(token, '', on)).json<TEventFeed>().events.map((e) => e.cursor)).toEqual(['4', '5']);

    // A late (replayed) ack of an older position keeps the stored one: no event is re-opened or lost.
    const back = await post(token, '/api/v1/integration/events/ack', { cursor: '1' }, on);
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ cursor: '3' });
    const replay = await post(token, '/api/v1/integration/events/ack', { cursor: '3' }, on);
    expect(replay.json()).toMatchObject({ cursor: '3' });

    // Beyond the feed: the client cannot have processed it.
    const future = await post(token, '/api/v1/integration/events/ack', { cursor: '99' }, on);
    expect(future.statusCode).toBe(422);
    expect((await feed(token, '', on)).json<TEventFeed>().events.map((e) => e.cursor)).toEqual(['4', '5']);

    // Acknowledgements are per client.
    const second = await client(on, ['readings:read', 'requests:read']);
    expect((await feed(second, '', on)).json<TEventFeed>().events).toHaveLength(5);
    // An explicit `after` wins over the stored position.
    expect((await feed(token, '?after=0&limit=1', on)).json<TEventFeed>().events.map((e) => e.cursor)).toEqual(['1']);
  });

  it('refuses malformed cursors, limits, types and bodies', async () => {
    for (const query of ['?after=abc', '?after=-1', '?after=01', '?limit=0', '?limit=1001', '?types=reading.deleted', '?unknown=1']) {
      const res = await feed(token, query, on);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    for (const body of [{}, { cursor: 3 }, { cursor: 'x' }, { cursor: '1', extra: true }, 'not json']) {
      expect((await post(token, '/api/v1/integration/events/ack', body, on)).statusCode, JSON.stringify(body)).toBe(400);
    }
    const big = await post(token, '/api/v1/integration/events/ack', { cursor: '1', pad: 'x'.repeat(40_000) }, on);
    expect(big.statusCode).toBe(413);
  });
});

describe('scopes and tenants', () => {
  let on: Tenant;
  beforeAll(async () => {
    on = await createTenant(database);
    await record(on, 'request.created', 'r1');
    await record(on, 'reading.submitted', 'z1');
    await record(on, 'request.status_changed', 'r2');
    await record(on, 'gp_number.requested', 'g1');
    await record(on, 'reading.submitted', 'z2');
    await record(on, 'request.created', 'r3');
  });

  it('shows each client only the event types of its scopes and passes over the rest', async () => {
    const readings = await client(on, ['readings:read']);
    const page = (await feed(readings, '?limit=10', on)).json<TEventFeed>();
    expect(page.events.map((e) => [e.type, e.data.marker])).toEqual([
      ['reading.submitted', 'z1'],
      ['reading.submitted', 'z2'],
    ]);
    // The hidden request events after z2 are passed over, not waiting behind the cursor.
    expect(page.next_cursor).toBe('6');
    expect((await feed(readings, '?types=request.created', on)).statusCode).toBe(403);

    const requests = await client(on, ['requests:read']);
    expect((await feed(requests, '', on)).json<TEventFeed>().events.map((e) => e.data.marker)).toEqual(['r1', 'r2', 'g1', 'r3']);
    expect((await feed(requests, '?types=request.created,request.created', on)).json<TEventFeed>().events.map((e) => e.data.marker)).toEqual(['r1', 'r3']);

    const both = await client(on, ['readings:read', 'requests:read']);
    expect((await feed(both, '?types=reading.submitted,gp_number.requested', on)).json<TEventFeed>().events.map((e) => e.data.marker)).toEqual(['z1', 'g1', 'z2']);

    const none = await client(on, ['customers:write']);
    expect((await feed(none, '', on)).statusCode).toBe(403);
    expect((await post(none, '/api/v1/integration/events/ack', { cursor: '1' }, on)).statusCode).toBe(403);
  });

  it("never shows another tenant's events; a token works only on its tenant's host", async () => {
    const mine = await client(on, ['readings:read', 'requests:read']);
    const theirs = await client(other, ['readings:read', 'requests:read']);
    await record(other, 'request.created', 'other-tenant');
    const page = (await feed(theirs, '?limit=1000', other)).json<TEventFeed>();
    expect(page.events.map((e) => e.data.marker)).toEqual(['other-tenant']);
    expect((await feed(mine, '', other)).statusCode).toBe(401);
    expect((await feed(theirs, '', on)).statusCode).toBe(401);
    expect((await feed('', '', on)).statusCode).toBe(401);
    // Each tenant has its own positions.
    expect(page.events[0]!.cursor).toBe('1');
  });
});

describe('concurrent writers', () => {
  it('never leave an event behind a cursor that a reader already passed', async () => {
    const on = await createTenant(database);
    const token = await client(on, ['requests:read']);
    const total = 24;
    const collected: string[] = [];
    let cursor = '0';
    const state = { writersDone: false };
    const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
    const writers = Array.from({ length: total }, (_, i) =>
      withTenant(database, on.id, async (trx) => {
        await pause();
        await recordIntegrationEvent(trx, on.id, { type: 'request.created', subject: { type: 'test', id: crypto.randomUUID() }, customerId: null, data: { marker: `w${String(i)}` }, now });
        await pause();
      }),
    );
    const reader = (async () => {
      for (;;) {
        const done = state.writersDone;
        const page = (await feed(token, `?after=${cursor}&limit=5`, on)).json<TEventFeed>();
        collected.push(...page.events.map((e) => String(e.data.marker)));
        cursor = page.next_cursor;
        if (done && !page.has_more) return;
        await pause();
      }
    })();
    await Promise.all(writers);
    state.writersDone = true;
    await reader;
    expect(collected).toHaveLength(total);
    expect(new Set(collected).size).toBe(total);
    expect(cursor).toBe(String(total));
  });

  it.runIf(isPostgres())('holds a later writer until the earlier one commits, so the reader sees positions in order', async () => {
    const on = await createTenant(database);
    const token = await client(on, ['requests:read']);
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstRecorded!: () => void;
    const recorded = new Promise<void>((resolve) => (firstRecorded = resolve));
    const first = withTenant(database, on.id, async (trx) => {
      await recordIntegrationEvent(trx, on.id, { type: 'request.created', subject: { type: 'test', id: crypto.randomUUID() }, customerId: null, data: { marker: 'first' }, now });
      firstRecorded();
      await firstHolds;
    });
    await recorded;
    const second = withTenant(database, on.id, (trx) =>
      recordIntegrationEvent(trx, on.id, { type: 'request.created', subject: { type: 'test', id: crypto.randomUUID() }, customerId: null, data: { marker: 'second' }, now }),
    );
    // Neither is committed: the reader gets nothing and keeps its cursor.
    const before = (await feed(token, '?after=0', on)).json<TEventFeed>();
    expect(before).toEqual({ events: [], next_cursor: '0', has_more: false });
    releaseFirst();
    await first;
    await second;
    const after = (await feed(token, '?after=0', on)).json<TEventFeed>();
    expect(after.events.map((e) => [e.cursor, e.data.marker])).toEqual([
      ['1', 'first'],
      ['2', 'second'],
    ]);
  });

  it('gives a rolled-back transaction’s position to the next event (no gaps)', async () => {
    const on = await createTenant(database);
    const token = await client(on, ['requests:read']);
    await expect(
      withTenant(database, on.id, async (trx) => {
        await recordIntegrationEvent(trx, on.id, { type: 'request.created', subject: { type: 'test', id: crypto.randomUUID() }, customerId: null, data: { marker: 'rolled back' }, now });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    await record(on, 'request.created', 'kept');
    expect((await feed(token, '', on)).json<TEventFeed>().events.map((e) => [e.cursor, e.data.marker])).toEqual([['1', 'kept']]);
  });
});

describe('request status from the billing system', () => {
  const setStatus = (on: Tenant, reference: string, change: { status: 'in_progress' | 'done' | 'rejected'; reason?: string }, clientId = 'billing-client') =>
    withTenant(database, on.id, (trx) => setRequestStatusByReference(trx, on, { clientId, scopes: ['requests:read'] }, reference, change, { now, locale: 'de' }));

  it('sets the status by reference; the customer sees it and gets a mail; the change is in the feed', async () => {
    const call = caller(app, tenant);
    const customer = await signedInCustomer(database, call, tenant, 1, 'Leuchtturm im Nebel 7');
    const sent = await call('POST', '/api/v1/customer/requests/messages', {
      cookie: customer.cookie,
      body: { subject: 'Rückfrage Abrechnung', message: 'Bitte rufen Sie mich an.', phone: '0123 456789' },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const { id, reference } = sent.json<{ id: string; reference: string }>();
    const token = await client(tenant, ['requests:read']);

    const created = (await feed(token, '', tenant)).json<TEventFeed>();
    const event = created.events.find((e) => e.type === 'request.created' && e.data.reference === reference);
    expect(event?.data).toMatchObject({
      request_id: id,
      kind: 'message',
      subject: 'Rückfrage Abrechnung',
      status: 'received',
      customer_number: customer.customerNumber,
      details: { text: 'Bitte rufen Sie mich an.', phone: '0123 456789' },
    });

    expect(await setStatus(tenant, reference, { status: 'in_progress' })).toEqual({ reference, status: 'in_progress' });
    const detail = await call('GET', `/api/v1/customer/requests/${id}`, { cookie: customer.cookie });
    expect(detail.json<{ status: string }>().status).toBe('in_progress');
    const [mail] = await mailsTo(database, tenant, customer.email);
    expect(mail!.text).toContain(reference);

    await expect(setStatus(tenant, reference, { status: 'rejected' })).rejects.toMatchObject({ code: 'validation_failed' });
    await setStatus(tenant, reference, { status: 'rejected', reason: 'Zählerstand liegt bereits vor.' });
    // Final: a replay or any further change is a conflict.
    await expect(setStatus(tenant, reference, { status: 'rejected', reason: 'again' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(setStatus(tenant, reference, { status: 'done' })).rejects.toMatchObject({ code: 'conflict' });

    const changes = (await feed(token, `?after=${created.next_cursor}&types=request.status_changed`)).json<TEventFeed>();
    expect(changes.events.map((e) => [e.data.from, e.data.to, e.data.reason, e.data.actor])).toEqual([
      ['received', 'in_progress', null, { type: 'integration', id: 'billing-client' }],
      ['in_progress', 'rejected', 'Zählerstand liegt bereits vor.', { type: 'integration', id: 'billing-client' }],
    ]);
  });

  it('answers 404 for unknown and other tenants’ references; the route needs requests:write and checks its input', async () => {
    const { customerId } = await createCustomer(database, other, { customerNumber: '49999999', meterNumber: 'O-1' });
    const theirs = await withTenant(database, other.id, (trx) =>
      createRequest(trx, other, {
        customerId,
        loginId: null,
        premiseId: null,
        kind: 'message',
        subject: 'Fremd',
        payload: { text: 'x', phone: '0123' },
        attachments: [],
        idempotencyKey: null,
        actor: { type: 'staff', id: null },
        locale: 'de',
        now,
      }),
    );
    // References are numbered per tenant: a tenant without requests knows none of them.
    const on = await createTenant(database);
    await expect(setStatus(on, theirs.reference, { status: 'done' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(setStatus(on, 'A-2026-999999', { status: 'done' })).rejects.toMatchObject({ code: 'not_found' });
    const status = await withTenant(database, other.id, (trx) => trx.selectFrom('customer_requests').select('status').where('id', '=', theirs.id).executeTakeFirstOrThrow());
    expect(status.status).toBe('received');

    const token = await client(on, ['requests:read']);
    const url = `/api/v1/integration/requests/${theirs.reference}/status`;
    expect((await post(token, '/api/v1/integration/requests/123/status', { status: 'done' }, on)).statusCode).toBe(400);
    expect((await post(token, url, { status: 'received' }, on)).statusCode).toBe(400);
    expect((await post(token, url, { status: 'done', reason: 'x'.repeat(2001) }, on)).statusCode).toBe(400);
    expect((await post(token, url, { status: 'done', extra: 1 }, on)).statusCode).toBe(400);
    expect((await post(token, url, { status: 'done' }, on)).statusCode).toBe(403);
    expect((await post('not-a-token', url, { status: 'done' }, on)).statusCode).toBe(401);
    // With requests:write on the other tenant's host: a reference of this tenant is unknown there.
    const writer = await client(on, ['requests:write']);
    expect((await post(writer, url, { status: 'done' }, on)).statusCode).toBe(404);
    // And on its own host the billing system sets the status.
    const own = await client(other, ['requests:write']);
    const done = await post(own, url, { status: 'done', reason: 'Im Abrechnungssystem erfasst.' }, other);
    expect(done.statusCode, done.body).toBe(200);
    const after = await withTenant(database, other.id, (trx) => trx.selectFrom('customer_requests').select('status').where('id', '=', theirs.id).executeTakeFirstOrThrow());
    expect(after.status).toBe('done');
  });
});
