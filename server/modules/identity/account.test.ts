// Managing one's access: e-mail change (SEC-11, SEC-12), step-up, deleting the registration
// (GDPR-02) and invitation links.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { caller, sessionCookieOf, signedInCustomer as signedInCustomerVia } from '../../../test/http.ts';
import { buildTestApp, createCustomer, createTenant, hostOf, mailsTo, tokenFromMail } from '../../../test/factories.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { createInvitation, requireRecentAuthentication } from './account.service.ts';
import { selectedCustomer, type AuthContext } from './sessions.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
let now = new Date('2026-05-04T08:00:00Z');
const PASSWORD = 'Leuchtturm im Nebel 7';
let n = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database, { registrationMethods: ['customer_meter', 'invitation'] });
  other = await createTenant(database);
  app = await buildTestApp(database, { extra: { clock: () => now } });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const req = (method: 'POST' | 'DELETE' | 'GET', url: string, body?: unknown, cookie?: string, host?: string) => caller(app, tenant)(method, url, { body, cookie, host });
const cookieOf = sessionCookieOf;

async function signedInCustomer() {
  n += 1;
  return signedInCustomerVia(database, caller(app, tenant), tenant, n, PASSWORD);
}

describe('changing the e-mail address', () => {
  it('needs the password, both addresses alike and a confirmation from the new address; the old one is told', async () => {
    const { email, cookie } = await signedInCustomer();
    const session = await req('GET', '/api/v1/auth/session', undefined, cookie);
    expect(session.json().login.maskedEmail).toMatch(/^ku\*+@example\.com$/);

    const mismatch = await req('POST', '/api/v1/me/email', { newEmail: 'neu@example.com', newEmailRepeat: 'neu@example.org', password: PASSWORD }, cookie);
    expect(mismatch.json().errors[0].field).toBe('newEmailRepeat');
    const wrong = await req('POST', '/api/v1/me/email', { newEmail: 'neu@example.com', newEmailRepeat: 'neu@example.com', password: 'falsch falsch' }, cookie);
    expect(wrong.json().errors[0].field).toBe('password');

    const ok = await req('POST', '/api/v1/me/email', { newEmail: 'Neu@Example.com', newEmailRepeat: 'neu@example.com', password: PASSWORD }, cookie);
    expect(ok.statusCode).toBe(202);
    // nothing changes before the new address confirms
    expect((await req('GET', '/api/v1/auth/session', undefined, cookie)).json().login.email).toBe(email);
    const [confirm] = await mailsTo(database, tenant, 'neu@example.com');
    const token = tokenFromMail(confirm!.text);
    expect((await req('POST', '/api/v1/auth/confirm-email', { token }, undefined, hostOf(other))).statusCode).toBe(410);
    const done = await req('POST', '/api/v1/auth/confirm-email', { token });
    expect(done.json()).toEqual({ status: 'email_changed', email: 'neu@example.com' });
    expect((await req('POST', '/api/v1/auth/confirm-email', { token })).statusCode).toBe(410);

    const [notice] = await mailsTo(database, tenant, email);
    expect(notice?.subject).toContain('Ihre E-Mail-Adresse wurde geändert');
    expect(notice?.text).toContain('ne***@example.com');
    expect(notice?.text).not.toContain('neu@example.com');
    expect((await req('POST', '/api/v1/auth/login', { identifier: 'neu@example.com', password: PASSWORD })).statusCode).toBe(200);
    expect((await req('POST', '/api/v1/auth/login', { identifier: email, password: PASSWORD })).statusCode).toBe(401);
  });

  it('answers the same for an address that belongs to another access, and mails that address instead', async () => {
    const a = await signedInCustomer();
    const b = await signedInCustomer();
    const res = await req('POST', '/api/v1/me/email', { newEmail: b.email, newEmailRepeat: b.email, password: PASSWORD }, a.cookie);
    expect(res.statusCode).toBe(202);
    const [mail] = await mailsTo(database, tenant, b.email);
    expect(mail?.subject).toContain('Sie sind bereits registriert');
    expect(mail?.text).toContain('die E-Mail-Adresse eines anderen Zugangs');
    expect(mail?.text).not.toContain(a.email);
  });
});

describe('step-up authentication (SEC-11)', () => {
  it('requires a password confirmation within the last five minutes for sensitive changes', async () => {
    const { cookie } = await signedInCustomer();
    const base: AuthContext = { tenant, sessionId: 'x', loginId: 'y', selectedCustomerId: null, createdAt: now, idleExpiresAt: now, absoluteExpiresAt: now, reauthenticatedAt: null };
    expect(() => requireRecentAuthentication(base, now)).toThrow(expect.objectContaining({ code: 'step_up_required', status: 403 }));
    expect(() => requireRecentAuthentication({ ...base, reauthenticatedAt: new Date(now.getTime() - 4 * 60_000) }, now)).not.toThrow();
    expect(() => requireRecentAuthentication({ ...base, reauthenticatedAt: new Date(now.getTime() - 6 * 60_000) }, now)).toThrow();

    expect((await req('POST', '/api/v1/auth/reauth', { password: 'falsch falsch' }, cookie)).statusCode).toBe(400);
    const confirmed = await req('POST', '/api/v1/auth/reauth', { password: PASSWORD }, cookie);
    expect(confirmed.statusCode).toBe(204);
    // SEC-08: the session id rotates at step-up; the old cookie is worthless
    const rotated = cookieOf(confirmed);
    expect(rotated).not.toBe('');
    expect(rotated).not.toBe(cookie);
    expect((await req('GET', '/api/v1/auth/session', undefined, rotated)).statusCode).toBe(200);
    expect((await req('GET', '/api/v1/auth/session', undefined, cookie)).statusCode).toBe(401);
  });
});

