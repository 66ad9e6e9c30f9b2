// Benchmark (issue 4): the year chart (12 months + the previous year) and the 15-minute month view of
// one meter through the HTTP API, on PostgreSQL with 1,000 smart meters of 15-minute values for a
// year in the database (35 million values, ~365,000 day rows; the dataset of bench/lib, shared with
// the start-page benchmark). Sequential requests through app.inject (no network, so the numbers are
// the server's own work: routing, session, tenant transaction, SQL, serialisation); p50 and p99
// against a bare Fastify route answering the same JSON through inject in the same run, and the cost of
// the session check alone (what every signed-in route pays). Target p50 <= 10 ms.
//   npm run bench:consumption         (BENCH_METERS, BENCH_DAYS, BENCH_SAMPLES)
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { authenticate } from '../server/modules/identity/sessions.ts';
import { hostOf, TEST_SECRETS_KEY } from '../test/factories.ts';
import { buildIntervalDataset } from './lib/interval-dataset.ts';
import { postgresReachable, signInCookie, withPostgres } from './support.ts';

const meters = Number(process.env.BENCH_METERS ?? 1000);
const days = Number(process.env.BENCH_DAYS ?? 365);
const samples = Number(process.env.BENCH_SAMPLES ?? 2000);
const today = '2026-11-22';
const TARGET_P50_MS = 10;

type Stats = { p50: number; p99: number; perSecond: number };

/** Sequential requests after a warm-up; latencies in ms. */
async function measure(app: FastifyInstance, url: string, headers: Record<string, string>): Promise<Stats> {
  const run = async () => {
    const res = await app.inject({ method: 'GET', url, headers });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  };
  for (let i = 0; i < Math.min(200, samples / 10); i++) await run();
  const timings: number[] = [];
  const started = performance.now();
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await run();
    timings.push(performance.now() - t0);
  }
  const elapsed = (performance.now() - started) / 1000;
  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), perSecond: samples / elapsed };
}

function line(label: string, ours: Stats, bare: Stats, bytes: number): string {
  const ok = ours.p50 <= TARGET_P50_MS ? 'OK' : 'ABOVE TARGET';
  return (
    `${label.padEnd(34)} p50 ${ours.p50.toFixed(2).padStart(6)} ms  p99 ${ours.p99.toFixed(2).padStart(6)} ms  ${ours.perSecond.toFixed(0).padStart(5)} req/s` +
    `  (${bytes.toLocaleString('en')} bytes) | bare Fastify p50 ${bare.p50.toFixed(2)} ms, p99 ${bare.p99.toFixed(2)} ms, ${bare.perSecond.toFixed(0)} req/s` +
    ` | p50 ratio ${(ours.p50 / bare.p50).toFixed(1)}x, throughput ratio ${(ours.perSecond / bare.perSecond).toFixed(2)} | target p50 <= ${String(TARGET_P50_MS)} ms ${ok}`
  );
}

if (!(await postgresReachable())) {
  console.error('This benchmark needs the PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).');
  process.exit(1);
}

await withPostgres(async (database) => {
  await migrateToLatest(database);
  const data = await buildIntervalDataset(database, { meters, days, today });
  console.log(
    `dataset: ${meters.toLocaleString('en')} smart meters x ${String(days)} days = ${data.values.toLocaleString('en')} quarter-hour values ` +
      `(${(meters * days).toLocaleString('en')} day rows) and their daily sums, loaded in ${data.loadSeconds.toFixed(1)} s`,
  );

  const clock = () => new Date(`${today}T10:00:00Z`);
  // What every customer route pays before its own work: the session check (a tenant transaction
  // that reads and touches the session) and the answer, here the year chart's JSON.
  let yearPayload: unknown = null;
  const app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO: 'false', SECRETS_KEY: TEST_SECRETS_KEY }),
    database,
    clock,
    extraRoutes: (instance) => {
      instance.get('/bench/session-only', async (request, reply) => {
        await authenticate(database, request, reply, clock());
        return yearPayload;
      });
    },
  });
  await app.ready();
  const host = hostOf(data.tenant);
  const cookie = await signInCookie(app, host, data.login);
  const headers = { host, cookie };
  const base = `/api/v1/customer/consumption/registers/${data.login.registerId}`;
  const yearUrl = `${base}/year?year=${today.slice(0, 4)}`;
  // October: 31 days of 96 values and the day the clocks go back (100 values), 2,980 values.
  const monthUrl = `${base}/intervals?from=2026-10-01&to=2026-10-31`;
  const sample = async (url: string) => (await app.inject({ method: 'GET', url, headers })).body;
  const yearBody = await sample(yearUrl);
  const monthBody = await sample(monthUrl);
  const monthValues = (JSON.parse(monthBody) as { days: Array<{ values: number[] }> }).days.reduce((n, d) => n + d.values.length, 0);

  // Baseline: a bare Fastify app answering the same JSON bodies (parsed once), also through inject.
  const bare = Fastify();
  yearPayload = JSON.parse(yearBody);
  const monthPayload: unknown = JSON.parse(monthBody);
  bare.get('/year', async () => yearPayload);
  bare.get('/month', async () => monthPayload);
  await bare.ready();

  console.log(`\n${samples.toLocaleString('en')} sequential requests each, after a warm-up:`);
  const bareYear = await measure(bare, '/year', {});
  const sessionOnly = await measure(app, '/bench/session-only', headers);
  const year = await measure(app, yearUrl, headers);
  console.log(line('year chart (12 months + prev. year)', year, bareYear, yearBody.length));
  console.log(
    `${'  of which the session check alone'.padEnd(34)} p50 ${sessionOnly.p50.toFixed(2).padStart(6)} ms  p99 ${sessionOnly.p99.toFixed(2).padStart(6)} ms  ${sessionOnly.perSecond.toFixed(0).padStart(5)} req/s` +
      ' (authenticate() and the same JSON through the app: what every signed-in route pays)',
  );
  const bareMonth = await measure(bare, '/month', {});
  const month = await measure(app, monthUrl, headers);
  console.log(line(`15-minute month (${monthValues.toLocaleString('en')} values)`, month, bareMonth, monthBody.length));
  await bare.close();
  await app.close();
});
