// Benchmark (issue 4): the start-page API (GET /api/v1/customer/overview) on PostgreSQL with 1,000
// smart meters of 15-minute data for a year in the database (35 million values), throughput vs a bare
// Fastify route answering a JSON body of the same size in the same run (target ratio >= 0.25). Also
// printed: the same app without its caches (ADR 0019), reading the database on every request.
//   npm run bench:overview            (BENCH_METERS, BENCH_DAYS, BENCH_SECONDS, BENCH_CONNECTIONS)
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { hostOf, TEST_SECRETS_KEY } from '../test/factories.ts';
import { buildIntervalDataset } from './lib/interval-dataset.ts';
import { postgresReachable, signInCookie, withPostgres } from './support.ts';

const meters = Number(process.env.BENCH_METERS ?? 1000);
const days = Number(process.env.BENCH_DAYS ?? 365);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
const today = '2026-11-22';

if (!(await postgresReachable())) {
  console.error('This benchmark needs the PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).');
  process.exit(1);
}

await withPostgres(async (database) => {
  await migrateToLatest(database);
  const data = await buildIntervalDataset(database, { meters, days, today });
  console.log(`dataset: ${meters.toLocaleString('en')} meters x ${days} days = ${data.values.toLocaleString('en')} quarter-hour values, loaded in ${data.loadSeconds.toFixed(1)} s`);

  const clock = () => new Date(`${today}T10:00:00Z`);
  const host = hostOf(data.tenant);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO: 'false', SECRETS_KEY: TEST_SECRETS_KEY });

  // The portal as it runs (sessions and start page kept current by the change feed) and, for
  // comparison, the same app reading everything from the database on every request.
  const serve = async (caches: boolean) => {
    const app = await buildApp({ config, database, clock, caches });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const cookie = await signInCookie(app, host, data.login);
    const sample = await app.inject({ method: 'GET', url: '/api/v1/customer/overview', headers: { host, cookie } });
    if (sample.statusCode !== 200) throw new Error(`overview failed: ${sample.statusCode} ${sample.body}`);
    return { app, url, cookie, body: sample.body };
  };

  const cached = await serve(true);
  const body = cached.body;
  // Baseline: a bare Fastify route answering the same JSON (parsed once) on the same cores.
  const bare = Fastify();
  const payload: unknown = JSON.parse(body);
  bare.get('/overview', async () => payload);
  const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
  const baseline = await autocannon({ url: `${bareUrl}/overview`, connections, duration: seconds });
  await bare.close();

  const result = await autocannon({ url: `${cached.url}/api/v1/customer/overview`, connections, duration: seconds, headers: { host, cookie: cached.cookie } });
  await cached.app.close();
  const direct = await serve(false);
  const uncached = await autocannon({ url: `${direct.url}/api/v1/customer/overview`, connections, duration: seconds, headers: { host, cookie: direct.cookie } });
  await direct.app.close();

  const ratio = result.requests.average / baseline.requests.average;
  console.log(`bare Fastify route (same ${body.length.toLocaleString('en')}-byte JSON): ${baseline.requests.average.toFixed(0)} req/s, p99 ${baseline.latency.p99} ms`);
  console.log(
    `GET /api/v1/customer/overview without caches (every request reads the database): ${uncached.requests.average.toFixed(0)} req/s, ` +
      `p50 ${uncached.latency.p50} ms, p99 ${uncached.latency.p99} ms, non-2xx ${uncached.non2xx} | ratio ${(uncached.requests.average / baseline.requests.average).toFixed(3)}`,
  );
  console.log(
    `GET /api/v1/customer/overview: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}` +
      ` | ratio ${ratio.toFixed(2)} (target >= 0.25) ${ratio >= 0.25 ? 'OK' : 'BELOW TARGET'}`,
  );
});
