// Platform operators (ADR 0025, SEC-07, SEC-16, SEC-19): the console answers only on the installation
// host, always needs password AND authenticator code, its cookie is neither the staff's nor the
// customers', sessions end when idle, a locked operator is out, and what an operator does to a tenant
// is audited in that tenant with actor type operator.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { generateSecret } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, hostOf, mailsTo, TEST_SECRETS_KEY } from '../../../test/factories.ts';
import { createStaff, signInStaff, STAFF_PASSWORD, staffCookieOf, totpCode } from '../../../test/staff.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { hashPassword } from '../identity/password.ts';
import { seal } from '../identity/secret-box.ts';
import { enqueue } from '../outbox/outbox.repository.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { OPERATOR_IDLE_MS, OPERATOR_TOTP_PURPOSE } from './operator-auth.ts';
import { insertOperator } from './operator.repository.ts';
import { inviteOperator, resetOperatorFactor } from './operator.service.ts';

const PASSWORD = 'Betrieb-Test-2026!';
const INSTALLATION = 'localhost:3000';

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

type Options = { body?: unknown; cookie?: string; host?: string; headers?: Record<string, string> };
function call(method: 'GET' | 'POST' | 'PATCH', url: string, options: Options = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    remoteAddress: '203.0.113.9',
    headers: {
      host: options.host ?? INSTALLATION,
      'accept-language': 'de',
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { payload: JSON.stringify(options.body) }),
  });
}

function operatorCookieOf(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const value = Array.isArray(header) ? header[0] : header;
  return /^(__Host-kp_operator=[^;]+)/.exec(value ?? '')?.[1] ?? '';
}

let counter = 0;
type TestOperator = { id: string; email: string; secret: string };

async function createOperator(options: { status?: 'active' | 'locked' } = {}): Promise<TestOperator> {
  counter += 1;
  const email = `betrieb.${String(counter)}.${String(process.pid)}@kundenportal.example`;
  const secret = generateSecret();
  const passwordHash = await hashPassword(PASSWORD);
  const id = await database.db.transaction().execute((trx) =>
    insertOperator(trx, {
      email,
      name: `Betrieb ${String(counter)}`,
      locale: 'de',
      invitedBy: null,
      now: new Date(),
      status: options.status ?? 'active',
      passwordHash,
      totpSecretSealed: seal(Buffer.from(TEST_SECRETS_KEY, 'base64'), secret, OPERATOR_TOTP_PURPOSE),
    }),
  );
  return { id, email, secret };
}

async function signIn(operator: TestOperator): Promise<string> {
  later(31_000); // a fresh time step: every code works once
  const login = await call('POST', '/api/v1/operator/auth/login', { body: { email: operator.email, password: PASSWORD } });
  expect(login.statusCode, login.body).toBe(202);
  const code = await call('POST', '/api/v1/operator/auth/totp', { cookie: operatorCookieOf(login), body: { code: await totpCode(operator.secret, now) } });
  expect(code.statusCode, code.body).toBe(200);
  return operatorCookieOf(code);
}

async function tenantAudit(t: Tenant, action: string): Promise<Array<{ actor_type: string; actor_id: string | null; target_id: string | null }>> {
  return withTenant(database, t.id, (trx) =>
    trx.selectFrom('audit_log').select(['actor_type', 'actor_id', 'target_id']).where('tenant_id', '=', t.id).where('action', '=', action).orderBy('id').execute(),
  );
}

async function operatorAudit(operatorId: string): Promise<string[]> {
  return (await database.db.selectFrom('operator_audit_log').select('action').where('operator_id', '=', operatorId).orderBy('id').execute()).map((r) => r.action);
}

