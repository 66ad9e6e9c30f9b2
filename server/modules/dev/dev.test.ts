// Dev routes: invitations as staff will send them from the back office (POST /dev/invitations),
// created through createInvitation and accepted through /aktivieren; never in production.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createCustomer, createTenant, hostOf, mailsTo, tokenFromMail } from '../../../test/factories.ts';
import type { Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';

let database: Database;
let app: FastifyInstance;
let inviting: Tenant;
let selfService: Tenant;
const PASSWORD = 'Einladung zum Kaffee 9';

beforeAll(async () => {
  database = await createTestDatabase();
  inviting = await createTenant(database, { registrationMethods: ['customer_meter', 'invitation'] });
  selfService = await createTenant(database, { registrationMethods: ['customer_meter'] });
  await createCustomer(database, inviting, { customerNumber: '45550001', meterNumber: 'DEV-1' });
  await createCustomer(database, inviting, { customerNumber: '45550002', meterNumber: 'DEV-2' });
  await createCustomer(database, selfService, { customerNumber: '45550003', meterNumber: 'DEV-3' });
  app = await buildTestApp(database);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

function post(host: string, url: string, body: unknown, locale = 'de') {
  return app.inject({ method: 'POST', url, headers: { host, 'content-type': 'application/json', 'accept-language': locale }, payload: JSON.stringify(body) });
}

describe('POST /dev/invitations', () => {
  it('mails an invitation link that sets the password and activates a login for the customer account', async () => {
    const res = await post(hostOf(inviting), '/dev/invitations', { customerNumber: ' 4555 0001 ', email: ' Neu.Mieter@Example.com ', locale: 'en' });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({
      tenant: inviting.slug,
      customerNumber: '45550001',
      email: 'neu.mieter@example.com',
      mailbox: '/dev/mailbox?to=neu.mieter%40example.com',
    });
    const [mail] = await mailsTo(database, inviting, 'neu.mieter@example.com');
    expect(mail?.subject).toBe(`Invitation to the ${inviting.config.displayName} customer portal`);
    expect(mail?.text).toContain('/aktivieren#token=');
    const token = tokenFromMail(mail!.text);
    const info = await post(hostOf(inviting), '/api/v1/auth/token-info', { token });
    expect(info.json()).toEqual({ purpose: 'invitation', email: 'neu.mieter@example.com', needsPassword: true });
    expect((await post(hostOf(inviting), '/api/v1/auth/activate', { token, password: PASSWORD })).statusCode).toBe(200);
    expect((await post(hostOf(inviting), '/api/v1/auth/activate', { token, password: PASSWORD })).statusCode).toBe(410);
    const login = await post(hostOf(inviting), '/api/v1/auth/login', { identifier: 'neu.mieter@example.com', password: PASSWORD });
    expect(login.statusCode, login.body).toBe(200);
    expect(login.json<{ accounts: Array<{ customerNumber: string }> }>().accounts.map((a) => a.customerNumber)).toEqual(['45550001']);
  });

  it('works on the root host for the tenant named in the body (the demo overview), mail in German', async () => {
    const res = await post('localhost:3000', '/dev/invitations', { tenant: inviting.slug, customerNumber: '45550002', email: 'wurzel@example.org', locale: 'de' });
    expect(res.statusCode, res.body).toBe(202);
    const [mail] = await mailsTo(database, inviting, 'wurzel@example.org');
    expect(mail?.subject).toBe(`Einladung zum Kundenportal ${inviting.config.displayName}`);
    expect((await post('localhost:3000', '/dev/invitations', { customerNumber: '45550002', email: 'wurzel@example.org', locale: 'de' })).statusCode).toBe(404);
    expect((await post('localhost:3000', '/dev/invitations', { tenant: 'niemand', customerNumber: '45550002', email: 'wurzel@example.org', locale: 'de' })).statusCode).toBe(404);
  });

  it('refuses another tenant named on a tenant host, a tenant without invitations, unknown customers and bad addresses', async () => {
    const other = await post(hostOf(inviting), '/dev/invitations', { tenant: selfService.slug, customerNumber: '45550003', email: 'x@example.org', locale: 'de' });
    expect(other.statusCode).toBe(404);
    const notOffered = await post(hostOf(selfService), '/dev/invitations', { customerNumber: '45550003', email: 'x@example.org', locale: 'de' });
    expect(notOffered.statusCode).toBe(403);
    expect(notOffered.json().detail).toContain('keine Einladungen');
    // A customer number of another tenant is unknown here.
    const unknown = await post(hostOf(inviting), '/dev/invitations', { customerNumber: '45550003', email: 'x@example.org', locale: 'en' }, 'en');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'customerNumber', message: 'There is no customer with this customer number.' }]);
    const badEmail = await post(hostOf(inviting), '/dev/invitations', { customerNumber: '45550001', email: 'keine-adresse', locale: 'de' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field)).toEqual(['email']);
    expect(await mailsTo(database, selfService, 'x@example.org')).toEqual([]);
    expect(await mailsTo(database, inviting, 'x@example.org')).toEqual([]);
  });

  it('does not exist in production', async () => {
    const production = await buildTestApp(database, { env: { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525', BASE_DOMAIN: 'portal.example' } });
    try {
      const res = await production.inject({
        method: 'POST',
        url: '/dev/invitations',
        headers: { host: `${inviting.slug}.portal.example`, 'content-type': 'application/json' },
        payload: JSON.stringify({ customerNumber: '45550001', email: 'prod@example.org', locale: 'de' }),
      });
      expect(res.statusCode).toBe(404);
    } finally {
      await production.close();
    }
  });
});
