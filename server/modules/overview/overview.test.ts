// The start page API: what a customer sees first, for the selected account only, with the sections
// of modules the utility does not offer left out; expired sessions and other tenants' cookies refused.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TOverview } from '../../../api/overview.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant } from '../../../test/factories.ts';
import { caller, signedInCustomer } from '../../../test/http.ts';
import { addSupply } from '../../../test/supply.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { addBookings, addDocument, tenantWith } from '../documents/documents.fixtures.ts';
import { createRequest } from '../requests/requests.service.ts';
import type { Tenant } from '../tenants/tenants.service.ts';

let database: Database;
let app: FastifyInstance;
let now = new Date('2026-11-22T10:00:00Z');
const PASSWORD = 'Übersicht am Morgen 7';
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
  return signedInCustomer(database, caller(app, tenant), tenant, 800 + seq, PASSWORD);
}

async function overview(tenant: Tenant, cookie: string): Promise<TOverview> {
  const res = await caller(app, tenant)('GET', '/api/v1/customer/overview', { cookie });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function message(tenant: Tenant, customerId: string, subject: string) {
  return withTenant(database, tenant.id, (trx) =>
    createRequest(trx, tenant, { customerId, loginId: null, premiseId: null, kind: 'message', subject, payload: {}, attachments: [], idempotencyKey: null, actor: { type: 'system', id: null }, locale: 'de', now }),
  );
}

describe('GET /api/v1/customer/overview', () => {
  it('shows consumption points with contracts and meters, balance, next instalment, new documents and open requests', async () => {
    const tenant = await tenantWith(database, { modules: ['readings', 'invoices', 'instalments', 'account_statement', 'contracts'] });
    const customer = await customerOf(tenant);
    await addSupply(database, tenant, customer.customerId, {
      division: 'gas',
      street: 'Gartenweg',
      houseNumber: '12',
      tariff: { name: 'Erdgas Komfort' },
      instalment: { amountCents: 6_400, validFrom: '2026-01-01', dueDay: 28 },
    });
    await addDocument(database, tenant, customer.customerId, { title: 'Jahresabrechnung 2025', kind: 'invoice', createdAt: new Date('2026-11-01T08:00:00Z') });
    await addDocument(database, tenant, customer.customerId, { title: 'Alter Brief', createdAt: new Date('2025-01-01T08:00:00Z'), readAt: new Date('2025-01-02T08:00:00Z') });
    await addBookings(database, tenant, customer.customerId, [
      { bookingDate: '2026-10-01', dueDate: '2026-10-15', kind: 'invoice', description: 'Nachzahlung', amountCents: 12_345 },
    ]);
    const open = await message(tenant, customer.customerId, 'Frage zum Zähler');

    const view = await overview(tenant, customer.cookie);
    expect(view.today).toBe('2026-11-22');
    // createCustomer's premise (electricity meter, no contract) and the gas premise with its contract.
    const gas = view.premises.find((p) => p.address.startsWith('Gartenweg 12'));
    expect(gas?.contracts).toMatchObject([{ division: 'gas', productName: 'Erdgas Komfort', status: 'active', direction: 'consumption' }]);
    expect(gas?.meters).toHaveLength(1);
    expect(gas?.meters[0]).toMatchObject({ division: 'gas', kind: 'conventional', registers: [{ unit: 'm3', lastReading: null }] });
    expect(view.premises[0]).toBe(gas);
    expect(view.account).toEqual({ balanceCents: 12_345, overdueCents: 12_345 });
    expect(view.nextInstalment).toMatchObject({ dueDate: '2026-11-28', amountCents: 6_400 });
    expect(view.documents?.unreadCount).toBe(1);
    expect(view.documents?.documents.map((d) => d.title)).toEqual(['Jahresabrechnung 2025']);
    expect(view.requests.openCount).toBe(1);
    expect(view.requests.open[0]).toMatchObject({ id: open.id, subject: 'Frage zum Zähler', status: 'received' });
  });

  it('leaves out the sections of modules the utility does not offer', async () => {
    const tenant = await tenantWith(database, { modules: [] });
    const customer = await customerOf(tenant);
    await addSupply(database, tenant, customer.customerId, { instalment: { amountCents: 5_000, validFrom: '2026-01-01' } });
    const view = await overview(tenant, customer.cookie);
    expect(view.account).toBeNull();
    expect(view.nextInstalment).toBeNull();
    expect(view.documents).toBeNull();
    expect(view.premises.flatMap((p) => p.meters)).toEqual([]);
    expect(view.premises.flatMap((p) => p.contracts)).toHaveLength(1);
    expect(view.requests).toEqual({ openCount: 0, open: [] });
  });

  it("never shows another account's data", async () => {
    const tenant = await tenantWith(database, { modules: ['invoices', 'account_statement'] });
    const mine = await customerOf(tenant);
    const other = await customerOf(tenant);
    await addDocument(database, tenant, other.customerId, { title: 'Fremde Rechnung', createdAt: new Date('2026-11-01T08:00:00Z') });
    await addBookings(database, tenant, other.customerId, [{ bookingDate: '2026-10-01', kind: 'fee', description: 'Mahngebühr', amountCents: 500 }]);
    await message(tenant, other.customerId, 'Fremdes Anliegen');
    const view = await overview(tenant, mine.cookie);
    expect(view.documents?.unreadCount).toBe(0);
    expect(view.account?.balanceCents).toBe(0);
    expect(view.requests.openCount).toBe(0);
    expect(JSON.stringify(view)).not.toContain('Fremd');
  });

  it('refuses without a session, with an expired one and on another tenant', async () => {
    const tenant = await createTenant(database);
    const other = await createTenant(database);
    const customer = await customerOf(tenant);
    expect((await caller(app, tenant)('GET', '/api/v1/customer/overview')).statusCode).toBe(401);
    expect((await caller(app, other)('GET', '/api/v1/customer/overview', { cookie: customer.cookie })).statusCode).toBe(401);
    const before = now;
    now = new Date(now.getTime() + 13 * 3_600_000);
    try {
      const expired = await caller(app, tenant)('GET', '/api/v1/customer/overview', { cookie: customer.cookie });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().code).toBe('session_expired');
    } finally {
      now = before;
    }
  });
});
