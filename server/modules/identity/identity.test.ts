// Registration, activation, sign-in, sessions and passwords through HTTP, with a controllable clock.
// SEC-01..06, SEC-08..10, SEC-13, TEN-05 as far as these flows reach.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { caller, sessionCookieOf, type Call } from '../../../test/http.ts';
import { buildTestApp, createCustomer, createTenant, hostOf, mailsTo, tokenFromMail } from '../../../test/factories.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { assertNotThrottled, recordFailure } from './throttle.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
let now = new Date('2026-03-02T09:00:00Z');
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const PASSWORD = 'Abendrot über Musterstadt';
let counter = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  other = await createTenant(database);
  app = await buildTestApp(database, { extra: { clock: () => now } });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const call: Call = (method, url, options) => caller(app, tenant)(method, url, options);

function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = sessionCookieOf(res);
  if (!cookie) throw new Error(`no session cookie: ${String(res.headers['set-cookie'])}`);
  return cookie;
}

/** A fresh customer, registered and activated; returns its e-mail. */
async function registeredCustomer(): Promise<{ email: string; customerNumber: string; meterNumber: string }> {
  counter += 1;
  const customerNumber = `4${String(1_000_000 + counter * 7919).padStart(7, '0')}`;
  const meterNumber = `1EMH00${String(10_000_000 + counter).padStart(8, '0')}`;
  await createCustomer(database, tenant, { customerNumber, meterNumber });
  const email = `kunde${counter}@example.com`;
  const res = await call('POST', '/api/v1/auth/register', { body: { method: 'customer_meter', customerNumber, meterNumber, email, password: PASSWORD, locale: 'de' } });
  expect(res.statusCode, res.body).toBe(202);
  const [mail] = await mailsTo(database, tenant, email);
  const activated = await call('POST', '/api/v1/auth/activate', { body: { token: tokenFromMail(mail!.text) } });
  expect(activated.statusCode, activated.body).toBe(200);
  return { email, customerNumber, meterNumber };
}

async function signIn(identifier: string, password = PASSWORD): Promise<string> {
  const res = await call('POST', '/api/v1/auth/login', { body: { identifier, password } });
  expect(res.statusCode, res.body).toBe(200);
  return sessionCookie(res);
}

