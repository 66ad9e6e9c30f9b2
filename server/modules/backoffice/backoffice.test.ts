// The back office's work on customers: the queue, assignment, internal notes and status changes that
// the customer sees (and is mailed about), done changes applied to the portal data, the audited
// customer view with its login actions, the dashboard, each role only its actions, and no other
// tenant's data (SEC-16, SEC-19).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TCustomerView, TQueuePage, TStaffRequestDetail } from '../../../api/backoffice.ts';
import type { TRequestDetail } from '../../../api/requests.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, hostOf, mailsTo, tenantFile } from '../../../test/factories.ts';
import { caller, signedInCustomer, type Call } from '../../../test/http.ts';
import { createStaff, signInStaff } from '../../../test/staff.ts';
import { addSupply } from '../../../test/supply.ts';
import { Readable } from 'node:stream';
import { withTenant, type Database } from '../../db/database.ts';
import { importIntervalData } from '../integration/interval-import.service.ts';
import { getTenantBySlug, upsertTenantFromFile, type Tenant } from '../tenants/tenants.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
let call: Call;
let now = new Date('2026-05-04T08:00:00Z');
const PASSWORD = 'Backoffice prüft Anliegen 3';
let n = 0;
let clerkCookie: string;
let readOnlyCookie: string;
let clerkId: string;

async function tenantWithInstalments(): Promise<Tenant> {
  const file = tenantFile();
  await upsertTenantFromFile(database.db, { ...file, config: { ...file.config, modules: [...file.config.modules, 'instalments'] } }, process.cwd());
  const created = await getTenantBySlug(database.db, file.slug);
  if (!created) throw new Error('tenant not created');
  return created;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database, { extra: { clock: () => now } });
  tenant = await tenantWithInstalments();
  other = await tenantWithInstalments();
  call = caller(app, tenant);
  const clerk = await createStaff(database, tenant, 'clerk');
  clerkId = clerk.id;
  clerkCookie = await signInStaff(app, tenant, clerk, now);
  readOnlyCookie = await signInStaff(app, tenant, await createStaff(database, tenant, 'read_only'), now);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function customerWithSupply(on: Tenant = tenant) {
  n += 1;
  const c = await signedInCustomer(database, caller(app, on), on, n, PASSWORD);
  const supply = await addSupply(database, on, c.customerId, {
    contract: { number: `V-${String(n)}`, annualForecastKwh: 2500 },
    tariff: { name: 'Stadtstrom Basis', energyPriceCt: '32.0000', basePriceCentsPerYear: 15_000 },
    instalment: { amountCents: 8000, validFrom: '2026-01-01' },
  });
  return { ...c, supply };
}