describe('the selected customer account', () => {
  it('is what customer views work on, only while it is linked to the login', async () => {
    const { customerId, cookie } = await signedInCustomer();
    const session = await req('GET', '/api/v1/auth/session', undefined, cookie);
    const loginId = await withTenant(database, tenant.id, async (trx) => (await trx.selectFrom('login_customers').select('login_id').where('customer_id', '=', customerId).executeTakeFirstOrThrow()).login_id);
    const auth: AuthContext = { tenant, sessionId: 'x', loginId, selectedCustomerId: session.json<{ selectedCustomerId: string }>().selectedCustomerId, createdAt: now, idleExpiresAt: now, absoluteExpiresAt: now, reauthenticatedAt: now };
    expect(await withTenant(database, tenant.id, (trx) => selectedCustomer(trx, auth))).toBe(customerId);
    // not chosen, or chosen but no longer linked (e.g. unlinked in another session): refused
    await expect(withTenant(database, tenant.id, (trx) => selectedCustomer(trx, { ...auth, selectedCustomerId: null }))).rejects.toMatchObject({ code: 'account_not_selected', status: 409 });
    const stranger = await createCustomer(database, tenant, { customerNumber: '48888888', meterNumber: 'SEL-1' });
    await expect(withTenant(database, tenant.id, (trx) => selectedCustomer(trx, { ...auth, selectedCustomerId: stranger.customerId }))).rejects.toMatchObject({ code: 'account_not_selected' });
  });
});

describe('deleting the registration (GDPR-02)', () => {
  it('removes login, sessions and links with the password; customer records and audit stay', async () => {
    const { email, cookie, customerId } = await signedInCustomer();
    expect((await req('DELETE', '/api/v1/me', { password: 'falsch falsch' }, cookie)).statusCode).toBe(400);
    const res = await req('DELETE', '/api/v1/me', { password: PASSWORD }, cookie);
    expect(res.statusCode).toBe(204);
    expect((await req('GET', '/api/v1/auth/session', undefined, cookie)).statusCode).toBe(401);
    expect((await req('POST', '/api/v1/auth/login', { identifier: email, password: PASSWORD })).statusCode).toBe(401);
    const state = await withTenant(database, tenant.id, async (trx) => ({
      logins: await trx.selectFrom('logins').select('id').where('email', '=', email).execute(),
      customer: await trx.selectFrom('customers').select('id').where('id', '=', customerId).execute(),
      links: await trx.selectFrom('login_customers').select('login_id').where('customer_id', '=', customerId).execute(),
      audit: await trx.selectFrom('audit_log').select('action').where('action', '=', 'registration.deleted').execute(),
    }));
    expect(state.logins).toEqual([]);
    expect(state.links).toEqual([]);
    expect(state.customer).toHaveLength(1);
    expect(state.audit.length).toBeGreaterThanOrEqual(1);
    const [mail] = await mailsTo(database, tenant, email);
    expect(mail?.subject).toContain('Ihre Registrierung wurde gelöscht');
  });
});

describe('invitation links', () => {
  it('create an active login bound to the invited address and customer account, once', async () => {
    const { customerId } = await createCustomer(database, tenant, { customerNumber: '47777777', meterNumber: 'INV-1' });
    await withTenant(database, tenant.id, (trx) => createInvitation(trx, tenant, { email: 'mieterin@example.com', customerId, locale: 'de', invitedBy: 'staff-1', now }));
    const [mail] = await mailsTo(database, tenant, 'mieterin@example.com');
    expect(mail?.subject).toContain('Einladung zum Kundenportal');
    const token = tokenFromMail(mail!.text);
    expect((await req('POST', '/api/v1/auth/token-info', { token })).json()).toEqual({ purpose: 'invitation', email: 'mieterin@example.com', needsPassword: true });
    expect((await req('POST', '/api/v1/auth/activate', { token, password: PASSWORD }, undefined, hostOf(other))).statusCode).toBe(410);
    expect((await req('POST', '/api/v1/auth/activate', { token })).statusCode).toBe(400);
    expect((await req('POST', '/api/v1/auth/activate', { token, password: PASSWORD })).statusCode).toBe(200);
    expect((await req('POST', '/api/v1/auth/activate', { token, password: PASSWORD })).statusCode).toBe(410);
    const login = await req('POST', '/api/v1/auth/login', { identifier: 'mieterin@example.com', password: PASSWORD });
    expect(login.json<{ accounts: Array<{ customerNumber: string }> }>().accounts.map((a) => a.customerNumber)).toEqual(['47777777']);
  });

  it('expire after 14 days', async () => {
    const { customerId } = await createCustomer(database, tenant, { customerNumber: '47777778', meterNumber: 'INV-2' });
    await withTenant(database, tenant.id, (trx) => createInvitation(trx, tenant, { email: 'spaet@example.com', customerId, locale: 'de', invitedBy: 'staff-1', now }));
    const [mail] = await mailsTo(database, tenant, 'spaet@example.com');
    now = new Date(now.getTime() + 14 * 24 * 3600_000 + 1000);
    expect((await req('POST', '/api/v1/auth/activate', { token: tokenFromMail(mail!.text), password: PASSWORD })).statusCode).toBe(410);
  });

  it('are refused where the utility does not offer them', async () => {
    const plain = await createTenant(database, { registrationMethods: ['customer_meter'] });
    const { customerId } = await createCustomer(database, plain, { customerNumber: '47777779', meterNumber: 'INV-3' });
    await expect(
      withTenant(database, plain.id, (trx) => createInvitation(trx, plain, { email: 'nein@example.com', customerId, locale: 'de', invitedBy: 'staff-1', now })),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
