// HTTP platform: tenant resolution by host, problem+json, security headers, CSRF, limits, docs.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZPublicTenant } from '../api/tenant.ts';
import { createTestDatabase } from '../test/db.ts';
import { buildTestApp, createTenant, hostOf } from '../test/factories.ts';
import type { Database } from './db/database.ts';
import { AppError } from './errors.ts';
import type { Tenant } from './modules/tenants/tenants.service.ts';

let database: Database;
let app: FastifyInstance;
let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  database = await createTestDatabase();
  a = await createTenant(database, { displayName: 'Stadtwerke Alpha', domains: [`kundenportal.alpha-${Date.now()}.example`] });
  b = await createTenant(database, { displayName: 'Stadtwerke Beta' });
  app = await buildTestApp(database, {
    env: { BASE_DOMAIN: 'portal.example', BODY_LIMIT_BYTES: '2048' },
    extra: {
      extraRoutes: (instance) => {
        instance.get('/api/v1/test/boom', async () => {
          throw new Error('secret internal detail');
        });
        instance.post('/api/v1/test/echo', async (request) => ({ received: request.body }));
        instance.get('/api/v1/test/app-error', async () => {
          throw new AppError('conflict', { detail: 'Der Zählerstand wurde bereits erfasst.' });
        });
      },
    },
  });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('tenant resolution', () => {
  it('answers for the tenant named by <slug>.localhost', async () => {
    const res = await app.inject({ url: '/api/v1/tenant', headers: { host: hostOf(a) } });
    expect(res.statusCode).toBe(200);
    const body = ZPublicTenant.parse(res.json());
    expect(body).toMatchObject({ slug: a.slug, displayName: 'Stadtwerke Alpha' });
  });

  it('answers for <slug>.<BASE_DOMAIN> and for a custom domain', async () => {
    const viaBase = await app.inject({ url: '/api/v1/tenant', headers: { host: `${b.slug}.portal.example` } });
    expect(viaBase.json()).toMatchObject({ slug: b.slug });
    const domain = (await database.db.selectFrom('tenant_domains').select('domain').where('tenant_id', '=', a.id).executeTakeFirstOrThrow()).domain;
    const viaCustom = await app.inject({ url: '/api/v1/tenant', headers: { host: domain.toUpperCase() } });
    expect(viaCustom.json()).toMatchObject({ slug: a.slug });
  });

  it('never falls back to another tenant for an unknown host', async () => {
    for (const host of ['unknown.localhost:3000', 'evil.example', `${a.slug}.evil.example`, 'a_b.localhost', '']) {
      const res = await app.inject({ url: '/api/v1/tenant', headers: { host } });
      expect(res.statusCode, host).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'tenant_not_found', status: 404 });
      expect(res.body).not.toContain(a.slug);
    }
  });

  it('shows a 404 page, not another tenant, for pages on an unknown host', async () => {
    const res = await app.inject({ url: '/', headers: { host: 'nobody.localhost:3000', accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Kein Kundenportal unter dieser Adresse');
    expect(res.body).not.toContain('Stadtwerke Alpha');
  });

  it("serves each tenant's own legal texts", async () => {
    const de = await app.inject({ url: '/api/v1/tenant/legal/imprint', headers: { host: hostOf(a) } });
    expect(de.json()).toMatchObject({ kind: 'imprint', locale: 'de' });
    expect(de.json().text).toContain(`Marker ${a.slug}`);
    const en = await app.inject({ url: '/api/v1/tenant/legal/imprint?locale=en', headers: { host: hostOf(b) } });
    expect(en.json().text).toContain(`Marker ${b.slug} imprint`);
    const bad = await app.inject({ url: '/api/v1/tenant/legal/secrets', headers: { host: hostOf(a) } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('validation_failed');
  });
});

describe('errors', () => {
  it('answers unknown API routes with problem+json', async () => {
    const res = await app.inject({ url: '/api/v1/nothing', headers: { host: hostOf(a), 'accept-language': 'en' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found', title: 'Not found.', status: 404 });
    expect(res.json().requestId).toBe(res.headers['x-request-id']);
  });

  it('hides internals of unexpected errors and keeps the request id', async () => {
    const res = await app.inject({ url: '/api/v1/test/boom', headers: { host: hostOf(a), 'x-request-id': 'trace-12345678' } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      type: 'https://kundenportal.dev/problems/internal',
      title: 'Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.',
      status: 500,
      code: 'internal',
      requestId: 'trace-12345678',
    });
    expect(res.body).not.toContain('secret internal detail');
    expect(res.body).not.toContain('at ');
  });

  it('maps AppError codes through the one table, with their detail', async () => {
    const res = await app.inject({ url: '/api/v1/test/app-error', headers: { host: hostOf(a) } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'conflict', detail: 'Der Zählerstand wurde bereits erfasst.' });
  });

  it('refuses oversized bodies with 413 and malformed JSON with 400', async () => {
    const big = await app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      headers: { host: hostOf(a), 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'x'.repeat(5000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('payload_too_large');
    const broken = await app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      headers: { host: hostOf(a), 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('bad_request');
  });

  it('refuses a NUL character (PostgreSQL text cannot hold it) in body, query or path with 400 and the field', async () => {
    const body = await app.inject({
      method: 'POST',
      url: '/api/v1/test/echo',
      headers: { host: hostOf(a), 'content-type': 'application/json', 'accept-language': 'en' },
      payload: '{"text":"a\\u0000b"}',
    });
    expect(body.statusCode).toBe(400);
    expect(body.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'text', message: 'Must not contain a NUL character (U+0000).' }] });
    const query = await app.inject({ method: 'POST', url: '/api/v1/test/echo?q=%00', headers: { host: hostOf(a), 'content-type': 'application/json' }, payload: '{}' });
    expect(query.statusCode).toBe(400);
    expect(query.json()).toMatchObject({ errors: [{ field: 'q', message: 'Darf kein Nullzeichen (U+0000) enthalten.' }] });
  });
});

describe('security headers', () => {
  const cases: Array<[string, string]> = [
    ['200', '/api/v1/tenant'],
    ['404', '/api/v1/does-not-exist'],
    ['500', '/api/v1/test/boom'],
    ['page', '/impressum'],
  ];
  for (const [label, url] of cases) {
    it(`are set on ${label} responses`, async () => {
      const res = await app.inject({ url, headers: { host: hostOf(a) } });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });
  }

  it('are set on the unknown-host page', async () => {
    const res = await app.inject({ url: '/', headers: { host: 'nobody.example' } });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('add HSTS behind a TLS-terminating proxy that is trusted', async () => {
    const proxied = await buildTestApp(database, { env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const res = await proxied.inject({ url: '/api/v1/tenant', headers: { host: hostOf(a), 'x-forwarded-proto': 'https' } });
      expect(res.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await proxied.close();
    }
  });

  it('ignore a spoofed X-Forwarded-Proto from an untrusted client', async () => {
    const res = await app.inject({ url: '/api/v1/tenant', headers: { host: hostOf(a), 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('CSRF defence', () => {
  const post = (headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/v1/test/echo', headers: { host: hostOf(a), 'content-type': 'application/json', ...headers }, payload: '{}' });

  it('accepts same-origin browser requests and non-browser clients', async () => {
    expect((await post({ 'sec-fetch-site': 'same-origin', origin: `http://${hostOf(a)}` })).statusCode).toBe(200);
    expect((await post({})).statusCode).toBe(200);
  });

  it("refuses cross-site and same-site requests (another tenant's subdomain)", async () => {
    const foreign: Array<Record<string, string>> = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: `http://${hostOf(b)}` },
      { origin: 'https://evil.example' },
      { origin: `http://${hostOf(b)}` },
    ];
    for (const headers of foreign) {
      const res = await post(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().code).toBe('csrf_rejected');
    }
  });
});

describe('operations endpoints', () => {
  it('answers health and readiness on any host', async () => {
    expect((await app.inject({ url: '/healthz', headers: { host: 'whatever' } })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ok' });
  });

  it('serves OpenAPI 3.1 and the interactive docs', async () => {
    const spec = await app.inject({ url: '/api/openapi.json', headers: { host: 'localhost:3000' } });
    expect(spec.json().openapi).toBe('3.1.0');
    expect(Object.keys(spec.json().paths)).toContain('/api/v1/tenant');
    const docs = await app.inject({ url: '/api/docs/', headers: { host: 'localhost:3000' } });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('exposes Prometheus metrics', async () => {
    await app.inject({ url: '/api/v1/tenant', headers: { host: hostOf(a) } });
    const res = await app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('kundenportal_http_request_duration_seconds_bucket');
    expect(res.body).toContain('kundenportal_outbox_jobs{status="dead"}');
  });
});
