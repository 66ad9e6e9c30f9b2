// Benchmark: GET /api/v1/tenant (host resolution, security headers, CSRF check, schema-checked
// serialisation, metrics) against a bare Fastify route returning the same JSON, in the same run,
// on PGlite and on PostgreSQL (when reachable). Prints requests/s and the ratio (target >= 0.5).
//   npm run bench            # both engines
//   BENCH_SECONDS=10 npm run bench
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import type { Database } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { toPublicTenant } from '../server/modules/tenants/tenants.service.ts';
import { createTenant, TEST_SECRETS_KEY } from '../test/factories.ts';
import { adminUrl, postgresReachable, withPglite, withPostgres } from './support.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = 50;

async function measure(url: string, host: string): Promise<{ rps: number; p99: number; errors: number }> {
  // warm-up, then the measured run
  await autocannon({ url, connections, duration: 1, headers: { host } });
  const result = await autocannon({ url, connections, duration: seconds, headers: { host } });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ host: '127.0.0.1', port: 0 });
}

async function run(label: string, database: Database): Promise<number> {
  await migrateToLatest(database);
  const tenant = await createTenant(database, { displayName: 'Stadtwerke Benchmark' });
  const host = `${tenant.slug}.localhost`;
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO: 'false', SECRETS_KEY: TEST_SECRETS_KEY });

  const bare = Fastify({ logger: false });
  const payload = toPublicTenant(tenant, false);
  bare.get('/api/v1/tenant', async () => payload);
  const bareUrl = await listen(bare);

  const app = await buildApp({ config, database });
  const appUrl = await listen(app);

  const baseline = await measure(`${bareUrl}/api/v1/tenant`, host);
  const ours = await measure(`${appUrl}/api/v1/tenant`, host);
  await app.close();
  await bare.close();

  const ratio = ours.rps / baseline.rps;
  console.log(
    `${label.padEnd(10)} bare Fastify ${baseline.rps.toFixed(0).padStart(7)} req/s (p99 ${baseline.p99} ms) | ` +
      `GET /api/v1/tenant ${ours.rps.toFixed(0).padStart(7)} req/s (p99 ${ours.p99} ms, errors ${ours.errors}) | ` +
      `ratio ${ratio.toFixed(2)} (target >= 0.50) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`,
  );
  return ratio;
}

console.log(`Tenant config endpoint vs bare Fastify route: ${connections} connections, ${seconds} s per run\n`);
await withPglite(async (database) => {
  await run('PGlite', database);
});
if (await postgresReachable()) {
  await withPostgres(async (database) => {
    await run('PostgreSQL', database);
  });
} else {
  console.log(`PostgreSQL   skipped: ${adminUrl} not reachable (set BENCH_DATABASE_URL)`);
}