describe('registration with customer number and meter number', () => {
  it('accepts numbers typed with spaces, dashes and lower case and mails an activation link', async () => {
    await createCustomer(database, tenant, { customerNumber: '41234567', meterNumber: '1EMH0012345678' });
    const res = await call('POST', '/api/v1/auth/register', {
      body: { method: 'customer_meter', customerNumber: ' 4123 4567 ', meterNumber: '1emh-0012 3456-78', email: 'Anna.Neu@Example.com', password: PASSWORD, locale: 'de' },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ status: 'check_email', email: 'anna.neu@example.com' });
    const [mail] = await mailsTo(database, tenant, 'anna.neu@example.com');
    expect(mail?.subject).toContain('Bitte bestätigen Sie Ihre E-Mail-Adresse');
    expect(mail?.text).toContain(`http://${tenant.slug}.localhost:3000/aktivieren#token=`);
    const stored = await withTenant(database, tenant.id, (trx) => trx.selectFrom('logins').select(['status', 'password_hash']).where('email', '=', 'anna.neu@example.com').executeTakeFirstOrThrow());
    expect(stored.status).toBe('pending');
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('gives one message for an unknown customer number and for a meter that does not belong to it', async () => {
    await createCustomer(database, tenant, { customerNumber: '42222222', meterNumber: '1EMH0022222222' });
    const attempt = (customerNumber: string, meterNumber: string) =>
      call('POST', '/api/v1/auth/register', { body: { method: 'customer_meter', customerNumber, meterNumber, email: 'x@example.com', password: PASSWORD, locale: 'de' }, ip: '198.51.100.1' });
    const unknown = await attempt('49999999', '1EMH0022222222');
    const mismatch = await attempt('42222222', '1EMH0099999999');
    for (const res of [unknown, mismatch]) {
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'proof_mismatch', title: 'Kundennummer und Zählernummer passen nicht zusammen.' });
    }
    const strip = (r: LightMyRequestResponse): unknown => ({ ...r.json<Record<string, unknown>>(), requestId: undefined });
    expect(strip(unknown)).toEqual(strip(mismatch));
  });

  it('refuses a wrong number format and weak passwords with translated field errors, and creates nothing', async () => {
    const res = await call('POST', '/api/v1/auth/register', {
      body: { method: 'customer_meter', customerNumber: '1234', meterNumber: 'X', email: 'weak@example.com', password: 'passwort123', locale: 'en' },
      locale: 'en',
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json<{ errors: Array<{ field: string; message: string }> }>().errors;
    expect(fields.map((f) => f.field).sort()).toEqual(['customerNumber', 'password']);
    expect(fields.find((f) => f.field === 'customerNumber')?.message).toContain('example: 41234567');
    expect(fields.find((f) => f.field === 'password')?.message).toContain('used very often');
    const logins = await withTenant(database, tenant.id, (trx) => trx.selectFrom('logins').select('id').where('email', '=', 'weak@example.com').execute());
    expect(logins).toEqual([]);
  });

  it('refuses unknown fields and oversized input', async () => {
    const extra = await call('POST', '/api/v1/auth/register', {
      body: { method: 'customer_meter', customerNumber: '41234567', meterNumber: '1', email: 'a@example.com', password: PASSWORD, locale: 'de', isAdmin: true },
    });
    expect(extra.statusCode).toBe(400);
    const huge = await call('POST', '/api/v1/auth/register', {
      body: { method: 'customer_meter', customerNumber: '4'.repeat(5000), meterNumber: '1', email: 'a@example.com', password: PASSWORD, locale: 'de' },
    });
    expect(huge.statusCode).toBe(400);
  });

  it('answers an already registered e-mail address like a new one and mails a notice instead (SEC-05)', async () => {
    const { email } = await registeredCustomer();
    await createCustomer(database, tenant, { customerNumber: '43333333', meterNumber: '1EMH0033333333' });
    const res = await call('POST', '/api/v1/auth/register', { body: { method: 'customer_meter', customerNumber: '43333333', meterNumber: '1EMH0033333333', email, password: PASSWORD, locale: 'de' } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ status: 'check_email', email });
    const [notice] = await mailsTo(database, tenant, email);
    expect(notice?.subject).toContain('Sie sind bereits registriert');
  });

  it('tells a second registrant of a customer account where its access is, without linking it', async () => {
    const { customerNumber, meterNumber, email } = await registeredCustomer();
    const res = await call('POST', '/api/v1/auth/register', { body: { method: 'customer_meter', customerNumber, meterNumber, email: 'partner@example.com', password: PASSWORD, locale: 'de' } });
    expect(res.statusCode).toBe(202);
    const [mail] = await mailsTo(database, tenant, 'partner@example.com');
    expect(mail?.text).toContain(`${email.slice(0, 2)}***`);
    expect(mail?.text).not.toContain(email);
    const partner = await withTenant(database, tenant.id, (trx) => trx.selectFrom('logins').select('id').where('email', '=', 'partner@example.com').execute());
    expect(partner).toEqual([]);
  });

  it('creates one login when the same registration is sent twice', async () => {
    await createCustomer(database, tenant, { customerNumber: '44444444', meterNumber: '1EMH0044444444' });
    const body = { method: 'customer_meter', customerNumber: '44444444', meterNumber: '1EMH0044444444', email: 'doppelt@example.com', password: PASSWORD, locale: 'de' };
    const results = await Promise.all([call('POST', '/api/v1/auth/register', { body }), call('POST', '/api/v1/auth/register', { body })]);
    expect(results.map((r) => r.statusCode)).toEqual([202, 202]);
    const logins = await withTenant(database, tenant.id, (trx) => trx.selectFrom('logins').select('id').where('email', '=', 'doppelt@example.com').execute());
    expect(logins).toHaveLength(1);
  });
});

describe('activation links (SEC-06)', () => {
  async function pendingRegistration(email: string, customerNumber: string, meterNumber: string): Promise<string> {
    await createCustomer(database, tenant, { customerNumber, meterNumber });
    await call('POST', '/api/v1/auth/register', { body: { method: 'customer_meter', customerNumber, meterNumber, email, password: PASSWORD, locale: 'de' } });
    const [mail] = await mailsTo(database, tenant, email);
    return tokenFromMail(mail!.text);
  }

  it("work once, are refused on another tenant's host, and sign-in needs them first", async () => {
    const token = await pendingRegistration('aktiv@example.com', '45555555', '1EMH0055555555');
    const info = await call('POST', '/api/v1/auth/token-info', { body: { token } });
    expect(info.json()).toEqual({ purpose: 'activation', email: 'aktiv@example.com', needsPassword: false });
    const before = await call('POST', '/api/v1/auth/login', { body: { identifier: 'aktiv@example.com', password: PASSWORD } });
    expect(before.statusCode).toBe(403);
    expect(before.json().code).toBe('activation_pending');

    const foreign = await call('POST', '/api/v1/auth/activate', { body: { token }, host: hostOf(other) });
    expect(foreign.statusCode).toBe(410);
    // the sign-in attempt above sent a fresh link; older links stop working
    const [latest] = await mailsTo(database, tenant, 'aktiv@example.com');
    const fresh = tokenFromMail(latest!.text);
    expect((await call('POST', '/api/v1/auth/activate', { body: { token } })).statusCode).toBe(410);
    expect((await call('POST', '/api/v1/auth/activate', { body: { token: fresh } })).statusCode).toBe(200);
    expect((await call('POST', '/api/v1/auth/activate', { body: { token: fresh } })).statusCode).toBe(410);
    expect((await call('POST', '/api/v1/auth/login', { body: { identifier: 'aktiv@example.com', password: PASSWORD } })).statusCode).toBe(200);
  });

  it('expire after 48 hours', async () => {
    const token = await pendingRegistration('spaet@example.com', '46666666', '1EMH0066666666');
    advance(48 * 3600_000 + 1000);
    const res = await call('POST', '/api/v1/auth/activate', { body: { token } });
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe('token_invalid');
  });
});

describe('sign-in and sessions', () => {
  it('signs in with e-mail or customer number and sets a __Host- cookie (SEC-08, SEC-13)', async () => {
    const { email, customerNumber } = await registeredCustomer();
    const res = await call('POST', '/api/v1/auth/login', { body: { identifier: email.toUpperCase(), password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^__Host-kp_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('Secure');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).not.toContain('Domain');
    expect(res.json()).toMatchObject({ login: { email }, accounts: [{ customerNumber }], selectedCustomerId: expect.any(String) });

    const byNumber = await call('POST', '/api/v1/auth/login', { body: { identifier: ` ${customerNumber} `, password: PASSWORD } });
    expect(byNumber.statusCode).toBe(200);
    expect(sessionCookie(byNumber)).not.toBe(sessionCookie(res));

    const session = await call('GET', '/api/v1/auth/session', { cookie: sessionCookie(res) });
    expect(session.statusCode).toBe(200);
    expect(session.headers['cache-control']).toBe('no-store');
  });

  it('answers a wrong password and an unknown address identically (SEC-05)', async () => {
    const { email } = await registeredCustomer();
    const wrong = await call('POST', '/api/v1/auth/login', { body: { identifier: email, password: 'falsches Passwort 1' }, ip: '192.0.2.10' });
    const unknown = await call('POST', '/api/v1/auth/login', { body: { identifier: 'niemand@example.com', password: 'falsches Passwort 1' }, ip: '192.0.2.11' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect({ ...wrong.json(), requestId: 0 }).toEqual({ ...unknown.json(), requestId: 0 });
    expect(wrong.json().title).toBe('E-Mail-Adresse, Kundennummer oder Passwort sind nicht richtig.');
  });

  it("refuses the session cookie on another tenant's host (TEN-05)", async () => {
    const { email } = await registeredCustomer();
    const cookie = await signIn(email);
    const res = await call('GET', '/api/v1/auth/session', { cookie, host: hostOf(other) });
    expect(res.statusCode).toBe(401);
  });

  it('ends the session after the idle timeout and keeps it while active (SEC-09)', async () => {
    const { email } = await registeredCustomer();
    const cookie = await signIn(email);
    advance(14 * 60_000);
    const alive = await call('POST', '/api/v1/auth/keepalive', { cookie });
    expect(alive.statusCode).toBe(200);
    expect(new Date(alive.json().idleExpiresAt).getTime()).toBe(now.getTime() + 15 * 60_000);
    advance(15 * 60_000 + 1000);
    const expired = await call('GET', '/api/v1/auth/session', { cookie });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('session_expired');
    expect(String(expired.headers['set-cookie'])).toContain('Max-Age=0');
  });

  it('extends the idle timeout with ordinary requests at most once a minute and tells the stored deadline (SEC-09)', async () => {
    const { email } = await registeredCustomer();
    const cookie = await signIn(email);
    const signedInAt = now.getTime();
    advance(30_000);
    const soon = await call('GET', '/api/v1/auth/session', { cookie });
    expect(new Date(soon.json().idleExpiresAt).getTime()).toBe(signedInAt + 15 * 60_000);
    advance(40_000);
    const later = await call('GET', '/api/v1/auth/session', { cookie });
    expect(new Date(later.json().idleExpiresAt).getTime()).toBe(now.getTime() + 15 * 60_000);
    // Active every 50 seconds for 20 minutes: never signed out.
    for (let seconds = 0; seconds < 20 * 60; seconds += 50) {
      advance(50_000);
      expect((await call('GET', '/api/v1/auth/session', { cookie })).statusCode).toBe(200);
    }
  });

  it('ends every session after 12 hours however active it is (SEC-09)', async () => {
    const { email } = await registeredCustomer();
    const cookie = await signIn(email);
    for (let minutes = 0; minutes < 12 * 60 - 10; minutes += 10) {
      advance(10 * 60_000);
      expect((await call('POST', '/api/v1/auth/keepalive', { cookie })).statusCode).toBe(200);
    }
    advance(11 * 60_000);
    expect((await call('GET', '/api/v1/auth/session', { cookie })).statusCode).toBe(401);
  }, 60_000);

  it('signs out server-side: the old cookie no longer works (SEC-10)', async () => {
    const { email } = await registeredCustomer();
    const cookie = await signIn(email);
    const out = await call('POST', '/api/v1/auth/logout', { cookie });
    expect(out.statusCode).toBe(204);
    expect((await call('GET', '/api/v1/auth/session', { cookie })).statusCode).toBe(401);
  });

  it('lists sessions and ends another one; foreign session ids are not found', async () => {
    const { email } = await registeredCustomer();
    const first = await signIn(email);
    const second = await signIn(email);
    const list = await call('GET', '/api/v1/me/sessions', { cookie: second });
    expect(list.json()).toHaveLength(2);
    const firstId = list.json<Array<{ id: string; current: boolean }>>().find((s) => !s.current)!.id;
    const someoneElse = await registeredCustomer();
    const foreignCookie = await signIn(someoneElse.email);
    expect((await call('DELETE', `/api/v1/me/sessions/${firstId}`, { cookie: foreignCookie })).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/me/sessions/${firstId}`, { cookie: second })).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/auth/session', { cookie: first })).statusCode).toBe(401);
  });

  it("refuses to select another login's customer account (SEC-16)", async () => {
    const a = await registeredCustomer();
    const b = await registeredCustomer();
    const cookieA = await signIn(a.email);
    const sessionB = (await call('POST', '/api/v1/auth/login', { body: { identifier: b.email, password: PASSWORD } })).json<{ accounts: Array<{ customerId: string }> }>();
    const res = await call('POST', '/api/v1/auth/select-account', { cookie: cookieA, body: { customerId: sessionB.accounts[0]!.customerId } });
    expect(res.statusCode).toBe(404);
  });

  it('throttles guessing with a growing delay; a reset still works (SEC-04)', async () => {
    const { email } = await registeredCustomer();
    const attempt = (password: string, ip: string) => call('POST', '/api/v1/auth/login', { body: { identifier: email, password }, ip });
    for (let i = 0; i < 6; i++) expect((await attempt('falsch falsch falsch', `10.0.${i}.1`)).statusCode).toBe(401);
    const blocked = await attempt(PASSWORD, '10.1.0.1');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
    advance(1000);
    expect((await attempt('falsch falsch falsch', '10.1.0.2')).statusCode).toBe(401);
    const longer = await attempt(PASSWORD, '10.1.0.3');
    expect(longer.statusCode).toBe(429);
    expect(longer.headers['retry-after']).toBe('2');
    expect((await call('POST', '/api/v1/auth/forgot-password', { body: { email, locale: 'de' }, ip: '10.1.0.4' })).statusCode).toBe(202);
    advance(2000);
    expect((await attempt(PASSWORD, '10.1.0.5')).statusCode).toBe(200);
  });

  it('refuses attempt 101 within an hour even without delays, then allows again', async () => {
    const rule = { freeFailures: 1000, maxPerHour: 100, maxDelaySeconds: 0 };
    const keys = [{ key: 'test:hourly', rule }];
    await withTenant(database, tenant.id, async (trx) => {
      for (let i = 0; i < 100; i++) {
        await assertNotThrottled(trx, tenant.id, keys, now);
        await recordFailure(trx, tenant.id, keys, now);
      }
      await expect(assertNotThrottled(trx, tenant.id, keys, now)).rejects.toMatchObject({ code: 'rate_limited', retryAfterSeconds: 3600 });
      await expect(assertNotThrottled(trx, tenant.id, keys, new Date(now.getTime() + 3600_000))).resolves.toBeInstanceOf(Set);
    });
  });
});

describe('passwords', () => {
  it('resets a forgotten password by mail, once, and ends all sessions (SEC-06, SEC-10, SEC-12)', async () => {
    const { email } = await registeredCustomer();
    const cookie = await signIn(email);
    const known = await call('POST', '/api/v1/auth/forgot-password', { body: { email, locale: 'de' } });
    const unknown = await call('POST', '/api/v1/auth/forgot-password', { body: { email: 'unbekannt@example.com', locale: 'de' } });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(await mailsTo(database, tenant, 'unbekannt@example.com')).toEqual([]);
    const [mail] = await mailsTo(database, tenant, email);
    const token = tokenFromMail(mail!.text);
    const weak = await call('POST', '/api/v1/auth/reset-password', { body: { token, password: 'qwertzuiop' } });
    expect(weak.statusCode).toBe(400);
    const reset = await call('POST', '/api/v1/auth/reset-password', { body: { token, password: 'Neues Passwort am Meer' } });
    expect(reset.statusCode).toBe(200);
    expect((await call('POST', '/api/v1/auth/reset-password', { body: { token, password: 'Noch ein anderes Passwort' } })).statusCode).toBe(410);
    expect((await call('GET', '/api/v1/auth/session', { cookie })).statusCode).toBe(401);
    const [notice] = await mailsTo(database, tenant, email);
    expect(notice?.subject).toContain('Ihr Passwort wurde geändert');
    expect(notice?.text).not.toContain('Neues Passwort am Meer');
    await signIn(email, 'Neues Passwort am Meer');
  });

  it('expires reset links after an hour', async () => {
    const { email } = await registeredCustomer();
    await call('POST', '/api/v1/auth/forgot-password', { body: { email, locale: 'de' } });
    const [mail] = await mailsTo(database, tenant, email);
    advance(61 * 60_000);
    expect((await call('POST', '/api/v1/auth/reset-password', { body: { token: tokenFromMail(mail!.text), password: 'Neues Passwort am Meer' } })).statusCode).toBe(410);
  });

  it('changes the password with the current one, rotates the session and ends the others', async () => {
    const { email } = await registeredCustomer();
    const other = await signIn(email);
    const cookie = await signIn(email);
    const wrong = await call('POST', '/api/v1/me/password', { cookie, body: { currentPassword: 'nicht richtig', newPassword: 'Sommerregen in Lübeck', newPasswordRepeat: 'Sommerregen in Lübeck' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ field: 'currentPassword', message: 'Das aktuelle Passwort ist nicht richtig.' }]);
    const mismatch = await call('POST', '/api/v1/me/password', { cookie, body: { currentPassword: PASSWORD, newPassword: 'Sommerregen in Lübeck', newPasswordRepeat: 'Sommerregen in Kiel' } });
    expect(mismatch.json().errors[0].field).toBe('newPasswordRepeat');
    const ok = await call('POST', '/api/v1/me/password', { cookie, body: { currentPassword: PASSWORD, newPassword: 'Sommerregen in Lübeck', newPasswordRepeat: 'Sommerregen in Lübeck' } });
    expect(ok.statusCode).toBe(204);
    const rotated = sessionCookie(ok);
    expect(rotated).not.toBe(cookie);
    expect((await call('GET', '/api/v1/auth/session', { cookie: rotated })).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/auth/session', { cookie })).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/auth/session', { cookie: other })).statusCode).toBe(401);
    await signIn(email, 'Sommerregen in Lübeck');
  });

  it('audits sign-ins and failures with actor, action and time (SEC-19)', async () => {
    const { email } = await registeredCustomer();
    await signIn(email);
    await call('POST', '/api/v1/auth/login', { body: { identifier: email, password: 'falsch falsch falsch' } });
    const actions = await withTenant(database, tenant.id, (trx) => trx.selectFrom('audit_log').select(['action', 'actor_type', 'at']).orderBy('id').execute());
    const names = actions.map((a) => a.action);
    expect(names).toContain('registration.requested');
    expect(names).toContain('registration.activated');
    expect(names).toContain('login.succeeded');
    expect(names).toContain('login.failed');
  });
});
