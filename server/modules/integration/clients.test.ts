// Integration clients and tokens: RFC 6749 client credentials (form and JSON, Basic and body
// authentication, scope narrowing, §5.2 errors), throttling of failed client authentication,
// audit, revocation, and bearer tokens on the host of their tenant only (TEN-05, SEC-21).
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TIntegrationScope } from '../../../api/integration.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, hostOf } from '../../../test/factories.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { createClient, listClients, requireClient, revokeClient } from './clients.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
let now = new Date('2026-11-22T10:00:00Z');

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  other = await createTenant(database);
  app = await buildTestApp(database, {
    extra: {
      clock: () => now,
      // A probe route that needs readings:read, as other modules' integration routes will.
      extraRoutes: (instance) => {
        instance.get('/api/v1/integration/test-probe', async (request) => {
          const client = await requireClient(request, 'readings:read');
          return { clientId: client.clientId, clientKey: client.clientKey, tenant: client.tenant.slug, scopes: client.scopes };
        });
      },
    },
  });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

async function newClient(on: Tenant = tenant, scopes: TIntegrationScope[] = ['customers:write', 'readings:read']) {
  return withTenant(database, on.id, (trx) => createClient(trx, on.id, { name: 'SAP IS-U', scopes, createdBy: 'test' }));
}

function tokenRequest(
  on: Tenant,
  options: { form?: Record<string, string>; json?: Record<string, unknown>; basic?: [string, string]; ip?: string; authorization?: string },
) {
  const headers: Record<string, string> = { host: hostOf(on) };
  if (options.basic) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(options.basic[0])}:${encodeURIComponent(options.basic[1])}`).toString('base64')}`;
  if (options.authorization) headers.authorization = options.authorization;
  let payload: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(options.form).toString();
  } else if (options.json) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.json);
  }
  return app.inject({ method: 'POST', url: '/api/v1/integration/oauth/token', headers, remoteAddress: options.ip ?? '198.51.100.1', payload });
}

function probe(token: string | null, on: Tenant = tenant) {
  return app.inject({ method: 'GET', url: '/api/v1/integration/test-probe', headers: { host: hostOf(on), ...(token ? { authorization: `Bearer ${token}` } : {}) } });
}

async function auditActions(on: Tenant, action: string): Promise<Array<{ details: unknown }>> {
  return withTenant(database, on.id, (trx) => trx.selectFrom('audit_log').select('details').where('action', '=', action).execute());
}

