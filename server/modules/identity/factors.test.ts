// Second factors (SEC-07): TOTP codes work once, recovery codes are hashed and single-use, a reset
// does not bypass the factor, passkeys sign in with and without the password, and nothing of it
// crosses tenants.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { caller, sessionCookieOf, signedInCustomer as signedInCustomerVia } from '../../../test/http.ts';
import { buildTestApp, createTenant, hostOf, mailsTo, tokenFromMail } from '../../../test/factories.ts';
import { SoftAuthenticator } from '../../../test/soft-authenticator.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
let now = new Date('2026-05-04T08:00:00Z');
const PASSWORD = 'Leuchtturm im Nebel 7';
let n = 0;

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

const req = (method: 'POST' | 'DELETE' | 'GET', url: string, body?: unknown, cookie?: string, host?: string) => caller(app, tenant)(method, url, { body, cookie, host });
const cookieOf = sessionCookieOf;
const origin = (t: Tenant = tenant) => `http://${hostOf(t)}`;
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const code = (secret: string, at = now) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) });

async function signedInCustomer() {
  n += 1;
  return signedInCustomerVia(database, caller(app, tenant), tenant, n, PASSWORD);
}

async function withTotp(): Promise<{ email: string; cookie: string; secret: string; recoveryCodes: string[] }> {
  const user = await signedInCustomer();
  const setup = await req('POST', '/api/v1/me/factors/totp', undefined, user.cookie);
  expect(setup.statusCode).toBe(200);
  const { secret } = setup.json<{ secret: string }>();
  const confirmed = await req('POST', '/api/v1/me/factors/totp/confirm', { code: await code(secret) }, user.cookie);
  expect(confirmed.statusCode).toBe(200);
  later(30_000); // the next sign-in needs a code of a later time step
  return { ...user, secret, recoveryCodes: confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes };
}

async function passwordStep(email: string): Promise<{ res: LightMyRequestResponse; cookie: string }> {
  const res = await req('POST', '/api/v1/auth/login', { identifier: email, password: PASSWORD });
  return { res, cookie: cookieOf(res) };
}

