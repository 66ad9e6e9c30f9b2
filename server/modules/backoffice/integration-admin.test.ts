// The back office's integration pages (admins): an API client created here gets tokens with its
// secret (shown once) until it is revoked; webhooks with a test event, the delivery log, editing and
// secret renewal; import
// runs for every staff role; other roles and other tenants are refused.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, hostOf } from '../../../test/factories.ts';
import { caller, type Call } from '../../../test/http.ts';
import { createStaff, signInStaff } from '../../../test/staff.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
let call: Call;
const now = new Date('2026-05-04T08:00:00Z');
let adminCookie: string;
let clerkCookie: string;
let otherAdminCookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database, { extra: { clock: () => now } });
  tenant = await createTenant(database);
  other = await createTenant(database);
  call = caller(app, tenant);
  adminCookie = await signInStaff(app, tenant, await createStaff(database, tenant, 'admin'), now);
  clerkCookie = await signInStaff(app, tenant, await createStaff(database, tenant, 'clerk'), now);
  otherAdminCookie = await signInStaff(app, other, await createStaff(database, other, 'admin'), now);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

function token(clientId: string, secret: string) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/integration/oauth/token',
    headers: { host: hostOf(tenant), 'content-type': 'application/x-www-form-urlencoded' },
    payload: `grant_type=client_credentials&client_id=${encodeURIComponent(clientId)}&client_secret=${encodeURIComponent(secret)}`,
  });
}