describe('sign-in', () => {
  it('needs the password and then a code; the cookie is rotated; a code works once; audited globally', async () => {
    const operator = await createOperator();
    const step1 = await call('POST', '/api/v1/operator/auth/login', { body: { email: operator.email, password: PASSWORD } });
    expect(step1.statusCode).toBe(202);
    expect(step1.json()).toMatchObject({ next: 'totp' });
    expect(String(step1.headers['set-cookie'])).toMatch(/^__Host-kp_operator=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Strict/);
    const pending = operatorCookieOf(step1);
    expect((await call('GET', '/api/v1/operator/auth/session', { cookie: pending })).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/operator/tenants', { cookie: pending })).statusCode).toBe(401);
    const wrong = await call('POST', '/api/v1/operator/auth/totp', { cookie: pending, body: { code: '000000' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'second_factor_invalid' });
    const badFormat = await call('POST', '/api/v1/operator/auth/totp', { cookie: pending, body: { code: '12ab56' } });
    expect(badFormat.statusCode).toBe(400);
    const code = await totpCode(operator.secret, now);
    const step2 = await call('POST', '/api/v1/operator/auth/totp', { cookie: pending, body: { code } });
    expect(step2.statusCode, step2.body).toBe(200);
    expect(step2.json()).toMatchObject({ operator: { email: operator.email }, idleTimeoutSeconds: OPERATOR_IDLE_MS / 1000 });
    const cookie = operatorCookieOf(step2);
    expect(cookie).not.toBe(pending);
    expect((await call('GET', '/api/v1/operator/auth/session', { cookie: pending })).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/operator/auth/session', { cookie })).statusCode).toBe(200);

    const again = await call('POST', '/api/v1/operator/auth/login', { body: { email: operator.email, password: PASSWORD } });
    const replay = await call('POST', '/api/v1/operator/auth/totp', { cookie: operatorCookieOf(again), body: { code } });
    expect(replay.statusCode).toBe(401);
    expect(await operatorAudit(operator.id)).toEqual(expect.arrayContaining(['operator.password_accepted', 'operator.second_factor_failed', 'operator.login_succeeded']));

    expect((await call('POST', '/api/v1/operator/auth/logout', { cookie })).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/operator/auth/session', { cookie })).statusCode).toBe(401);
    expect(await operatorAudit(operator.id)).toContain('operator.logout');
  });

  it('refuses a wrong password and an unknown address alike, and a locked operator', async () => {
    const operator = await createOperator();
    const wrong = await call('POST', '/api/v1/operator/auth/login', { body: { email: operator.email, password: 'falsch-falsch-falsch' } });
    const unknown = await call('POST', '/api/v1/operator/auth/login', { body: { email: 'niemand@example.org', password: PASSWORD } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().title).toBe(unknown.json().title);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect((await call('POST', '/api/v1/operator/auth/login', { body: { email: 'kein-at-zeichen', password: 'x' } })).statusCode).toBe(400);
    const locked = await createOperator({ status: 'locked' });
    const refused = await call('POST', '/api/v1/operator/auth/login', { body: { email: locked.email, password: PASSWORD } });
    expect(refused.json()).toMatchObject({ code: 'login_locked' });
    expect(refused.headers['set-cookie']).toBeUndefined();
  });

  it('ends an idle session and one past the absolute limit', async () => {
    const operator = await createOperator();
    const cookie = await signIn(operator);
    later(OPERATOR_IDLE_MS + 1000);
    const expired = await call('GET', '/api/v1/operator/auth/session', { cookie });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'session_expired' });

    const kept = await signIn(operator);
    const start = now.getTime();
    for (let i = 0; i < 40; i += 1) {
      later(14 * 60_000);
      const alive = await call('GET', '/api/v1/operator/auth/session', { cookie: kept });
      if (alive.statusCode !== 200) {
        expect(alive.json()).toMatchObject({ code: 'session_expired' });
        expect(now.getTime() - start).toBeGreaterThan(8 * 3600_000 - 14 * 60_000);
        expect(now.getTime() - start).toBeLessThanOrEqual(8 * 3600_000 + 14 * 60_000);
        return;
      }
    }
    expect.unreachable('the session outlived the absolute limit');
  });

  it('answers only on the installation host', async () => {
    const operator = await createOperator();
    const onTenant = await call('POST', '/api/v1/operator/auth/login', { host: hostOf(tenant), body: { email: operator.email, password: PASSWORD } });
    expect(onTenant.statusCode).toBe(404);
    const cookie = await signIn(operator);
    expect((await call('GET', '/api/v1/operator/tenants', { cookie, host: hostOf(tenant) })).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/operator/tenants', { cookie, host: 'unknown.example' })).statusCode).toBe(404);
  });

  it('serves the console page on the installation host also outside demo mode', async () => {
    const page = await call('GET', '/betrieb/anmelden');
    expect(page.statusCode).not.toBe(404);
    expect(page.headers['content-type']).toContain('text/html');
    // The rest of the installation host stays closed outside demo mode.
    expect((await call('GET', '/irgendwas')).statusCode).toBe(404);
  });

  it('refuses cross-site requests (CSRF) like the back office', async () => {
    const operator = await createOperator();
    const cookie = await signIn(operator);
    const crossSite = await call('POST', '/api/v1/operator/tenants/x/staff', { cookie, headers: { 'sec-fetch-site': 'cross-site' }, body: { email: 'a@example.org', name: 'A', role: 'admin' } });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json().code).toBe('csrf_rejected');
    const foreignOrigin = await call('POST', '/api/v1/operator/auth/logout', { cookie, headers: { origin: 'http://musterstadt.localhost:3000' } });
    expect(foreignOrigin.json().code).toBe('csrf_rejected');
    expect((await call('GET', '/api/v1/operator/auth/session', { cookie })).statusCode).toBe(200);
  });
});

describe('cookies are never interchangeable', () => {
  it('operator, staff and customer cookies open only their own routes', async () => {
    const operator = await createOperator();
    const operatorCookie = await signIn(operator);
    const operatorToken = operatorCookie.split('=')[1] ?? '';
    const admin = await createStaff(database, tenant, 'admin');
    const staffCookie = await signInStaff(app, tenant, admin, now);
    const staffToken = staffCookie.split('=')[1] ?? '';

    // A staff session (its cookie, or its token under the operator's name) cannot call operator routes.
    expect((await call('GET', '/api/v1/operator/tenants', { cookie: staffCookie })).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/operator/tenants', { cookie: `__Host-kp_operator=${staffToken}` })).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/operator/tenants', { cookie: staffCookie, host: hostOf(tenant) })).statusCode).toBe(404);
    // A customer cookie neither.
    expect((await call('GET', '/api/v1/operator/auth/session', { cookie: `__Host-kp_session=${staffToken}` })).statusCode).toBe(401);
    // The operator's session opens no back office and no customer routes.
    expect((await call('GET', '/api/v1/backoffice/auth/session', { cookie: operatorCookie, host: hostOf(tenant) })).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/backoffice/auth/session', { cookie: `__Host-kp_staff=${operatorToken}`, host: hostOf(tenant) })).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/auth/session', { cookie: `__Host-kp_session=${operatorToken}`, host: hostOf(tenant) })).statusCode).toBe(401);
    // Both still work for themselves.
    expect((await call('GET', '/api/v1/operator/auth/session', { cookie: operatorCookie })).statusCode).toBe(200);
    expect((await call('GET', '/api/v1/backoffice/auth/session', { cookie: staffCookie, host: hostOf(tenant) })).statusCode).toBe(200);
  });
});