describe('TOTP', () => {
  it('is set up with a recent password, a QR code and a first code; recovery codes come once; the secret is sealed', async () => {
    const user = await signedInCustomer();
    later(6 * 60_000); // the password of the sign-in is no longer recent
    expect((await req('POST', '/api/v1/me/factors/totp', undefined, user.cookie)).json().code).toBe('step_up_required');
    const confirmed = await req('POST', '/api/v1/auth/reauth', { password: PASSWORD }, user.cookie);
    expect(confirmed.statusCode).toBe(204);
    user.cookie = cookieOf(confirmed); // a new session token at step-up

    const setup = await req('POST', '/api/v1/me/factors/totp', undefined, user.cookie);
    const { secret, uri, qrCode } = setup.json<{ secret: string; uri: string; qrCode: string }>();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toContain(`otpauth://totp/`);
    expect(decodeURIComponent(uri)).toContain(user.email);
    expect(qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(setup.headers['cache-control']).toBe('no-store');
    const stored = await withTenant(database, tenant.id, (trx) => trx.selectFrom('login_factors').select('totp_secret_sealed').where('kind', '=', 'totp').execute());
    expect(stored.some((row) => row.totp_secret_sealed?.includes(secret))).toBe(false);

    // not on yet: sign-in needs no code
    expect((await passwordStep(user.email)).res.statusCode).toBe(200);

    const wrong = await req('POST', '/api/v1/me/factors/totp/confirm', { code: '000000' }, user.cookie);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0]).toMatchObject({ field: 'code', message: expect.stringContaining('nicht richtig') });
    const ok = await req('POST', '/api/v1/me/factors/totp/confirm', { code: (await code(secret)).replace(/(\d{3})/, '$1 ') }, user.cookie);
    expect(ok.statusCode).toBe(200);
    const result = ok.json<{ recoveryCodes: string[]; factors: { totp: unknown; recoveryCodesLeft: number } }>();
    expect(result.recoveryCodes).toHaveLength(10);
    expect(new Set(result.recoveryCodes).size).toBe(10);
    expect(result.factors.totp).not.toBeNull();
    expect(result.factors.recoveryCodesLeft).toBe(10);
    const hashes = await withTenant(database, tenant.id, (trx) => trx.selectFrom('recovery_codes').select('code_hash').execute());
    expect(hashes.some((h) => h.code_hash.toString().includes(result.recoveryCodes[0]!.replaceAll('-', '')))).toBe(false);

    const [mail] = await mailsTo(database, tenant, user.email);
    expect(mail?.subject).toContain('Sicherheit Ihres Zugangs geändert');
    expect(mail?.text).toContain('Authenticator-App');
    // a second setup is refused while one is on
    expect((await req('POST', '/api/v1/me/factors/totp', undefined, user.cookie)).statusCode).toBe(409);
  });

  it('makes sign-in a two-step affair; a code works once; the half-finished session opens nothing else', async () => {
    const user = await withTotp();
    const { res, cookie } = await passwordStep(user.email);
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'second_factor_required', factors: ['totp', 'recovery_code'] });
    expect(cookie).not.toBe('');

    // nothing else accepts the half-finished sign-in, and looking does not end it
    const look = await req('GET', '/api/v1/auth/session', undefined, cookie);
    expect(look.statusCode).toBe(401);
    expect(look.headers['set-cookie']).toBeUndefined();
    expect((await req('GET', '/api/v1/me/factors', undefined, cookie)).statusCode).toBe(401);
    expect((await req('GET', '/api/v1/auth/second-factor', undefined, cookie)).json().factors).toEqual(['totp', 'recovery_code']);
    // a complete session is not a half-finished one
    expect((await req('POST', '/api/v1/auth/second-factor', { method: 'totp', code: await code(user.secret) }, user.cookie)).statusCode).toBe(401);

    const wrong = await req('POST', '/api/v1/auth/second-factor', { method: 'totp', code: '123456' }, cookie);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('second_factor_invalid');
    const current = await code(user.secret);
    const ok = await req('POST', '/api/v1/auth/second-factor', { method: 'totp', code: current }, cookie);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().login.email).toBe(user.email);
    const full = cookieOf(ok);
    expect(full).not.toBe(cookie);
    expect((await req('GET', '/api/v1/auth/session', undefined, full)).statusCode).toBe(200);
    expect((await req('GET', '/api/v1/auth/second-factor', undefined, cookie)).statusCode).toBe(401);

    // the same code again, in another sign-in within its time window: refused (replay)
    const again = await passwordStep(user.email);
    expect((await req('POST', '/api/v1/auth/second-factor', { method: 'totp', code: current }, again.cookie)).json().code).toBe('second_factor_invalid');
    later(30_000);
    expect((await req('POST', '/api/v1/auth/second-factor', { method: 'totp', code: await code(user.secret) }, again.cookie)).statusCode).toBe(200);
  });

  it('lets a half-finished sign-in run out after five minutes', async () => {
    const user = await withTotp();
    const { cookie } = await passwordStep(user.email);
    later(5 * 60_000 + 1000);
    const res = await req('POST', '/api/v1/auth/second-factor', { method: 'totp', code: await code(user.secret) }, cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('session_expired');
  });

  it('throttles wrong codes per login', async () => {
    const user = await withTotp();
    const { cookie } = await passwordStep(user.email);
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < 7; i += 1) last = await req('POST', '/api/v1/auth/second-factor', { method: 'totp', code: '000000' }, cookie);
    expect(last?.statusCode).toBe(429);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('accepts each recovery code once and tells the owner', async () => {
    const user = await withTotp();
    const [first] = user.recoveryCodes;
    const a = await passwordStep(user.email);
    const ok = await req('POST', '/api/v1/auth/second-factor', { method: 'recovery_code', code: first!.toUpperCase().replaceAll('-', ' ') }, a.cookie);
    expect(ok.statusCode).toBe(200);
    const [mail] = await mailsTo(database, tenant, user.email);
    expect(mail?.text).toContain('Wiederherstellungscode');
    const b = await passwordStep(user.email);
    expect((await req('POST', '/api/v1/auth/second-factor', { method: 'recovery_code', code: first }, b.cookie)).statusCode).toBe(401);
    expect((await req('GET', '/api/v1/me/factors', undefined, cookieOf(ok))).json().recoveryCodesLeft).toBe(9);
  });

  it('is not bypassed by a password reset', async () => {
    const user = await withTotp();
    await req('POST', '/api/v1/auth/forgot-password', { email: user.email, locale: 'de' });
    const [mail] = await mailsTo(database, tenant, user.email);
    const newPassword = 'Ein ganz neues Passwort 9';
    expect((await req('POST', '/api/v1/auth/reset-password', { token: tokenFromMail(mail!.text), password: newPassword })).statusCode).toBe(200);
    const res = await req('POST', '/api/v1/auth/login', { identifier: user.email, password: newPassword });
    expect(res.statusCode).toBe(202);
  });

  it('is turned off with a recent password; the recovery codes go with the last factor', async () => {
    const user = await withTotp();
    const step = await passwordStep(user.email);
    const signedIn = await req('POST', '/api/v1/auth/second-factor', { method: 'totp', code: await code(user.secret) }, step.cookie);
    let cookie = cookieOf(signedIn);
    later(6 * 60_000);
    expect((await req('DELETE', '/api/v1/me/factors/totp', undefined, cookie)).json().code).toBe('step_up_required');
    cookie = cookieOf(await req('POST', '/api/v1/auth/reauth', { password: PASSWORD }, cookie));
    const off = await req('DELETE', '/api/v1/me/factors/totp', undefined, cookie);
    expect(off.json()).toMatchObject({ totp: null, passkeys: [], recoveryCodesLeft: 0 });
    expect((await passwordStep(user.email)).res.statusCode).toBe(200);
    expect((await req('POST', '/api/v1/me/factors/recovery-codes', undefined, cookie)).statusCode).toBe(404);
  });

  it("refuses another tenant's host for a half-finished sign-in", async () => {
    const user = await withTotp();
    const { cookie } = await passwordStep(user.email);
    const res = await req('POST', '/api/v1/auth/second-factor', { method: 'totp', code: await code(user.secret) }, cookie, hostOf(other));
    expect(res.statusCode).toBe(401);
  });

  it('renews recovery codes: the old ones stop working', async () => {
    const user = await withTotp();
    const step = await passwordStep(user.email);
    const cookie = cookieOf(await req('POST', '/api/v1/auth/second-factor', { method: 'totp', code: await code(user.secret) }, step.cookie));
    const renewed = await req('POST', '/api/v1/me/factors/recovery-codes', undefined, cookie);
    expect(renewed.json().recoveryCodes).toHaveLength(10);
    const b = await passwordStep(user.email);
    expect((await req('POST', '/api/v1/auth/second-factor', { method: 'recovery_code', code: user.recoveryCodes[1] }, b.cookie)).statusCode).toBe(401);
    expect((await req('POST', '/api/v1/auth/second-factor', { method: 'recovery_code', code: renewed.json().recoveryCodes[0] }, b.cookie)).statusCode).toBe(200);
  });
});