describe('API clients', () => {
  it('an admin creates a client (secret once), the billing system gets tokens, revoking ends that', async () => {
    const created = await call('POST', '/api/v1/backoffice/integration/clients', { cookie: adminCookie, body: { name: 'SAP IS-U Produktion', scopes: ['customers:write', 'readings:read'] } });
    expect(created.statusCode, created.body).toBe(201);
    const client = created.json<{ id: string; clientId: string; clientSecret: string }>();
    expect(client.clientSecret.length).toBeGreaterThan(30);
    const listed = await call('GET', '/api/v1/backoffice/integration/clients', { cookie: adminCookie });
    expect(listed.body).not.toContain(client.clientSecret);
    expect(listed.json()).toEqual([expect.objectContaining({ clientId: client.clientId, name: 'SAP IS-U Produktion', revokedAt: null })]);
    expect((await token(client.clientId, client.clientSecret)).statusCode).toBe(200);

    expect((await call('POST', `/api/v1/backoffice/integration/clients/${client.id}/revoke`, { cookie: adminCookie })).statusCode).toBe(200);
    expect((await token(client.clientId, client.clientSecret)).statusCode).toBe(401);
    const audit = await withTenant(database, tenant.id, (trx) =>
      trx.selectFrom('audit_log').select(['action', 'actor_type']).where('target_id', '=', client.id).where('actor_type', '=', 'staff').orderBy('id').execute(),
    );
    expect(audit).toEqual([
      { action: 'integration_client.created', actor_type: 'staff' },
      { action: 'integration_client.revoked', actor_type: 'staff' },
    ]);
  });

  it('refuses unknown scopes, clerks, and other tenants', async () => {
    expect((await call('POST', '/api/v1/backoffice/integration/clients', { cookie: adminCookie, body: { name: 'X', scopes: ['everything'] } })).statusCode).toBe(400);
    expect((await call('POST', '/api/v1/backoffice/integration/clients', { cookie: adminCookie, body: { name: 'X', scopes: [] } })).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/backoffice/integration/clients', { cookie: clerkCookie })).statusCode).toBe(403);
    const created = (await call('POST', '/api/v1/backoffice/integration/clients', { cookie: adminCookie, body: { name: 'Zählerfernauslesung', scopes: ['intervals:write'] } })).json<{ id: string }>();
    const foreign = await caller(app, other)('POST', `/api/v1/backoffice/integration/clients/${created.id}/revoke`, { cookie: otherAdminCookie });
    expect(foreign.statusCode).toBe(404);
  });
});

describe('webhooks', () => {
  it('an admin adds a webhook (secret once), sends a test event and reads the delivery log', async () => {
    const created = await call('POST', '/api/v1/backoffice/integration/webhooks', {
      cookie: adminCookie,
      body: { url: 'http://localhost:9/hook', description: 'Abrechnung', event_types: ['reading.submitted', 'request.created'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const hook = created.json<{ id: string; secret: string }>();
    expect(hook.secret).toMatch(/^whsec_/);
    expect((await call('GET', '/api/v1/backoffice/integration/webhooks', { cookie: adminCookie })).body).not.toContain(hook.secret);
    const test = await call('POST', `/api/v1/backoffice/integration/webhooks/${hook.id}/test`, { cookie: adminCookie });
    expect(test.statusCode, test.body).toBe(202);
    const log = await call('GET', `/api/v1/backoffice/integration/webhooks/${hook.id}/deliveries`, { cookie: adminCookie });
    expect(log.statusCode).toBe(200);
    expect(Array.isArray(log.json())).toBe(true);
    expect((await call('POST', '/api/v1/backoffice/integration/webhooks', { cookie: adminCookie, body: { url: 'ftp://x', event_types: ['request.created'] } })).statusCode).toBe(400);
    expect((await caller(app, other)('GET', `/api/v1/backoffice/integration/webhooks/${hook.id}/deliveries`, { cookie: otherAdminCookie })).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/backoffice/integration/webhooks/${hook.id}`, { cookie: clerkCookie })).statusCode).toBe(403);
    expect((await call('DELETE', `/api/v1/backoffice/integration/webhooks/${hook.id}`, { cookie: adminCookie })).statusCode).toBe(204);
  });

  it('an admin edits URL and event types and renews the secret (shown once); bad input, clerks and other tenants are refused', async () => {
    const created = await call('POST', '/api/v1/backoffice/integration/webhooks', { cookie: adminCookie, body: { url: 'http://localhost:9/alt', event_types: ['reading.submitted'] } });
    const hook = created.json<{ id: string; secret: string }>();
    const patch = (body: unknown, cookie = adminCookie, on = call) => on('PATCH', `/api/v1/backoffice/integration/webhooks/${hook.id}`, { cookie, body });

    const edited = await patch({ url: 'http://localhost:9/neu', description: 'Abrechnung neu', event_types: ['reading.submitted', 'request.status_changed'] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ url: 'http://localhost:9/neu', description: 'Abrechnung neu', event_types: ['reading.submitted', 'request.status_changed'] });
    expect(edited.json<{ secret?: string }>().secret).toBeUndefined();

    const rotated = await patch({ rotate_secret: true });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const secret = rotated.json<{ secret: string }>().secret;
    expect(secret).toMatch(/^whsec_/);
    expect(secret).not.toBe(hook.secret);
    expect((await call('GET', '/api/v1/backoffice/integration/webhooks', { cookie: adminCookie })).body).not.toContain(secret);

    expect((await patch({ url: 'ftp://x' })).statusCode).toBe(400);
    expect((await patch({ event_types: [] })).statusCode).toBe(400);
    expect((await patch({ event_types: ['nonsense'] })).statusCode).toBe(400);
    expect((await patch({ secret: 'whsec_mine' })).statusCode).toBe(400);
    expect((await patch({ rotate_secret: true }, clerkCookie)).statusCode).toBe(403);
    expect((await patch({ url: 'http://localhost:9/fremd' }, otherAdminCookie, caller(app, other))).statusCode).toBe(404);
    const after = (await call('GET', '/api/v1/backoffice/integration/webhooks', { cookie: adminCookie })).json<Array<{ id: string; url: string }>>();
    expect(after.find((h) => h.id === hook.id)?.url).toBe('http://localhost:9/neu');
  });
});

describe('import runs', () => {
  it('every staff role sees the runs; a customer session does not', async () => {
    const res = await call('GET', '/api/v1/backoffice/import-runs', { cookie: clerkCookie });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([]);
    expect((await call('GET', '/api/v1/backoffice/import-runs?limit=0', { cookie: clerkCookie })).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/backoffice/import-runs')).statusCode).toBe(401);
  });
});
