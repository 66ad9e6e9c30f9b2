// SECURITY REL-04 for the customer, sign-in and back-office APIs: for every documented operation with
// a JSON body, bodies generated from its own schema (other JSON types, prototype and unknown keys,
// each property with a value of another type or 100,000 characters) that the schema refuses are
// refused with a 4xx problem, never a 2xx or 5xx, and the tenant's data stays byte-for-byte the same.
// Signed in as a customer and as a back-office admin, so validation is what answers. (The
// integration API has its own, stricter contract test.)
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../test/db.ts';
import { tenantFingerprint } from '../test/fingerprint.ts';
import { buildTestApp, createTenant, hostOf } from '../test/factories.ts';
import { caller, signedInCustomer } from '../test/http.ts';
import { badBodiesFor, OpenApiContract, type OpenApiDocument } from '../test/openapi-contract.ts';
import { createStaff, signInStaff } from '../test/staff.ts';
import type { Database } from './db/database.ts';
import type { Tenant } from './modules/tenants/tenants.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  app = await buildTestApp(database);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

it('refuses every body its operation’s schema refuses with a 4xx problem and changes nothing', async () => {
  const spec = (await app.inject({ url: '/api/openapi.json', headers: { host: hostOf(tenant) } })).json<OpenApiDocument>();
  const contract = new OpenApiContract(spec, '/api/v1/');
  const call = caller(app, tenant);
  const customer = await signedInCustomer(database, call, tenant, 1, 'Leuchtturm im Nebel 7');
  const admin = await signInStaff(app, tenant, await createStaff(database, tenant, 'admin'), new Date());
  const operations = contract.jsonBodyOperations.filter((o) => !o.path.startsWith('/api/v1/integration/') && !o.path.startsWith('/api/v1/operator/'));
  expect(operations.length).toBeGreaterThan(40);

  const before = await tenantFingerprint(database, tenant);
  const unexpected: string[] = [];
  let sent = 0;
  for (const { method, path, schema } of operations) {
    const url = path.replace(/\{[^}]+\}/g, () => randomUUID());
    const cookie = path.startsWith('/api/v1/backoffice/') ? admin : customer.cookie;
    for (const { label, body } of badBodiesFor(contract.propertiesOf(schema))) {
      if (contract.acceptsRequest(method, url, body)) continue;
      const res = await app.inject({
        method: method as 'POST',
        url,
        headers: { host: hostOf(tenant), cookie, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
      sent += 1;
      const problem = String(res.headers['content-type']).startsWith('application/problem+json');
      if (res.statusCode < 400 || res.statusCode >= 500 || !problem) unexpected.push(`${method} ${path} ${label}: ${String(res.statusCode)} ${res.body.slice(0, 160)}`);
    }
  }
  expect(unexpected).toEqual([]);
  expect(sent).toBeGreaterThan(200);
  expect(await tenantFingerprint(database, tenant)).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  // Still signed in: nothing above ended the sessions.
  expect((await call('GET', '/api/v1/auth/session', { cookie: customer.cookie })).statusCode).toBe(200);
});