async function addressChange(cookie: string, on: Tenant = tenant) {
  const res = await caller(app, on)('POST', '/api/v1/customer/data/billing-address', {
    cookie,
    body: { street: 'Neue Straße', houseNumber: '12a', postalCode: '54321', city: 'Neustadt', country: 'DE', validFrom: '2026-06-01', password: PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; reference: string }>();
}

async function instalmentChange(cookie: string, contractId: string) {
  const res = await call('POST', '/api/v1/customer/instalments/change-requests', { cookie, body: { contractId, desiredAmount: '95,50', desiredDate: '2026-06-01', comment: 'Wärmepumpe' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; reference: string }>();
}

describe('work queue', () => {
  it('a clerk works an address change and an instalment change to done; the customer sees it, is mailed, and the data change', async () => {
    const c = await customerWithSupply();
    const address = await addressChange(c.cookie);
    const instalment = await instalmentChange(c.cookie, c.supply.contractId);

    const page = (await call('GET', `/api/v1/backoffice/requests?q=${c.customerNumber}`, { cookie: clerkCookie })).json<TQueuePage>();
    expect(page.items.map((i) => i.reference).sort()).toEqual([address.reference, instalment.reference].sort());
    expect(page.items[0]).toMatchObject({ status: 'received', ageDays: 0, assignee: null, customer: { customerNumber: c.customerNumber } });

    // Take it: in progress, assigned to the clerk; a note; then done.
    const taken = await call('POST', `/api/v1/backoffice/requests/${address.id}/status`, { cookie: clerkCookie, body: { status: 'in_progress' } });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json<TStaffRequestDetail>()).toMatchObject({ status: 'in_progress', assignee: { id: clerkId }, nextStatuses: ['done', 'rejected'] });
    const noted = await call('POST', `/api/v1/backoffice/requests/${address.id}/notes`, { cookie: clerkCookie, body: { text: '  An SAP übergeben  ' } });
    expect(noted.json<TStaffRequestDetail>().notes).toEqual([expect.objectContaining({ text: 'An SAP übergeben' })]);
    const done = await call('POST', `/api/v1/backoffice/requests/${address.id}/status`, { cookie: clerkCookie, body: { status: 'done', reason: 'Adresse ist geändert.' } });
    expect(done.statusCode, done.body).toBe(200);
    expect((await call('POST', `/api/v1/backoffice/requests/${instalment.id}/status`, { cookie: clerkCookie, body: { status: 'done' } })).statusCode).toBe(200);

    // The customer sees the status (without the internal note) and the new data.
    const seen = (await call('GET', `/api/v1/customer/requests/${address.id}`, { cookie: c.cookie })).json<TRequestDetail>();
    expect(seen.status).toBe('done');
    expect(seen.events.map((e) => [e.status, e.actor])).toEqual([['received', 'customer'], ['in_progress', 'staff'], ['done', 'staff']]);
    expect(JSON.stringify(seen)).not.toContain('SAP');
    const data = (await call('GET', '/api/v1/customer/data', { cookie: c.cookie })).json<{ billingAddress: { street: string; city: string } }>();
    expect(data.billingAddress).toMatchObject({ street: 'Neue Straße', city: 'Neustadt' });
    const plans = await withTenant(database, tenant.id, (trx) =>
      trx.selectFrom('instalment_plans').select(['amount_cents', 'valid_from', 'valid_to']).where('contract_id', '=', c.supply.contractId).orderBy('valid_from').execute(),
    );
    expect(plans.map((p) => [p.amount_cents, p.valid_to === null])).toEqual([[8000, false], [9550, true]]);
    const mails = await mailsTo(database, tenant, c.email);
    expect(mails.filter((m) => m.subject.includes('erledigt'))).toHaveLength(2);

    // Closed is closed.
    const again = await call('POST', `/api/v1/backoffice/requests/${address.id}/status`, { cookie: clerkCookie, body: { status: 'rejected', reason: 'x' } });
    expect(again.statusCode).toBe(409);
  });

  it('a rejection needs a reason; bad input changes nothing', async () => {
    const c = await customerWithSupply();
    const address = await addressChange(c.cookie);
    const noReason = await call('POST', `/api/v1/backoffice/requests/${address.id}/status`, { cookie: clerkCookie, body: { status: 'rejected' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'reason' });
    expect((await call('POST', `/api/v1/backoffice/requests/${address.id}/status`, { cookie: clerkCookie, body: { status: 'received' } })).statusCode).toBe(400);
    expect((await call('POST', `/api/v1/backoffice/requests/${address.id}/notes`, { cookie: clerkCookie, body: { text: '   ' } })).statusCode).toBe(400);
    expect((await call('POST', `/api/v1/backoffice/requests/${address.id}/notes`, { cookie: clerkCookie, body: { text: 'x'.repeat(4001) } })).statusCode).toBe(400);
    expect((await call('POST', `/api/v1/backoffice/requests/${address.id}/status`, { cookie: clerkCookie, body: { status: 'done', extra: 1 } })).statusCode).toBe(400);
    const detail = (await call('GET', `/api/v1/backoffice/requests/${address.id}`, { cookie: clerkCookie })).json<TStaffRequestDetail>();
    expect(detail).toMatchObject({ status: 'received', notes: [] });
    const rejected = await call('POST', `/api/v1/backoffice/requests/${address.id}/status`, { cookie: clerkCookie, body: { status: 'rejected', reason: 'Die Adresse existiert nicht.' } });
    expect(rejected.statusCode).toBe(200);
    const data = (await call('GET', '/api/v1/customer/data', { cookie: c.cookie })).json<{ billingAddress: { street: string } }>();
    expect(data.billingAddress.street).not.toBe('Neue Straße');
  });

  it('filters by status, kind, assignment and age', async () => {
    const c = await customerWithSupply();
    const address = await addressChange(c.cookie);
    const byKind = (await call('GET', `/api/v1/backoffice/requests?kind=instalment&q=${c.customerNumber}`, { cookie: clerkCookie })).json<TQueuePage>();
    expect(byKind.items).toHaveLength(0);
    await call('POST', `/api/v1/backoffice/requests/${address.id}/assign`, { cookie: clerkCookie, body: { staffId: clerkId } });
    const mine = (await call('GET', '/api/v1/backoffice/requests?assigned=me', { cookie: clerkCookie })).json<TQueuePage>();
    expect(mine.items.map((i) => i.id)).toContain(address.id);
    const unassigned = (await call('GET', '/api/v1/backoffice/requests?assigned=none', { cookie: clerkCookie })).json<TQueuePage>();
    expect(unassigned.items.map((i) => i.id)).not.toContain(address.id);
    const old = (await call('GET', '/api/v1/backoffice/requests?minAgeDays=3', { cookie: clerkCookie })).json<TQueuePage>();
    expect(old.items.map((i) => i.id)).not.toContain(address.id);
    const young = (await call('GET', '/api/v1/backoffice/requests?maxAgeDays=1', { cookie: clerkCookie })).json<TQueuePage>();
    expect(young.items.map((i) => i.id)).toContain(address.id);
    expect((await call('GET', '/api/v1/backoffice/requests?maxAgeDays=0', { cookie: clerkCookie })).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/backoffice/requests?status=bogus', { cookie: clerkCookie })).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/backoffice/requests?limit=100000', { cookie: clerkCookie })).statusCode).toBe(400);
  });
});

describe('roles and tenants', () => {
  it('read-only staff see the queue but cannot change anything', async () => {
    const c = await customerWithSupply();
    const address = await addressChange(c.cookie);
    expect((await call('GET', `/api/v1/backoffice/requests/${address.id}`, { cookie: readOnlyCookie })).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/backoffice/requests/${address.id}/status`, { cookie: readOnlyCookie, body: { status: 'done' } })).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/backoffice/requests/${address.id}/notes`, { cookie: readOnlyCookie, body: { text: 'x' } })).statusCode).toBe(403);
    expect((await call('POST', `/api/v1/backoffice/customers/${c.customerId}/logins/${c.customerId}/lock`, { cookie: readOnlyCookie })).statusCode).toBe(403);
    // A customer's session opens nothing in the back office.
    expect((await call('GET', '/api/v1/backoffice/requests', { cookie: c.cookie })).statusCode).toBe(401);
  });

  it("another tenant's requests and customers are not found", async () => {
    const foreign = await customerWithSupply(other);
    const request = await addressChange(foreign.cookie, other);
    expect((await call('GET', `/api/v1/backoffice/requests/${request.id}`, { cookie: clerkCookie })).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/backoffice/requests/${request.id}/status`, { cookie: clerkCookie, body: { status: 'done' } })).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/backoffice/customers/${foreign.customerId}`, { cookie: clerkCookie })).statusCode).toBe(404);
    const hits = (await call('GET', `/api/v1/backoffice/customers?q=${foreign.customerNumber}`, { cookie: clerkCookie })).json<unknown[]>();
    expect(hits).toEqual([]);
    const queue = (await call('GET', '/api/v1/backoffice/requests?status=all&limit=200', { cookie: clerkCookie })).json<TQueuePage>();
    expect(queue.items.map((i) => i.id)).not.toContain(request.id);
    // The clerk's cookie on the other tenant's host is nobody.
    expect((await call('GET', '/api/v1/backoffice/requests', { cookie: clerkCookie, host: hostOf(other) })).statusCode).toBe(401);
  });
});