describe('invitation by link', () => {
  it('the CLI invites; the link sets the password once; the authenticator must be set up first', async () => {
    const email = `neu.betrieb.${String(Date.now())}@kundenportal.example`;
    const { id, token } = await inviteOperator(database, { email, name: 'Nora Neu', locale: 'de' }, { operatorId: null }, { now, requestId: 'cli', locale: 'de' });
    await expect(inviteOperator(database, { email, name: 'Nora Neu', locale: 'de' }, { operatorId: null }, { now, requestId: 'cli', locale: 'de' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await call('POST', '/api/v1/operator/auth/invitation-info', { body: { token } })).json()).toMatchObject({ email, name: 'Nora Neu' });
    expect((await call('POST', '/api/v1/operator/auth/invitation-info', { host: hostOf(tenant), body: { token } })).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/operator/auth/login', { body: { email, password: PASSWORD } })).statusCode).toBe(401);
    const weak = await call('POST', '/api/v1/operator/auth/accept-invitation', { body: { token, password: 'passwort1', passwordRepeat: 'passwort1' } });
    expect(weak.statusCode).toBe(400);
    const short = await call('POST', '/api/v1/operator/auth/accept-invitation', { body: { token, password: 'Kurz-2026!', passwordRepeat: 'Kurz-2026!' } });
    expect(short.statusCode).toBe(400);
    const accepted = await call('POST', '/api/v1/operator/auth/accept-invitation', { body: { token, password: PASSWORD, passwordRepeat: PASSWORD } });
    expect(accepted.statusCode, accepted.body).toBe(202);
    expect(accepted.json()).toMatchObject({ next: 'enrol_totp' });
    const enrolCookie = operatorCookieOf(accepted);
    const again = await call('POST', '/api/v1/operator/auth/accept-invitation', { body: { token, password: PASSWORD, passwordRepeat: PASSWORD } });
    expect(again.json()).toMatchObject({ code: 'token_invalid' });
    // Nothing works before the authenticator is set up.
    expect((await call('GET', '/api/v1/operator/tenants', { cookie: enrolCookie })).statusCode).toBe(401);
    const setup = await call('GET', '/api/v1/operator/auth/totp-setup', { cookie: enrolCookie });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUri } = setup.json<{ secret: string; otpauthUri: string }>();
    expect(otpauthUri).toContain('Kundenportal%20Betrieb');
    expect((await call('POST', '/api/v1/operator/auth/totp-setup', { cookie: enrolCookie, body: { code: '000000' } })).statusCode).toBe(401);
    const done = await call('POST', '/api/v1/operator/auth/totp-setup', { cookie: enrolCookie, body: { code: await totpCode(secret, now) } });
    expect(done.statusCode, done.body).toBe(200);
    expect((await call('GET', '/api/v1/operator/tenants', { cookie: operatorCookieOf(done) })).statusCode).toBe(200);
    expect(await operatorAudit(id)).toEqual(expect.arrayContaining(['operator.invitation_accepted', 'operator.totp_enrolled', 'operator.login_succeeded']));

    // Lost phone: the CLI resets the factor; the sessions end and the next sign-in enrols again.
    expect(await resetOperatorFactor(database, email, { requestId: 'cli' })).toBe(true);
    expect(await resetOperatorFactor(database, 'niemand@example.org', { requestId: 'cli' })).toBe(false);
    expect((await call('GET', '/api/v1/operator/auth/session', { cookie: operatorCookieOf(done) })).statusCode).toBe(401);
    const login = await call('POST', '/api/v1/operator/auth/login', { body: { email, password: PASSWORD } });
    expect(login.json()).toMatchObject({ next: 'enrol_totp' });
  });
});

describe('tenants', () => {
  it('lists every tenant with its figures', async () => {
    const cookie = await signIn(await createOperator());
    await withTenant(database, tenant.id, (trx) => enqueue(trx, tenant.id, { topic: 'mail', payload: { test: true } }));
    const res = await call('GET', '/api/v1/operator/tenants', { cookie });
    expect(res.statusCode).toBe(200);
    const rows = res.json<Array<{ slug: string; staff: number; outboxBacklog: number; country: string }>>();
    expect(rows.map((r) => r.slug)).toEqual(expect.arrayContaining([tenant.slug, other.slug]));
    const mine = rows.find((r) => r.slug === tenant.slug);
    expect(mine).toMatchObject({ country: tenant.config.country, lastImport: null });
    expect(mine?.outboxBacklog).toBeGreaterThanOrEqual(1);
  });

  it("invites a tenant's first admin and resets a member's authenticator, audited in that tenant as operator", async () => {
    const operator = await createOperator();
    const cookie = await signIn(operator);
    const email = `erste.admin.${String(Date.now())}@stadtwerke.example`;
    const invited = await call('POST', `/api/v1/operator/tenants/${tenant.slug}/staff`, { cookie, body: { email, name: 'Erste Admin', role: 'admin' } });
    expect(invited.statusCode, invited.body).toBe(201);
    const { id } = invited.json<{ id: string }>();
    expect((await call('POST', `/api/v1/operator/tenants/${tenant.slug}/staff`, { cookie, body: { email, name: 'Erste Admin', role: 'admin' } })).statusCode).toBe(409);
    expect((await call('POST', `/api/v1/operator/tenants/${tenant.slug}/staff`, { cookie, body: { email: 'x@example.org', name: 'X', role: 'chef' } })).statusCode).toBe(400);
    expect((await call('POST', '/api/v1/operator/tenants/gibt-es-nicht/staff', { cookie, body: { email: 'x@example.org', name: 'X', role: 'admin' } })).statusCode).toBe(404);
    const [mail] = await mailsTo(database, tenant, email);
    expect(mail?.text).toMatch(/backoffice\/einladung#/);
    expect(await tenantAudit(tenant, 'staff.invited')).toContainEqual({ actor_type: 'operator', actor_id: operator.id, target_id: id });

    const list = await call('GET', `/api/v1/operator/tenants/${tenant.slug}/staff`, { cookie });
    expect(list.json<{ staff: Array<{ email: string; status: string }> }>().staff).toContainEqual(expect.objectContaining({ email, status: 'invited' }));
    expect(await tenantAudit(tenant, 'staff.listed')).toContainEqual({ actor_type: 'operator', actor_id: operator.id, target_id: tenant.id });

    const clerk = await createStaff(database, tenant, 'clerk');
    const clerkCookie = await signInStaff(app, tenant, clerk, now);
    // Another tenant's slug with this member's id: not found, nothing changes.
    expect((await call('POST', `/api/v1/operator/tenants/${other.slug}/staff/${clerk.id}/reset-second-factor`, { cookie })).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/operator/tenants/${tenant.slug}/staff/not-a-uuid/reset-second-factor`, { cookie })).statusCode).toBe(400);
    expect((await call('POST', `/api/v1/operator/tenants/${tenant.slug}/staff/${clerk.id}/reset-second-factor`, { cookie })).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/backoffice/auth/session', { cookie: clerkCookie, host: hostOf(tenant) })).statusCode).toBe(401);
    const login = await call('POST', '/api/v1/backoffice/auth/login', { host: hostOf(tenant), body: { email: clerk.email, password: STAFF_PASSWORD } });
    expect(login.json()).toMatchObject({ next: 'enrol_totp' });
    expect(staffCookieOf(login)).not.toBe('');
    expect(await tenantAudit(tenant, 'staff.second_factor_reset')).toContainEqual({ actor_type: 'operator', actor_id: operator.id, target_id: clerk.id });
    expect(await tenantAudit(other, 'staff.second_factor_reset')).toEqual([]);
  });
});

describe('failed messages', () => {
  it('lists dead outbox messages across tenants and queues one again, audited in its tenant', async () => {
    const operator = await createOperator();
    const cookie = await signIn(operator);
    await withTenant(database, other.id, async (trx) => {
      await enqueue(trx, other.id, { topic: 'mail', payload: { secret: 'personal' }, idempotencyKey: 'dead-one' });
      await trx.updateTable('outbox').set({ status: 'dead', attempts: 8, last_error: 'SMTP 550 mailbox unavailable' }).where('tenant_id', '=', other.id).where('idempotency_key', '=', 'dead-one').execute();
    });
    const list = await call('GET', '/api/v1/operator/outbox/failed', { cookie });
    expect(list.statusCode).toBe(200);
    const failed = list.json<Array<{ tenantSlug: string; id: number; lastError: string }>>().find((m) => m.tenantSlug === other.slug);
    expect(failed).toMatchObject({ lastError: 'SMTP 550 mailbox unavailable' });
    expect(list.body).not.toContain('personal');
    // The wrong tenant's slug does not reach the message.
    expect((await call('POST', `/api/v1/operator/outbox/${tenant.slug}/${String(failed?.id)}/retry`, { cookie })).statusCode).toBe(404);
    expect((await call('POST', `/api/v1/operator/outbox/${other.slug}/${String(failed?.id)}/retry`, { cookie })).statusCode).toBe(204);
    expect((await call('POST', `/api/v1/operator/outbox/${other.slug}/${String(failed?.id)}/retry`, { cookie })).statusCode).toBe(404);
    const row = await withTenant(database, other.id, (trx) => trx.selectFrom('outbox').select(['status', 'attempts']).where('tenant_id', '=', other.id).where('idempotency_key', '=', 'dead-one').executeTakeFirstOrThrow());
    expect(row).toEqual({ status: 'pending', attempts: 0 });
    expect(await tenantAudit(other, 'outbox.retried')).toContainEqual({ actor_type: 'operator', actor_id: operator.id, target_id: String(failed?.id) });
  });
});

describe('the operator team', () => {
  it('invites by link, locks and unlocks; nobody locks themselves; locking ends the sessions', async () => {
    const me = await createOperator();
    const colleague = await createOperator();
    const cookie = await signIn(me);
    const colleagueCookie = await signIn(colleague);
    const email = `team.${String(Date.now())}@kundenportal.example`;
    const invited = await call('POST', '/api/v1/operator/operators', { cookie, body: { email, name: 'Tim Team' } });
    expect(invited.statusCode, invited.body).toBe(201);
    expect(invited.json<{ invitationPath: string }>().invitationPath).toMatch(/^\/betrieb\/einladung#[A-Za-z0-9_-]{20,}$/);
    expect((await call('POST', '/api/v1/operator/operators', { cookie, body: { email, name: 'Tim Team' } })).statusCode).toBe(409);
    const renewed = await call('POST', `/api/v1/operator/operators/${invited.json<{ id: string }>().id}/renew-invitation`, { cookie });
    expect(renewed.statusCode).toBe(200);
    expect((await call('POST', `/api/v1/operator/operators/${me.id}/renew-invitation`, { cookie })).statusCode).toBe(409);

    const self = await call('PATCH', `/api/v1/operator/operators/${me.id}`, { cookie, body: { status: 'locked' } });
    expect(self.statusCode).toBe(409);
    expect((await call('PATCH', '/api/v1/operator/operators/00000000-0000-4000-8000-000000000000', { cookie, body: { status: 'locked' } })).statusCode).toBe(404);
    expect((await call('PATCH', `/api/v1/operator/operators/${colleague.id}`, { cookie, body: { status: 'gone' } })).statusCode).toBe(400);
    const locked = await call('PATCH', `/api/v1/operator/operators/${colleague.id}`, { cookie, body: { status: 'locked' } });
    expect(locked.json()).toMatchObject({ status: 'locked' });
    expect((await call('GET', '/api/v1/operator/auth/session', { cookie: colleagueCookie })).statusCode).toBe(401);
    expect((await call('PATCH', `/api/v1/operator/operators/${colleague.id}`, { cookie, body: { status: 'active' } })).json()).toMatchObject({ status: 'active' });
    expect(await operatorAudit(me.id)).toEqual(expect.arrayContaining(['operator.invited', 'operator.invitation_renewed', 'operator.updated']));
    const team = await call('GET', '/api/v1/operator/operators', { cookie });
    expect(team.json<Array<{ email: string }>>().map((o) => o.email)).toEqual(expect.arrayContaining([me.email, colleague.email, email]));
  });
});