describe('clients', () => {
  it('creates a client whose secret is shown once and stored only as a hash; lists and revokes it with audit entries', async () => {
    const created = await newClient();
    expect(created.clientId).toMatch(/^kpc_[a-z0-9]{20}$/);
    expect(created.clientSecret).toMatch(/^kpcs_[A-Za-z0-9_-]{43}$/);
    const stored = await withTenant(database, tenant.id, (trx) =>
      trx.selectFrom('integration_clients').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow(),
    );
    expect(JSON.stringify(stored)).not.toContain(created.clientSecret.slice(5));
    expect(stored.secret_hash).toHaveLength(32);
    const listed = await withTenant(database, tenant.id, (trx) => listClients(trx, tenant.id));
    expect(listed.find((c) => c.id === created.id)).toMatchObject({ name: 'SAP IS-U', revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.clientSecret);
    const revoked = await withTenant(database, tenant.id, (trx) => revokeClient(trx, tenant.id, created.clientId, { revokedBy: 'test', now }));
    expect(revoked.revokedAt).toBe(now.toISOString());
    expect((await auditActions(tenant, 'integration_client.created')).length).toBeGreaterThan(0);
    expect((await auditActions(tenant, 'integration_client.revoked')).length).toBe(1);
  });

  it('refuses unknown scopes and empty names, and another tenant cannot revoke the client (404)', async () => {
    await expect(withTenant(database, tenant.id, (trx) => createClient(trx, tenant.id, { name: 'x', scopes: ['admin:all' as TIntegrationScope], createdBy: 't' }))).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(withTenant(database, tenant.id, (trx) => createClient(trx, tenant.id, { name: '  ', scopes: ['readings:read'], createdBy: 't' }))).rejects.toMatchObject({ code: 'validation_failed' });
    const created = await newClient();
    await expect(withTenant(database, other.id, (trx) => revokeClient(trx, other.id, created.id, { revokedBy: 't' }))).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('POST /api/v1/integration/oauth/token', () => {
  it('issues a 15-minute bearer token for form-encoded requests with HTTP Basic', async () => {
    const client = await newClient();
    const res = await tokenRequest(tenant, { form: { grant_type: 'client_credentials' }, basic: [client.clientId, client.clientSecret] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'customers:write readings:read' });
    const ok = await probe(body.access_token);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ clientId: client.id, clientKey: client.clientId, tenant: tenant.slug, scopes: ['customers:write', 'readings:read'] });
    const stored = await withTenant(database, tenant.id, (trx) => trx.selectFrom('integration_tokens').select('token_hash').execute());
    expect(JSON.stringify(stored)).not.toContain(body.access_token);
    const used = await withTenant(database, tenant.id, (trx) => listClients(trx, tenant.id));
    expect(used.find((c) => c.id === client.id)?.lastUsedAt).toBe(now.toISOString());
  });

  it('accepts JSON with the credentials in the body and narrows the scope', async () => {
    const client = await newClient();
    const res = await tokenRequest(tenant, { json: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: 'customers:write' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().scope).toBe('customers:write');
    const refused = await probe(res.json().access_token);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('insufficient_scope');
    expect(refused.headers['www-authenticate']).toBe(`Bearer realm="${tenant.slug}", error="insufficient_scope", scope="readings:read"`);
  });

  it('answers RFC 6749 errors: invalid_request, unsupported_grant_type, invalid_client, invalid_scope', async () => {
    const client = await newClient();
    const missingGrant = await tokenRequest(tenant, { form: { client_id: client.clientId, client_secret: client.clientSecret } });
    expect(missingGrant.statusCode).toBe(400);
    expect(missingGrant.json().error).toBe('invalid_request');

    const repeated = await app.inject({
      method: 'POST',
      url: '/api/v1/integration/oauth/token',
      headers: { host: hostOf(tenant), 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.clientSecret}`,
    });
    expect(repeated.json().error).toBe('invalid_request');

    const grant = await tokenRequest(tenant, { form: { grant_type: 'password', client_id: client.clientId, client_secret: client.clientSecret } });
    expect(grant.statusCode).toBe(400);
    expect(grant.json().error).toBe('unsupported_grant_type');

    const twoMethods = await tokenRequest(tenant, { form: { grant_type: 'client_credentials', client_secret: client.clientSecret }, basic: [client.clientId, client.clientSecret] });
    expect(twoMethods.json().error).toBe('invalid_request');

    const wrong = await tokenRequest(tenant, { form: { grant_type: 'client_credentials' }, basic: [client.clientId, `${client.clientSecret}x`] });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect(wrong.headers['www-authenticate']).toBe(`Basic realm="${tenant.slug}"`);

    const unknownScope = await tokenRequest(tenant, { form: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: 'customers:write billing:write' } });
    expect(unknownScope.statusCode).toBe(400);
    expect(unknownScope.json().error).toBe('invalid_scope');

    const refused = await auditActions(tenant, 'integration_token.refused');
    expect(refused.map((r) => (r.details as { reason: string }).reason)).toEqual(expect.arrayContaining(['secret', 'scope']));
  });

  it("refuses a client of another tenant on this tenant's host, and a revoked client", async () => {
    const foreign = await newClient(other);
    const res = await tokenRequest(tenant, { form: { grant_type: 'client_credentials', client_id: foreign.clientId, client_secret: foreign.clientSecret } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe('invalid_client');

    const client = await newClient();
    const token = (await tokenRequest(tenant, { form: { grant_type: 'client_credentials' }, basic: [client.clientId, client.clientSecret] })).json().access_token;
    await withTenant(database, tenant.id, (trx) => revokeClient(trx, tenant.id, client.id, { revokedBy: 'test' }));
    expect((await probe(token)).statusCode).toBe(401);
    const again = await tokenRequest(tenant, { form: { grant_type: 'client_credentials' }, basic: [client.clientId, client.clientSecret] });
    expect(again.statusCode).toBe(401);
  });

  it('throttles repeated failed client authentication (429 with Retry-After), also for the right secret', async () => {
    const client = await newClient();
    let last = await tokenRequest(tenant, { form: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'wrong' }, ip: '198.51.100.77' });
    for (let i = 0; i < 6 && last.statusCode === 401; i++) {
      last = await tokenRequest(tenant, { form: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'wrong' }, ip: '198.51.100.77' });
    }
    expect(last.statusCode).toBe(429);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    const right = await tokenRequest(tenant, { form: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }, ip: '198.51.100.78' });
    expect(right.statusCode).toBe(429);
  });

  it('refuses oversized token requests with 413', async () => {
    const res = await tokenRequest(tenant, { form: { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y'.repeat(10_000) } });
    expect(res.statusCode).toBe(413);
  });
});

describe('bearer tokens (requireClient)', () => {
  async function token(on: Tenant = tenant): Promise<string> {
    const client = await newClient(on);
    const res = await tokenRequest(on, { form: { grant_type: 'client_credentials' }, basic: [client.clientId, client.clientSecret] });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ access_token: string }>().access_token;
  }

  it('answers 401 with a Bearer challenge without a token or with a wrong one', async () => {
    const missing = await probe(null);
    expect(missing.statusCode).toBe(401);
    expect(missing.json().code).toBe('invalid_token');
    expect(missing.headers['www-authenticate']).toBe(`Bearer realm="${tenant.slug}"`);
    const wrong = await probe('kpat_not-a-token');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe(`Bearer realm="${tenant.slug}", error="invalid_token"`);
  });

  it("refuses tenant A's token on tenant B's host (TEN-05)", async () => {
    const aToken = await token(tenant);
    expect((await probe(aToken, tenant)).statusCode).toBe(200);
    const onB = await probe(aToken, other);
    expect(onB.statusCode).toBe(401);
    expect(onB.json().code).toBe('invalid_token');
  });

  it('refuses an expired token (15 minutes)', async () => {
    const fresh = await token();
    const issuedAt = now;
    now = new Date(issuedAt.getTime() + 14 * 60_000);
    expect((await probe(fresh)).statusCode).toBe(200);
    now = new Date(issuedAt.getTime() + 15 * 60_000);
    const expired = await probe(fresh);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().detail).toContain('expired');
    now = issuedAt;
  });
});
