// Staff fixtures: an active back-office member with a known password and authenticator secret, and
// one signed in through the API (password, then code).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { generate, generateSecret } from 'otplib';
import { expect } from 'vitest';
import type { TStaffRole } from '../api/staff.ts';
import { withTenant, type Database } from '../server/db/database.ts';
import { hashPassword } from '../server/modules/identity/password.ts';
import { seal } from '../server/modules/identity/secret-box.ts';
import { STAFF_TOTP_PURPOSE } from '../server/modules/staff/staff.service.ts';
import { insertStaff } from '../server/modules/staff/staff.repository.ts';
import type { Tenant } from '../server/modules/tenants/tenants.service.ts';
import { TEST_SECRETS_KEY } from './factories.ts';
import { caller } from './http.ts';

export const STAFF_PASSWORD = 'Backoffice-Test-2026!';

export type TestStaff = { id: string; email: string; role: TStaffRole; secret: string };

let counter = 0;

export async function createStaff(database: Database, tenant: Tenant, role: TStaffRole, options: { email?: string; enrolled?: boolean } = {}): Promise<TestStaff> {
  counter += 1;
  const email = options.email ?? `${role.replace('_', '-')}.${String(counter)}.${String(process.pid)}@stadtwerke.example`;
  const secret = generateSecret();
  const passwordHash = await hashPassword(STAFF_PASSWORD);
  const key = Buffer.from(TEST_SECRETS_KEY, 'base64');
  const id = await withTenant(database, tenant.id, (trx) =>
    insertStaff(trx, tenant.id, {
      email,
      name: `${role} ${String(counter)}`,
      role,
      locale: 'de',
      invitedBy: null,
      now: new Date(),
      status: 'active',
      passwordHash,
      totpSecretSealed: options.enrolled === false ? null : seal(key, secret, STAFF_TOTP_PURPOSE),
    }),
  );
  return { id, email, role, secret };
}

export function totpCode(secret: string, at: Date): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

export function staffCookieOf(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const value = Array.isArray(header) ? header[0] : header;
  return /^(__Host-kp_staff=[^;]+)/.exec(value ?? '')?.[1] ?? '';
}

/** Signs a member in through the API (password, then the current code) and returns the cookie. */
export async function signInStaff(app: FastifyInstance, tenant: Tenant, staff: TestStaff, now: Date): Promise<string> {
  const call = caller(app, tenant);
  const login = await call('POST', '/api/v1/backoffice/auth/login', { body: { email: staff.email, password: STAFF_PASSWORD } });
  expect(login.statusCode, login.body).toBe(202);
  const code = await call('POST', '/api/v1/backoffice/auth/totp', { cookie: staffCookieOf(login), body: { code: await totpCode(staff.secret, now) } });
  expect(code.statusCode, code.body).toBe(200);
  return staffCookieOf(code);
}
