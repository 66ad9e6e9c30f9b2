// HTTP helpers for integration tests: requests against a built app on a tenant's host, the session
// cookie of an answer, and a customer that registered, activated and signed in through the API.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Database } from '../server/db/database.ts';
import type { Tenant } from '../server/modules/tenants/tenants.service.ts';
import { createCustomer, hostOf, mailsTo, tokenFromMail } from './factories.ts';

export type CallOptions = { body?: unknown; cookie?: string; host?: string; locale?: string; ip?: string };
export type Call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options?: CallOptions) => Promise<LightMyRequestResponse>;

/** Requests to `app` on the host of `tenant` unless a call names another host. */
export function caller(app: FastifyInstance, tenant: Tenant): Call {
  return (method, url, options = {}) =>
    app.inject({
      method,
      url,
      remoteAddress: options.ip ?? '203.0.113.7',
      headers: {
        host: options.host ?? hostOf(tenant),
        'accept-language': options.locale ?? 'de',
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(options.body === undefined ? {} : { payload: JSON.stringify(options.body) }),
    });
}

/** The session cookie an answer sets (`__Host-kp_session=…`), or '' when it sets none. */
export function sessionCookieOf(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const value = Array.isArray(header) ? header[0] : header;
  return /^(__Host-kp_session=[^;]+)/.exec(value ?? '')?.[1] ?? '';
}

/**
 * A new customer of `tenant` (customer and meter number from `seq`) that registered with customer
 * number + meter number, activated through the mailed link and signed in.
 */
export async function signedInCustomer(
  database: Database,
  call: Call,
  tenant: Tenant,
  seq: number,
  password: string,
): Promise<{ email: string; cookie: string; customerId: string; customerNumber: string; meterNumber: string }> {
  const customerNumber = `4${String(3_000_000 + seq).padStart(7, '0')}`;
  const meterNumber = `Z-${String(seq)}`;
  const { customerId } = await createCustomer(database, tenant, { customerNumber, meterNumber });
  const email = `kunde.${String(seq)}@example.com`;
  const registered = await call('POST', '/api/v1/auth/register', { body: { method: 'customer_meter', customerNumber, meterNumber, email, password, locale: 'de' } });
  expect(registered.statusCode, registered.body).toBe(202);
  const [mail] = await mailsTo(database, tenant, email);
  const activated = await call('POST', '/api/v1/auth/activate', { body: { token: tokenFromMail(mail!.text) } });
  expect(activated.statusCode, activated.body).toBe(200);
  const login = await call('POST', '/api/v1/auth/login', { body: { identifier: email, password } });
  expect(login.statusCode, login.body).toBe(200);
  return { email, cookie: sessionCookieOf(login), customerId, customerNumber, meterNumber };
}