describe('passkeys', () => {
  async function addPasskey(cookie: string, authenticator: SoftAuthenticator, label = 'Laptop') {
    const start = await req('POST', '/api/v1/me/factors/passkeys/options', undefined, cookie);
    expect(start.statusCode).toBe(200);
    const { challengeId, options } = start.json();
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
    return req('POST', '/api/v1/me/factors/passkeys', { challengeId, label, credential: authenticator.create(options, origin()) }, cookie);
  }

  it('are added with a recent password and sign in without the password', async () => {
    const user = await signedInCustomer();
    const authenticator = new SoftAuthenticator();
    const added = await addPasskey(user.cookie, authenticator);
    expect(added.statusCode).toBe(200);
    expect(added.json().factors.passkeys).toMatchObject([{ label: 'Laptop' }]);
    expect(added.json().recoveryCodes).toHaveLength(10);
    const [mail] = await mailsTo(database, tenant, user.email);
    expect(mail?.text).toContain('Passkey „Laptop“ wurde hinzugefügt');

    const start = await req('POST', '/api/v1/auth/passkey/options');
    const { challengeId, options } = start.json();
    expect(options.allowCredentials).toEqual([]);
    const signedIn = await req('POST', '/api/v1/auth/passkey', { challengeId, credential: authenticator.get(options, origin()) });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().login.email).toBe(user.email);
    expect((await req('GET', '/api/v1/auth/session', undefined, cookieOf(signedIn))).statusCode).toBe(200);

    // the challenge is single use
    const replay = await req('POST', '/api/v1/auth/passkey', { challengeId, credential: authenticator.get(options, origin()) });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('passkey_failed');
  });

  it('are the second step after the password, and refuse a wrong origin or another tenant', async () => {
    const user = await signedInCustomer();
    const authenticator = new SoftAuthenticator();
    await addPasskey(user.cookie, authenticator);
    const step = await passwordStep(user.email);
    expect(step.res.json().factors).toEqual(['passkey', 'recovery_code']);
    const start = await req('POST', '/api/v1/auth/passkey/options', undefined, step.cookie);
    const { challengeId, options } = start.json();
    expect(options.allowCredentials).toHaveLength(1);

    const foreign = await req('POST', '/api/v1/auth/passkey/options', undefined, undefined, hostOf(other));
    const foreignTry = await req(
      'POST',
      '/api/v1/auth/passkey',
      { challengeId: foreign.json().challengeId, credential: authenticator.get(foreign.json().options, origin(other)) },
      undefined,
      hostOf(other),
    );
    expect(foreignTry.statusCode).toBe(401);

    const phished = await req('POST', '/api/v1/auth/passkey', { challengeId, credential: authenticator.get(options, 'http://evil.localhost:3000') }, step.cookie);
    expect(phished.statusCode).toBe(401);
    const again = await req('POST', '/api/v1/auth/passkey/options', undefined, step.cookie);
    const ok = await req('POST', '/api/v1/auth/passkey', { challengeId: again.json().challengeId, credential: authenticator.get(again.json().options, origin()) }, step.cookie);
    expect(ok.statusCode).toBe(200);
    // the half-finished sign-in was replaced
    expect((await req('GET', '/api/v1/auth/second-factor', undefined, step.cookie)).statusCode).toBe(401);
  });

  it('are removed with a recent password; deleting the registration removes every factor', async () => {
    const user = await signedInCustomer();
    const authenticator = new SoftAuthenticator();
    const added = await addPasskey(user.cookie, authenticator, 'Handy');
    const id = added.json().factors.passkeys[0].id;
    const duplicate = await addPasskey(user.cookie, new SoftAuthenticator(), 'Tablet');
    expect(duplicate.json().factors.passkeys).toHaveLength(2);
    const removed = await req('DELETE', `/api/v1/me/factors/passkeys/${id}`, undefined, user.cookie);
    expect(removed.json<{ passkeys: { label: string }[] }>().passkeys.map((p) => p.label)).toEqual(['Tablet']);
    expect((await req('DELETE', `/api/v1/me/factors/passkeys/${id}`, undefined, user.cookie)).statusCode).toBe(404);

    const loginId = await withTenant(database, tenant.id, async (trx) => (await trx.selectFrom('logins').select('id').where('email', '=', user.email).executeTakeFirstOrThrow()).id);
    expect((await req('DELETE', '/api/v1/me', { password: PASSWORD }, user.cookie)).statusCode).toBe(204);
    const left = await withTenant(database, tenant.id, async (trx) => ({
      factors: await trx.selectFrom('login_factors').select('id').where('login_id', '=', loginId).execute(),
      codes: await trx.selectFrom('recovery_codes').select('code_hash').where('login_id', '=', loginId).execute(),
    }));
    expect(left).toEqual({ factors: [], codes: [] });
  });

  it('refuse a registration answer for another challenge or without a recent password', async () => {
    const user = await signedInCustomer();
    const authenticator = new SoftAuthenticator();
    const start = await req('POST', '/api/v1/me/factors/passkeys/options', undefined, user.cookie);
    const { options } = start.json();
    const other = await req('POST', '/api/v1/me/factors/passkeys/options', undefined, user.cookie);
    const mixed = await req('POST', '/api/v1/me/factors/passkeys', { challengeId: other.json().challengeId, label: 'X', credential: authenticator.create(options, origin()) }, user.cookie);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().errors[0].field).toBe('passkey');
    later(6 * 60_000);
    expect((await req('POST', '/api/v1/me/factors/passkeys/options', undefined, user.cookie)).json().code).toBe('step_up_required');
  });
});
