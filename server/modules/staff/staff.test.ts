// Back-office staff (SEC-07, SEC-16, SEC-19): invitation by link, password AND authenticator code at
// every sign-in, enrolment before anything works, roles allowed only their actions, locking ends
// sessions, the last admin stays, nothing crosses tenants, and every step is audited.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, hostOf, mailsTo } from '../../../test/factories.ts';
import { caller } from '../../../test/http.ts';
import { createStaff, signInStaff, STAFF_PASSWORD, staffCookieOf, totpCode } from '../../../test/staff.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { invite, resetSecondFactor } from './staff.service.ts';
import type { Tenant } from '../tenants/tenants.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
let now = new Date('2026-05-04T08:00:00Z');
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

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

const call = (...args: Parameters<ReturnType<typeof caller>>) => caller(app, tenant)(...args);

async function auditActions(staffId: string): Promise<string[]> {
  return withTenant(database, tenant.id, async (trx) =>
    (await trx.selectFrom('audit_log').select('action').where('tenant_id', '=', tenant.id).where('actor_id', '=', staffId).orderBy('id').execute()).map((r) => r.action),
  );
}

describe('sign-in', () => {
  it('needs the password and then a code from the authenticator; the code works once', async () => {
    const clerk = await createStaff(database, tenant, 'clerk');
    const step1 = await call('POST', '/api/v1/backoffice/auth/login', { body: { email: clerk.email, password: STAFF_PASSWORD } });
    expect(step1.statusCode).toBe(202);
    expect(step1.json()).toMatchObject({ next: 'totp' });
    const pending = staffCookieOf(step1);
    // Half signed in opens nothing.
    expect((await call('GET', '/api/v1/backoffice/auth/session', { cookie: pending })).statusCode).toBe(401);
    const wrong = await call('POST', '/api/v1/backoffice/auth/totp', { cookie: pending, body: { code: '000000' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'second_factor_invalid' });
    const code = await totpCode(clerk.secret, now);
    const step2 = await call('POST', '/api/v1/backoffice/auth/totp', { cookie: pending, body: { code } });
    expect(step2.statusCode, step2.body).toBe(200);
    expect(step2.json()).toMatchObject({ staff: { email: clerk.email, role: 'clerk' } });
    const cookie = staffCookieOf(step2);
    expect(cookie).not.toBe(pending); // rotated
    expect((await call('GET', '/api/v1/backoffice/auth/session', { cookie: pending })).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/backoffice/auth/session', { cookie })).statusCode).toBe(200);

    // The same code again, in a new sign-in, is refused.
    const again = await call('POST', '/api/v1/backoffice/auth/login', { body: { email: clerk.email, password: STAFF_PASSWORD } });
    const replay = await call('POST', '/api/v1/backoffice/auth/totp', { cookie: staffCookieOf(again), body: { code } });
    expect(replay.statusCode).toBe(401);
    expect(await auditActions(clerk.id)).toEqual(expect.arrayContaining(['staff.password_accepted', 'staff.second_factor_failed', 'staff.login_succeeded']));
  });

  it('refuses a wrong password and an unknown address alike, and a customer session is no staff session', async () => {
    const clerk = await createStaff(database, tenant, 'clerk');
    const wrong = await call('POST', '/api/v1/backoffice/auth/login', { body: { email: clerk.email, password: 'falsch-falsch-falsch' } });
    const unknown = await call('POST', '/api/v1/backoffice/auth/login', { body: { email: 'niemand@example.org', password: STAFF_PASSWORD } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().title).toBe(unknown.json().title);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const bad = await call('POST', '/api/v1/backoffice/auth/login', { body: { email: 'kein-at-zeichen', password: 'x' } });
    expect(bad.statusCode).toBe(400);
    // The customer cookie name does not open the back office.
    expect((await call('GET', '/api/v1/backoffice/auth/session', { cookie: '__Host-kp_session=abc' })).statusCode).toBe(401);
  });

  it('ends an idle session and the absolute limit', async () => {
    const admin = await createStaff(database, tenant, 'admin');
    const cookie = await signInStaff(app, tenant, admin, now);
    later(Math.min(30, tenant.config.session.idleTimeoutMinutes) * 60_000 + 1000);
    const expired = await call('GET', '/api/v1/backoffice/auth/session', { cookie });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'session_expired' });
  });

  it('is bound to the tenant of the host', async () => {
    const admin = await createStaff(database, tenant, 'admin');
    later(60_000);
    const cookie = await signInStaff(app, tenant, admin, now);
    const elsewhere = await call('GET', '/api/v1/backoffice/auth/session', { cookie, host: hostOf(other) });
    expect(elsewhere.statusCode).toBe(401);
    const login = await call('POST', '/api/v1/backoffice/auth/login', { host: hostOf(other), body: { email: admin.email, password: STAFF_PASSWORD } });
    expect(login.statusCode).toBe(401);
  });
});

describe('invitation and enrolment', () => {
  it('an admin invites; the link sets the password; the authenticator must be set up before anything works', async () => {
    const admin = await createStaff(database, tenant, 'admin');
    later(60_000);
    const adminCookie = await signInStaff(app, tenant, admin, now);
    const email = `neu.${String(Date.now())}@stadtwerke.example`;
    const invited = await call('POST', '/api/v1/backoffice/staff', { cookie: adminCookie, body: { email, name: 'Erika Neu', role: 'clerk' } });
    expect(invited.statusCode, invited.body).toBe(201);
    const duplicate = await call('POST', '/api/v1/backoffice/staff', { cookie: adminCookie, body: { email, name: 'Erika Neu', role: 'clerk' } });
    expect(duplicate.statusCode).toBe(409);

    const [mail] = await mailsTo(database, tenant, email);
    expect(mail?.subject).toContain('Einladung');
    const token = /einladung#([A-Za-z0-9_-]+)/.exec(mail!.text)?.[1];
    expect(token).toBeTruthy();
    const info = await call('POST', '/api/v1/backoffice/auth/invitation-info', { body: { token } });
    expect(info.json()).toMatchObject({ email, name: 'Erika Neu' });

    // No sign-in before the invitation is accepted.
    expect((await call('POST', '/api/v1/backoffice/auth/login', { body: { email, password: STAFF_PASSWORD } })).statusCode).toBe(401);
    const weak = await call('POST', '/api/v1/backoffice/auth/accept-invitation', { body: { token, password: 'passwort', passwordRepeat: 'passwort' } });
    expect(weak.statusCode).toBe(400);
    const accepted = await call('POST', '/api/v1/backoffice/auth/accept-invitation', { body: { token, password: STAFF_PASSWORD, passwordRepeat: STAFF_PASSWORD } });
    expect(accepted.statusCode, accepted.body).toBe(202);
    expect(accepted.json()).toMatchObject({ next: 'enrol_totp' });
    const enrolCookie = staffCookieOf(accepted);
    // The link works once.
    expect((await call('POST', '/api/v1/backoffice/auth/accept-invitation', { body: { token, password: STAFF_PASSWORD, passwordRepeat: STAFF_PASSWORD } })).statusCode).toBe(410);
    // Nothing but the enrolment works yet.
    expect((await call('GET', '/api/v1/backoffice/auth/session', { cookie: enrolCookie })).statusCode).toBe(401);
    const setup = await call('GET', '/api/v1/backoffice/auth/totp-setup', { cookie: enrolCookie });
    expect(setup.statusCode).toBe(200);
    const { secret, qrSvg } = setup.json<{ secret: string; qrSvg: string }>();
    expect(qrSvg).toContain('<svg');
    const confirmed = await call('POST', '/api/v1/backoffice/auth/totp-setup', { cookie: enrolCookie, body: { code: await totpCode(secret, now) } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ staff: { email, role: 'clerk', name: 'Erika Neu' } });

    // From now on: password plus code.
    later(30_000);
    const login = await call('POST', '/api/v1/backoffice/auth/login', { body: { email, password: STAFF_PASSWORD } });
    expect(login.json()).toMatchObject({ next: 'totp' });
    const list = await call('GET', '/api/v1/backoffice/staff', { cookie: adminCookie });
    expect(list.json()).toEqual(expect.arrayContaining([expect.objectContaining({ email, status: 'active', secondFactor: true })]));
  });

  it('an expired link is refused', async () => {
    const admin = await createStaff(database, tenant, 'admin');
    later(60_000);
    const adminCookie = await signInStaff(app, tenant, admin, now);
    const email = `spaet.${String(Date.now())}@stadtwerke.example`;
    await call('POST', '/api/v1/backoffice/staff', { cookie: adminCookie, body: { email, name: 'Spät', role: 'read_only' } });
    const [mail] = await mailsTo(database, tenant, email);
    const token = /einladung#([A-Za-z0-9_-]+)/.exec(mail!.text)?.[1];
    later(73 * 3600_000);
    const res = await call('POST', '/api/v1/backoffice/auth/accept-invitation', { body: { token, password: STAFF_PASSWORD, passwordRepeat: STAFF_PASSWORD } });
    expect(res.statusCode).toBe(410);
  });
});

describe('roles', () => {
  it('clerks see the colleagues they can assign requests to; read-only members do not', async () => {
    const clerk = await createStaff(database, other, 'clerk');
    const reader = await createStaff(database, other, 'read_only');
    const locked = await createStaff(database, other, 'clerk');
    await withTenant(database, other.id, (trx) => trx.updateTable('staff_members').set({ status: 'locked' }).where('id', '=', locked.id).execute());
    later(60_000);
    const cookie = await signInStaff(app, other, clerk, now);
    const res = await caller(app, other)('GET', '/api/v1/backoffice/colleagues', { cookie });
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json<Array<{ id: string; name: string }>>().map((c) => c.id);
    expect(ids).toContain(clerk.id);
    expect(ids).not.toContain(reader.id);
    expect(ids).not.toContain(locked.id);
    expect(res.body).not.toContain('@');
    const readerCookie = await signInStaff(app, other, reader, now);
    expect((await caller(app, other)('GET', '/api/v1/backoffice/colleagues', { cookie: readerCookie })).statusCode).toBe(403);
  });

  it('only admins manage staff; clerks and read-only get 403', async () => {
    for (const role of ['clerk', 'read_only'] as const) {
      const member = await createStaff(database, tenant, role);
      later(60_000);
      const cookie = await signInStaff(app, tenant, member, now);
      expect((await call('GET', '/api/v1/backoffice/staff', { cookie })).statusCode).toBe(403);
      expect((await call('POST', '/api/v1/backoffice/staff', { cookie, body: { email: 'x@example.org', name: 'X', role: 'admin' } })).statusCode).toBe(403);
    }
  });

  it('locking ends the sessions; the last admin cannot be locked or demoted; unknown ids and other tenants are 404', async () => {
    const admin = await createStaff(database, other, 'admin');
    const clerk = await createStaff(database, other, 'clerk');
    later(60_000);
    const otherCall = caller(app, other);
    const adminCookie = await signInStaff(app, other, admin, now);
    const clerkCookie = await signInStaff(app, other, clerk, now);
    const locked = await otherCall('PATCH', `/api/v1/backoffice/staff/${clerk.id}`, { cookie: adminCookie, body: { status: 'locked' } });
    expect(locked.statusCode, locked.body).toBe(200);
    expect((await otherCall('GET', '/api/v1/backoffice/auth/session', { cookie: clerkCookie })).statusCode).toBe(401);
    const demote = await otherCall('PATCH', `/api/v1/backoffice/staff/${admin.id}`, { cookie: adminCookie, body: { role: 'clerk' } });
    expect(demote.statusCode).toBe(409);
    const self = await otherCall('PATCH', `/api/v1/backoffice/staff/${admin.id}`, { cookie: adminCookie, body: { status: 'locked' } });
    expect(self.statusCode).toBe(409);
    // The other tenant's member is not found from here.
    const tenantAdmin = await createStaff(database, tenant, 'admin');
    const tenantCookie = await signInStaff(app, tenant, tenantAdmin, now);
    expect((await call('PATCH', `/api/v1/backoffice/staff/${clerk.id}`, { cookie: tenantCookie, body: { status: 'active' } })).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/backoffice/staff', { cookie: tenantCookie })).json<Array<{ email: string }>>().map((s) => s.email)).not.toContain(clerk.email);
  });

  it('after an admin reset the authenticator, the next sign-in must set up a new one', async () => {
    const admin = await createStaff(database, tenant, 'admin');
    const clerk = await createStaff(database, tenant, 'clerk');
    later(60_000);
    const adminCookie = await signInStaff(app, tenant, admin, now);
    expect((await call('POST', `/api/v1/backoffice/staff/${clerk.id}/reset-second-factor`, { cookie: adminCookie })).statusCode).toBe(204);
    const login = await call('POST', '/api/v1/backoffice/auth/login', { body: { email: clerk.email, password: STAFF_PASSWORD } });
    expect(login.json()).toMatchObject({ next: 'enrol_totp' });
    const code = await call('POST', '/api/v1/backoffice/auth/totp', { cookie: staffCookieOf(login), body: { code: await totpCode(clerk.secret, now) } });
    expect(code.statusCode).toBe(401);
  });
});

describe('operators (CLI)', () => {
  it("invite a new utility's first admin and reset a member's authenticator, audited as operator", async () => {
    const email = `erste.admin.${String(Date.now())}@stadtwerke.example`;
    const { token } = await invite(database, tenant, { email, name: 'Erste Admin', role: 'admin', locale: 'de' }, { staffId: null, name: 'Betrieb', actorType: 'operator' }, { now, requestId: 'cli', locale: 'de' });
    expect((await call('POST', '/api/v1/backoffice/auth/invitation-info', { body: { token } })).json()).toMatchObject({ email, name: 'Erste Admin' });
    const clerk = await createStaff(database, tenant, 'clerk');
    await resetSecondFactor(database, tenant, { email: clerk.email }, { actorType: 'operator', actorId: null }, { requestId: 'cli' });
    await expect(resetSecondFactor(database, tenant, { email: 'niemand@example.org' }, { actorType: 'operator', actorId: null }, { requestId: 'cli' })).rejects.toMatchObject({ code: 'not_found' });
    const login = await call('POST', '/api/v1/backoffice/auth/login', { body: { email: clerk.email, password: STAFF_PASSWORD } });
    expect(login.json()).toMatchObject({ next: 'enrol_totp' });
    const audit = await withTenant(database, tenant.id, (trx) =>
      trx.selectFrom('audit_log').select(['action', 'actor_type']).where('tenant_id', '=', tenant.id).where('target_id', '=', clerk.id).execute(),
    );
    expect(audit).toEqual([{ action: 'staff.second_factor_reset', actor_type: 'operator' }]);
  });
});

