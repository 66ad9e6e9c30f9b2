// Registration by customer number + name and by meter number + GP-Nr ("Zugang beantragen"),
// linking and unlinking customer accounts, and the "request your GP-Nr" form.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createCustomer, createTenant, hostOf, mailsTo, tokenFromMail } from '../../../test/factories.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';

let database: Database;
let app: FastifyInstance;
let byName: Tenant;
let grid: Tenant;
const PASSWORD = 'Windrad am Deich 2026';

beforeAll(async () => {
  database = await createTestDatabase();
  byName = await createTenant(database, { registrationMethods: ['customer_name', 'customer_meter'] });
  grid = await createTenant(database, { registrationMethods: ['meter_gp'] });
  app = await buildTestApp(database);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

function post(tenant: Tenant, url: string, body: unknown, cookie?: string) {
  return app.inject({
    method: 'POST',
    url,
    headers: { host: hostOf(tenant), 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    payload: JSON.stringify(body),
  });
}

function cookieOf(res: LightMyRequestResponse): string {
  return /^(__Host-kp_session=[^;]+)/.exec(String(res.headers['set-cookie']))?.[1] ?? '';
}

async function activate(tenant: Tenant, email: string, password?: string): Promise<void> {
  const [mail] = await mailsTo(database, tenant, email);
  const token = tokenFromMail(mail!.text);
  const info = await post(tenant, '/api/v1/auth/token-info', { token });
  expect(info.json()).toMatchObject({ purpose: 'activation', needsPassword: password !== undefined });
  const res = await post(tenant, '/api/v1/auth/activate', password ? { token, password } : { token });
  expect(res.statusCode, res.body).toBe(200);
}

describe('customer number + name (Heilsbronn)', () => {
  it('matches the name tolerantly, mails no password and lets the user set it through the link', async () => {
    await createCustomer(database, byName, { customerNumber: '41110000', meterNumber: 'W-1', firstName: 'Jürgen', lastName: 'Müller' });
    const res = await post(byName, '/api/v1/auth/register', { method: 'customer_name', customerNumber: '41110000', name: 'Hans-Jürgen mueller', email: 'jm@example.com', locale: 'de' });
    expect(res.statusCode, res.body).toBe(202);
    const [mail] = await mailsTo(database, byName, 'jm@example.com');
    expect(mail?.text).not.toMatch(/Passwort:/);
    expect(mail?.text).toContain('legen Sie Ihr Passwort fest');
    const token = tokenFromMail(mail!.text);
    const without = await post(byName, '/api/v1/auth/activate', { token });
    expect(without.statusCode).toBe(400);
    const weak = await post(byName, '/api/v1/auth/activate', { token, password: 'passwort123' });
    expect(weak.statusCode).toBe(400);
    expect((await post(byName, '/api/v1/auth/activate', { token, password: PASSWORD })).statusCode).toBe(200);
    expect((await post(byName, '/api/v1/auth/login', { identifier: '41110000', password: PASSWORD })).statusCode).toBe(200);
  });

  it('refuses another name with the name-specific hint', async () => {
    await createCustomer(database, byName, { customerNumber: '41110001', meterNumber: 'W-2', firstName: 'Petra', lastName: 'Weber' });
    const res = await post(byName, '/api/v1/auth/register', { method: 'customer_name', customerNumber: '41110001', name: 'Petra Schmidt', email: 'pw@example.com', locale: 'de' });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toContain('Namen so ein, wie er auf Ihrer Rechnung steht');
  });

  it('refuses methods the utility does not offer', async () => {
    const res = await post(byName, '/api/v1/auth/register', { method: 'meter_gp', meterNumber: 'W-1', gpNumber: '41110000', email: 'x@example.com', locale: 'de' });
    expect(res.statusCode).toBe(403);
  });
});

describe('meter number + GP-Nr (Plusportal)', () => {
  it('requests access, sets the password by link, and adds a second GP-Nr to the same login', async () => {
    await createCustomer(database, grid, { customerNumber: '42220001', meterNumber: '1ESY1160000001', lastName: 'Brandt' });
    await createCustomer(database, grid, { customerNumber: '42220002', meterNumber: '1ESY1160000002', lastName: 'Brandt' });
    const first = await post(grid, '/api/v1/auth/register', { method: 'meter_gp', meterNumber: '1esy 1160 0000 01', gpNumber: '42220001', email: 'brandt@example.com', locale: 'de' });
    expect(first.statusCode, first.body).toBe(202);
    await activate(grid, 'brandt@example.com', PASSWORD);

    const second = await post(grid, '/api/v1/auth/register', { method: 'meter_gp', meterNumber: '1ESY1160000002', gpNumber: '42220002', email: 'brandt@example.com', locale: 'de' });
    expect(second.statusCode).toBe(202);
    const [notice] = await mailsTo(database, grid, 'brandt@example.com');
    expect(notice?.subject).toContain('Kundenkonto verknüpft');

    const login = await post(grid, '/api/v1/auth/login', { identifier: 'brandt@example.com', password: PASSWORD });
    const session = login.json<{ accounts: Array<{ customerNumber: string; customerId: string }>; selectedCustomerId: string | null }>();
    expect(session.accounts.map((a) => a.customerNumber)).toEqual(['42220001', '42220002']);
    expect(session.selectedCustomerId).toBeNull();
    const chosen = await post(grid, '/api/v1/auth/select-account', { customerId: session.accounts[1]!.customerId }, cookieOf(login));
    expect(chosen.json().selectedCustomerId).toBe(session.accounts[1]!.customerId);
    // the choice is remembered for the next sign-in
    const again = await post(grid, '/api/v1/auth/login', { identifier: 'brandt@example.com', password: PASSWORD });
    expect(again.json().selectedCustomerId).toBe(session.accounts[1]!.customerId);
  });

  it('takes a request for the GP-Nr and mails the requester a copy', async () => {
    const res = await post(grid, '/api/v1/auth/gp-number-request', {
      name: 'Heike Janssen',
      address: { street: 'Deichstraße', houseNumber: '4', postalCode: '25813', city: 'Husum' },
      connectionAddress: { street: 'Am Hafen', houseNumber: '2', postalCode: '25813', city: 'Husum' },
      meterNumber: '1ESY1169999999',
      email: 'heike@example.com',
      locale: 'de',
    });
    expect(res.statusCode, res.body).toBe(202);
    const [copy] = await mailsTo(database, grid, 'heike@example.com');
    expect(copy?.text).toContain('Anschlussobjekt: Am Hafen 2, 25813 Husum');
    expect(copy?.text).toContain('1ESY1169999999');
    const rows = await withTenant(database, grid.id, (trx) => trx.selectFrom('gp_number_requests').select(['status', 'meter_number']).execute());
    expect(rows).toEqual([{ status: 'open', meter_number: '1ESY1169999999' }]);
    const elsewhere = await post(byName, '/api/v1/auth/gp-number-request', { name: 'X Y', address: { street: 'A', houseNumber: '1', postalCode: '12345', city: 'B' }, meterNumber: '1', email: 'x@example.com', locale: 'de' });
    expect(elsewhere.statusCode).toBe(404);
  });
});

describe('linked customer accounts', () => {
  async function signedIn(email: string, customerNumber: string, meterNumber: string): Promise<string> {
    await createCustomer(database, byName, { customerNumber, meterNumber });
    await post(byName, '/api/v1/auth/register', { method: 'customer_meter', customerNumber, meterNumber, email, password: PASSWORD, locale: 'de' });
    await activate(byName, email);
    return cookieOf(await post(byName, '/api/v1/auth/login', { identifier: email, password: PASSWORD }));
  }

  it('links another customer number with its proof and unlinks it again, never the last one', async () => {
    const cookie = await signedIn('link@example.com', '41120001', 'L-1');
    await createCustomer(database, byName, { customerNumber: '41120002', meterNumber: 'L-2' });
    const wrong = await post(byName, '/api/v1/me/accounts', { proof: { method: 'customer_meter', customerNumber: '41120002', meterNumber: 'L-9' } }, cookie);
    expect(wrong.statusCode).toBe(422);
    const linked = await post(byName, '/api/v1/me/accounts', { proof: { method: 'customer_meter', customerNumber: '41120002', meterNumber: 'l 2' } }, cookie);
    expect(linked.statusCode, linked.body).toBe(200);
    const accounts = linked.json<{ accounts: Array<{ customerId: string; customerNumber: string }> }>().accounts;
    expect(accounts.map((a) => a.customerNumber)).toEqual(['41120001', '41120002']);
    const remove = (customerId: string) => app.inject({ method: 'DELETE', url: `/api/v1/me/accounts/${customerId}`, headers: { host: hostOf(byName), cookie } });
    expect((await remove(accounts[1]!.customerId)).statusCode).toBe(200);
    const last = await remove(accounts[0]!.customerId);
    expect(last.statusCode).toBe(409);
  });

  it("needs the other access's password to link an account registered already, then merges the logins", async () => {
    const cookie = await signedIn('haupt@example.com', '41130001', 'M-1');
    await signedIn('zweit@example.com', '41130002', 'M-2');
    const proof = { method: 'customer_meter', customerNumber: '41130002', meterNumber: 'M-2' };
    const missing = await post(byName, '/api/v1/me/accounts', { proof }, cookie);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0]).toMatchObject({ field: 'otherPassword' });
    expect(missing.json().errors[0].message).toContain('zw***@example.com');
    const merged = await post(byName, '/api/v1/me/accounts', { proof, otherPassword: PASSWORD }, cookie);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().accounts).toHaveLength(2);
    expect((await post(byName, '/api/v1/auth/login', { identifier: 'zweit@example.com', password: PASSWORD })).statusCode).toBe(401);
    expect((await post(byName, '/api/v1/auth/login', { identifier: '41130002', password: PASSWORD })).json().login.email).toBe('haupt@example.com');
  });

  it("cannot unlink another login's account", async () => {
    const cookie = await signedIn('fremd1@example.com', '41140001', 'F-1');
    const { customerId } = await createCustomer(database, byName, { customerNumber: '41140002', meterNumber: 'F-2' });
    const res = await app.inject({ method: 'DELETE', url: `/api/v1/me/accounts/${customerId}`, headers: { host: hostOf(byName), cookie } });
    expect(res.statusCode).toBe(404);
  });
});