describe('customer view', () => {
  it('finds the customer by number, meter number and login e-mail; opening is audited; no password material', async () => {
    const c = await customerWithSupply();
    for (const q of [c.customerNumber, c.meterNumber.toLowerCase(), c.email]) {
      const hits = (await call('GET', `/api/v1/backoffice/customers?q=${encodeURIComponent(q)}`, { cookie: readOnlyCookie })).json<Array<{ id: string }>>();
      expect(hits.map((h) => h.id), q).toContain(c.customerId);
    }
    expect((await call('GET', '/api/v1/backoffice/customers?q=x', { cookie: readOnlyCookie })).statusCode).toBe(400);
    const res = await call('GET', `/api/v1/backoffice/customers/${c.customerId}`, { cookie: readOnlyCookie });
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json<TCustomerView>();
    expect(view.logins).toEqual([expect.objectContaining({ email: c.email, status: 'active', secondFactor: false, activeSessions: 1 })]);
    expect(view.premises[0]?.meters[0]).toMatchObject({ meterNumber: expect.any(String) as string });
    expect(view.contracts[0]).toMatchObject({ instalmentCents: 8000 });
    expect(res.body).not.toMatch(/argon2|password/i);
    const audit = await withTenant(database, tenant.id, (trx) =>
      trx.selectFrom('audit_log').select(['action', 'actor_type']).where('tenant_id', '=', tenant.id).where('target_id', '=', c.customerId).where('action', '=', 'customer.viewed').execute(),
    );
    expect(audit).toEqual([{ action: 'customer.viewed', actor_type: 'staff' }]);
  });

  it('a clerk locks a login (its sessions end), unlocks it, and ends sessions; wrong pairs are 404', async () => {
    const c = await customerWithSupply();
    const view = (await call('GET', `/api/v1/backoffice/customers/${c.customerId}`, { cookie: clerkCookie })).json<TCustomerView>();
    const loginId = view.logins[0]!.id;
    expect((await call('POST', `/api/v1/backoffice/customers/${c.customerId}/logins/${loginId}/lock`, { cookie: clerkCookie })).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/auth/session', { cookie: c.cookie })).statusCode).toBe(401);
    const signIn = await call('POST', '/api/v1/auth/login', { body: { identifier: c.email, password: PASSWORD } });
    expect(signIn.json()).toMatchObject({ code: 'login_locked' });
    expect((await call('POST', `/api/v1/backoffice/customers/${c.customerId}/logins/${loginId}/lock`, { cookie: clerkCookie })).statusCode).toBe(409);
    expect((await call('POST', `/api/v1/backoffice/customers/${c.customerId}/logins/${loginId}/unlock`, { cookie: clerkCookie })).statusCode).toBe(204);
    expect((await call('POST', '/api/v1/auth/login', { body: { identifier: c.email, password: PASSWORD } })).statusCode).toBe(200);
    expect((await call('POST', `/api/v1/backoffice/customers/${c.customerId}/logins/${loginId}/resend_activation`, { cookie: clerkCookie })).statusCode).toBe(409);
    const stranger = await customerWithSupply();
    expect((await call('POST', `/api/v1/backoffice/customers/${stranger.customerId}/logins/${loginId}/end_sessions`, { cookie: clerkCookie })).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/backoffice/customers/${c.customerId}/logins/${loginId}/explode`, { cookie: clerkCookie })).statusCode).toBe(400);
  });
});

describe('dashboard', () => {
  it('counts registrations, open requests by age and kind, and readings, and lists import runs with their errors', async () => {
    const c = await customerWithSupply();
    await addressChange(c.cookie);
    const csv = 'meter_number;obis;start;value\nUNBEKANNT-1;1-0:1.8.0;2026-05-01T00:00:00+02:00;0,25\n';
    await importIntervalData(database, tenant.id, { format: 'csv', input: Readable.from([csv]), source: 'cli', fileName: 'mai.csv' });
    now = new Date(now.getTime() + 3 * 86_400_000);
    const res = await call('GET', '/api/v1/backoffice/dashboard', { cookie: await signInStaff(app, tenant, await createStaff(database, tenant, 'read_only'), now) });
    expect(res.statusCode, res.body).toBe(200);
    const dash = res.json<{ openRequests: { total: number; byAge: { days2to7: number }; byKind: Array<{ kind: string }> }; registrations: { last7Days: number } }>();
    expect(dash.openRequests.total).toBeGreaterThan(0);
    expect(dash.openRequests.byAge.days2to7).toBeGreaterThan(0);
    expect(dash.openRequests.byKind.map((k) => k.kind)).toContain('address');
    expect(dash.registrations.last7Days).toBeGreaterThan(0);
    const imports = (res.json<{ recentImports: Array<{ fileName: string; status: string; errorCount: number; errors: Array<{ position: string; message: string }> }> }>()).recentImports;
    expect(imports[0]).toMatchObject({ fileName: 'mai.csv', status: 'failed', errorCount: 1 });
    expect(imports[0]?.errors[0]?.position).toMatch(/2/);
  });
});
