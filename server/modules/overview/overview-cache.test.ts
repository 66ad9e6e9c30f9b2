// The start page and the session are kept in memory between requests (ADR 0019). Two apps on one
// database stand for two processes of the portal; neither has the test suite's per-request wait, so
// what is checked here is what production does: a changing request answers only after its process
// heard of the change, other processes hear of it within the notice's round trip.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TOverview } from '../../../api/overview.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { testConfig } from '../../../test/factories.ts';
import { caller, signedInCustomer } from '../../../test/http.ts';
import { buildApp } from '../../app.ts';
import type { Database } from '../../db/database.ts';
import { addDocument, tenantWith } from '../documents/documents.fixtures.ts';
import type { Tenant } from '../tenants/tenants.service.ts';

let database: Database;
let first: FastifyInstance;
let second: FastifyInstance;
let tenant: Tenant;
let seq = 0;
let now = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'Zwei Prozesse, ein Stand 4';

beforeAll(async () => {
  database = await createTestDatabase();
  const app = async () => {
    const built = await buildApp({ config: testConfig(), database, clock: () => now });
    await built.ready();
    return built;
  };
  first = await app();
  second = await app();
  tenant = await tenantWith(database, { modules: ['invoices', 'readings'] });
});
afterAll(async () => {
  await first.close();
  await second.close();
  await database.close();
});

async function customer() {
  seq += 1;
  return signedInCustomer(database, caller(first, tenant), tenant, 9_300 + seq, PASSWORD);
}

async function overview(app: FastifyInstance, cookie: string): Promise<TOverview> {
  const res = await caller(app, tenant)('GET', '/api/v1/customer/overview', { cookie });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  return res.json();
}

describe('the start page kept in memory', () => {
  it("shows the customer's own change on the very next request, and another process's after its notice", async () => {
    const c = await customer();
    expect((await overview(first, c.cookie)).requests.open).toEqual([]);
    expect(await overview(first, c.cookie)).toEqual(await overview(first, c.cookie));
    await overview(second, c.cookie);

    const sent = await caller(first, tenant)('POST', '/api/v1/customer/requests/messages', {
      cookie: c.cookie,
      body: { subject: 'Zählerwechsel', message: 'Wann wird der Zähler getauscht?', phone: '0123 456789' },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    // Same process: no wait at all.
    expect((await overview(first, c.cookie)).requests.open.map((r) => r.subject)).toEqual(['Zählerwechsel']);
    // The other process: as soon as the notice arrived.
    await expect.poll(async () => (await overview(second, c.cookie)).requests.open.length, { timeout: 5_000 }).toBe(1);

    // A change from outside the portal (billing system, back office): a new invoice document.
    await addDocument(database, tenant, c.customerId, { title: 'Jahresabrechnung 2026', kind: 'invoice', createdAt: now });
    for (const app of [first, second]) {
      await expect.poll(async () => (await overview(app, c.cookie)).documents?.documents.map((d) => d.title), { timeout: 5_000 }).toEqual(['Jahresabrechnung 2026']);
    }
  });

  it('refuses a signed-out session in every process', async () => {
    const c = await customer();
    await overview(first, c.cookie);
    await overview(second, c.cookie);
    const out = await caller(second, tenant)('POST', '/api/v1/auth/logout', { cookie: c.cookie });
    expect(out.statusCode).toBe(204);
    expect((await caller(second, tenant)('GET', '/api/v1/customer/overview', { cookie: c.cookie })).statusCode).toBe(401);
    await expect.poll(async () => (await caller(first, tenant)('GET', '/api/v1/customer/overview', { cookie: c.cookie })).statusCode, { timeout: 5_000 }).toBe(401);
  });

  it('refuses a session ended from another device, and one that expired, without a database change', async () => {
    const c = await customer();
    const other = await caller(first, tenant)('POST', '/api/v1/auth/login', { body: { identifier: c.email, password: PASSWORD } });
    const otherCookie = /^(__Host-kp_session=[^;]+)/.exec(String(other.headers['set-cookie']))?.[1] ?? '';
    await overview(second, otherCookie);
    const sessions = await caller(first, tenant)('GET', '/api/v1/me/sessions', { cookie: c.cookie });
    const otherId = sessions.json<Array<{ id: string; current: boolean }>>().find((s) => !s.current)!.id;
    expect((await caller(first, tenant)('DELETE', `/api/v1/me/sessions/${otherId}`, { cookie: c.cookie })).statusCode).toBe(204);
    await expect.poll(async () => (await caller(second, tenant)('GET', '/api/v1/customer/overview', { cookie: otherCookie })).statusCode, { timeout: 5_000 }).toBe(401);

    // Idle timeout passed: the copy in memory does not outlive the session.
    await overview(second, c.cookie);
    now = new Date(now.getTime() + 16 * 60_000);
    const expired = await caller(second, tenant)('GET', '/api/v1/customer/overview', { cookie: c.cookie });
    expect(expired.statusCode).toBe(401);
    expect(expired.json<{ code: string }>().code).toBe('session_expired');
  });
});
