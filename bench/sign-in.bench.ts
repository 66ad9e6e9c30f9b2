// Benchmark (issue 3): sign-in throughput vs raw argon2id verification with the same parameters in
// the same run (the hash is the physical limit; target ratio >= 0.8), and the customer-number lookup
// of a registration with 100,000 customers in a tenant (p50/p99 printed). PostgreSQL when reachable,
// else PGlite.   npm run bench:sign-in
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { withTenant, type Database } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { findCustomerByNumber, meterNumbersOfCustomer } from '../server/modules/identity/identity.repository.ts';
import { hashPassword, verifyPassword } from '../server/modules/identity/password.ts';
import { createCustomer, createTenant, hostOf, TEST_SECRETS_KEY } from '../test/factories.ts';
import { postgresReachable, withPglite, withPostgres } from './support.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);

async function rawVerifyRate(hash: string, password: string): Promise<number> {
  let done = 0;
  const until = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < until) {
      await verifyPassword(hash, password);
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return done / seconds;
}

async function run(label: string, database: Database): Promise<void> {
  await migrateToLatest(database);
  const tenant = await createTenant(database);
  const password = 'Benchmark-Passwort am Fluss';
  await createCustomer(database, tenant, { customerNumber: '40000001', meterNumber: 'B-1' });
  const hash = await hashPassword(password);
  await withTenant(database, tenant.id, async (trx) => {
    const login = await trx
      .insertInto('logins')
      .values({ tenant_id: tenant.id, email: 'bench@example.com', password_hash: hash, status: 'active', email_verified_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const customer = await trx.selectFrom('customers').select('id').where('customer_number', '=', '40000001').executeTakeFirstOrThrow();
    await trx.insertInto('login_customers').values({ tenant_id: tenant.id, login_id: login.id, customer_id: customer.id }).execute();
  });

  const raw = await rawVerifyRate(hash, password);
  // The hash behind HTTP: a bare Fastify route that parses the same body and verifies the same hash,
  // measured with the same load generator on the same cores (no database, no session).
  const bare = Fastify();
  bare.post('/login', async (request) => {
    const body = request.body as { password: string };
    return { ok: await verifyPassword(hash, body.password) };
  });
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  const bareResult = await autocannon({
    url: `${bareUrl}/login`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: 'bench@example.com', password }),
  });
  await bare.close();
  const app = await buildApp({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO: 'false', SECRETS_KEY: TEST_SECRETS_KEY }), database });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const result = await autocannon({
    url: `${url}/api/v1/auth/login`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { host: hostOf(tenant), 'content-type': 'application/json' },
    body: JSON.stringify({ identifier: 'bench@example.com', password }),
  });
  await app.close();
  const ratio = result.requests.average / raw;
  console.log(
    `${label.padEnd(10)} raw argon2id verify ${raw.toFixed(1).padStart(6)}/s | POST /api/v1/auth/login ${result.requests.average.toFixed(1).padStart(6)}/s ` +
      `(p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}) | ratio ${ratio.toFixed(2)} (target >= 0.80) ${ratio >= 0.8 ? 'OK' : 'BELOW TARGET'}`,
  );
  console.log(
    `${label.padEnd(10)} bare Fastify route with the same verify ${bareResult.requests.average.toFixed(1).padStart(6)}/s (ratio to raw ${(bareResult.requests.average / raw).toFixed(2)}) | ` +
      `sign-in vs that route ${(result.requests.average / bareResult.requests.average).toFixed(2)}`,
  );

  // 100,000 customers, each with a premise and a meter, then random lookups as registration does them.
  const total = 100_000;
  await withTenant(database, tenant.id, async (trx) => {
    await sql`
      insert into customers (tenant_id, id, customer_number, kind, last_name, street, house_number, postal_code, city, country)
      select ${tenant.id}::uuid, gen_random_uuid(), (41000000 + g)::text, 'person', 'Kunde ' || g, 'Straße', '1', '12345', 'Stadt', 'DE'
      from generate_series(1, ${total}) g`.execute(trx);
    await sql`
      insert into premises (tenant_id, id, customer_id, street, house_number, postal_code, city, country)
      select tenant_id, gen_random_uuid(), id, 'Straße', '1', '12345', 'Stadt', 'DE' from customers
      where tenant_id = ${tenant.id}::uuid and customer_number like '41%'`.execute(trx);
    await sql`
      insert into meters (tenant_id, premise_id, meter_number, division, installed_on)
      select p.tenant_id, p.id, '1EMH' || c.customer_number, 'electricity', date '2020-01-01'
      from premises p join customers c on c.tenant_id = p.tenant_id and c.id = p.customer_id
      where p.tenant_id = ${tenant.id}::uuid and c.customer_number like '41%'`.execute(trx);
  });
  await sql`analyze`.execute(database.db);
  const timings: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const number = String(41000000 + 1 + Math.floor(Math.random() * total));
    const started = performance.now();
    await withTenant(database, tenant.id, async (trx) => {
      const customer = await findCustomerByNumber(trx, tenant.id, number);
      if (customer) await meterNumbersOfCustomer(trx, tenant.id, customer.id);
    });
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.floor(q * (timings.length - 1))]!.toFixed(2);
  console.log(`${label.padEnd(10)} customer-number lookup with ${total.toLocaleString('en')} customers: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms (2,000 lookups, each a tenant transaction)`);
}

console.log(`Sign-in vs raw argon2id (${connections} concurrent, ${seconds} s each)\n`);
if (await postgresReachable()) await withPostgres((database) => run('PostgreSQL', database));
else await withPglite((database) => run('PGlite', database));
