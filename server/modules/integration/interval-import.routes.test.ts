// The interval-data route with a real client-credentials token: streamed CSV, JSON and MSCONS
// bodies, 422 with positioned errors and nothing written, 415 for other content types, 401 without
// a valid token, 403 without the scope.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, createTenant, hostOf } from '../../../test/factories.ts';
import { addSupply } from '../../../test/supply.ts';
import { withTenant, type Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { createClient } from './clients.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let registerId: string;
let bearer: string;
let readOnlyBearer: string;
let clientId: string;
const meterNumber = '1EMH0099887766';

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTenant(database);
  const customer = await withTenant(database, tenant.id, (trx) =>
    trx
      .insertInto('customers')
      .values({ tenant_id: tenant.id, customer_number: '41112222', kind: 'person', last_name: 'Route', street: 'Weg', house_number: '1', postal_code: '12345', city: 'Teststadt', country: 'DE' })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  registerId = (await addSupply(database, tenant, customer.id, { meterNumber, meterKind: 'smart' })).registerIds[0] ?? '';
  app = await buildTestApp(database);
  const tokenFor = async (scopes: Array<'intervals:write' | 'readings:read'>) => {
    const client = await withTenant(database, tenant.id, (trx) => createClient(trx, tenant.id, { name: `MDM ${scopes.join(' ')}`, scopes, createdBy: 'test', actorType: 'operator' }));
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/integration/oauth/token',
      headers: { host: hostOf(tenant), 'content-type': 'application/json' },
      payload: JSON.stringify({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }),
    });
    return { token: `Bearer ${res.json<{ access_token: string }>().access_token}`, clientId: client.clientId };
  };
  const writer = await tokenFor(['intervals:write']);
  bearer = writer.token;
  clientId = writer.clientId;
  readOnlyBearer = (await tokenFor(['readings:read'])).token;
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const post = (contentType: string, payload: string, authorization = bearer) =>
  app.inject({ method: 'POST', url: '/api/v1/integration/interval-data', headers: { host: hostOf(tenant), 'content-type': contentType, authorization, 'x-file-name': 'upload' }, payload });

describe('POST /api/v1/integration/interval-data', () => {
  it('imports CSV and JSON bodies and answers the counts', async () => {
    const csv = `meter_number;obis;start;value\n${meterNumber};1-0:1.8.0;03.02.2025 00:00;0,5\n${meterNumber};1-0:1.8.0;03.02.2025 00:15;0,25\n`;
    const res = await post('text/csv; charset=utf-8', csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'succeeded', format: 'csv', series: 1, days: 1, values: 2, errorCount: 0, errors: [] });
    const json = JSON.stringify({ series: [{ meterNumber, obis: '1-0:1.8.0', start: '2025-02-03T00:30:00+01:00', values: [1] }] });
    const second = await post('application/json', json);
    expect(second.statusCode, second.body).toBe(200);
    const row = await withTenant(database, tenant.id, (trx) => trx.selectFrom('consumption_daily').select('quantity_milli').where('register_id', '=', registerId).where('day', '=', '2025-02-03').executeTakeFirst());
    expect(row?.quantity_milli).toBe(1750);
  });

  it('answers 422 with positioned errors and writes nothing; 415 for other types; the auth decides first', async () => {
    const res = await post('application/edifact', "UNA:+.? 'UNB+UNOC:3+A:500+B:500+250101:1200+R1'UNH+1+MSCONS:D:04B:UN:2.4c'UNT+2+1'UNZ+1+R2'");
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: Array<{ code: string; segment: number }> }>().errors[0]).toMatchObject({ code: 'syntax', segment: 4 });
    expect((await post('application/xml', '<x/>')).statusCode).toBe(415);
    expect((await post('text/csv', 'a;b\n', 'Bearer wrong')).statusCode).toBe(401);
    expect((await post('text/csv', 'a;b\n', readOnlyBearer)).statusCode).toBe(403);
    const runs = await withTenant(database, tenant.id, (trx) => trx.selectFrom('import_runs').select(['status', 'source', 'actor']).orderBy('started_at').execute());
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded', 'failed']);
    expect(runs[2]?.source).toBe('api');
    expect(runs[2]?.actor).toContain(clientId);
  });
});
