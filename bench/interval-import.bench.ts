// Benchmark (issue 5): the interval-data import (the CLI's service path, importIntervalData over a
// file stream) against raw COPY of the same rows, on PostgreSQL in a scratch database, in the same
// run. The same N values (BENCH_REGISTERS x BENCH_DAYS x 96, default 200 x 30 = 576,000) as a CSV
// file and as an MSCONS file; baselines: COPY of the CSV file into a plain table of its columns
// (meter_number, obis, start, value), and COPY of the resulting day rows into a plain table shaped
// like interval_values. Best of BENCH_RUNS (3). Ratio = baseline time / our time (target >= 0.5).
// Then a run of about 5 million values (BENCH_BIG_DAYS, default 260 days of the same registers)
// printing the peak RSS before and after: memory stays flat while the file streams.
//   npm run bench:interval-import        (BENCH_REGISTERS, BENCH_DAYS, BENCH_RUNS, BENCH_BIG_DAYS=0 to skip)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { withTenant, type Database } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { importIntervalData, type IntervalFormat } from '../server/modules/integration/interval-import.service.ts';
import { getTenantBySlug, upsertTenantFromFile, type Tenant } from '../server/modules/tenants/tenants.service.ts';
import { tenantFile } from '../test/factories.ts';
import { adminUrl, postgresReachable, withPostgres } from './support.ts';

const registers = Number(process.env.BENCH_REGISTERS ?? 200);
const days = Number(process.env.BENCH_DAYS ?? 30);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const bigDays = Number(process.env.BENCH_BIG_DAYS ?? 260);
const TARGET_RATIO = 0.5;
const FIRST_DAY_UTC = Date.UTC(2024, 10, 1); // 1 November 2024: no clock change for 140 days

const meterNumber = (r: number) => `1EMH${String(r + 1).padStart(10, '0')}`;
const melo = (r: number) => `DE0001234567800000000000000${String(r + 1).padStart(6, '0')}`;
const valueOf = (r: number, q: number) => 20 + ((r * 7 + q * 13) % 200);

async function setUp(database: Database): Promise<Tenant> {
  const file = tenantFile();
  file.config.modules = ['readings', 'consumption'];
  await upsertTenantFromFile(database.db, file, process.cwd());
  const tenant = await getTenantBySlug(database.db, file.slug);
  if (!tenant) throw new Error('tenant not created');
  const t = tenant.id;
  await withTenant(database, t, async (trx) => {
    await sql`
      insert into customers (tenant_id, customer_number, kind, last_name, street, house_number, postal_code, city, country)
      select ${t}::uuid, (50000000 + g)::text, 'person', 'Bench ' || g, 'Messweg', g::text, '12345', 'Teststadt', 'DE' from generate_series(1, ${registers}) g`.execute(trx);
    await sql`
      insert into premises (tenant_id, customer_id, street, house_number, postal_code, city, country)
      select tenant_id, id, street, house_number, postal_code, city, country from customers where tenant_id = ${t}::uuid`.execute(trx);
    await sql`
      insert into meters (tenant_id, premise_id, meter_number, metering_point_id, division, meter_kind, data_granularity, installed_on)
      select p.tenant_id, p.id, '1EMH' || lpad((c.customer_number::int - 50000000)::text, 10, '0'),
        'DE0001234567800000000000000' || lpad((c.customer_number::int - 50000000)::text, 6, '0'), 'electricity', 'smart', 'QUARTER_HOUR', date '2020-01-01'
      from premises p join customers c on c.tenant_id = p.tenant_id and c.id = p.customer_id where p.tenant_id = ${t}::uuid`.execute(trx);
    await sql`insert into meter_registers (tenant_id, meter_id, obis, unit, digits) select tenant_id, id, '1-0:1.8.0', 'kWh', 6 from meters where tenant_id = ${t}::uuid`.execute(trx);
  });
  return tenant;
}

/** Writes a file through a stream, a day of every register at a time (never the whole file in memory). */
async function writeFile(file: string, dayCount: number, part: (r: number, day: number) => string, head = '', tail = ''): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(head);
  for (let r = 0; r < registers; r += 1) {
    for (let day = 0; day < dayCount; day += 1) await write(part(r, day));
  }
  await write(tail);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return fs.statSync(file).size;
}

const iso = (ms: number) => `${new Date(ms + 3_600_000).toISOString().slice(0, 16)}:00+01:00`;
const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 12);

function csvDay(r: number, day: number): string {
  // Local midnight in winter (CET) is 23:00 UTC of the day before.
  const midnight = FIRST_DAY_UTC + day * 86_400_000 - 3_600_000;
  let text = '';
  for (let q = 0; q < 96; q += 1) text += `${meterNumber(r)};1-0:1.8.0;${iso(midnight + q * 900_000)};0,${String(valueOf(r, q)).padStart(3, '0')}\n`;
  return text;
}

function msconsDay(r: number, day: number, dayCount: number): string {
  const midnight = FIRST_DAY_UTC + day * 86_400_000 - 3_600_000;
  let text = day === 0 ? `UNH+${String(r + 1)}+MSCONS:D:04B:UN:2.4c'BGM+7+B${String(r + 1)}+9'LOC+172+${melo(r)}'LIN+1'PIA+5+1-1?:1.29.0:SRW'\n` : '';
  for (let q = 0; q < 96; q += 1) {
    const from = midnight + q * 900_000;
    text += `QTY+220:0,${String(valueOf(r, q)).padStart(3, '0')}'DTM+163:${stamp(from)}?+00:303'DTM+164:${stamp(from + 900_000)}?+00:303'\n`;
  }
  if (day === dayCount - 1) text += `UNT+${String(5 + dayCount * 96 * 3 + 1)}+${String(r + 1)}'\n`;
  return text;
}

async function clear(database: Database, tenant: Tenant): Promise<void> {
  await withTenant(database, tenant.id, async (trx) => {
    await trx.deleteFrom('interval_values').where('tenant_id', '=', tenant.id).execute();
    await trx.deleteFrom('consumption_daily').where('tenant_id', '=', tenant.id).execute();
  });
}

async function ours(database: Database, tenant: Tenant, format: IntervalFormat, file: string): Promise<number> {
  await clear(database, tenant);
  const started = performance.now();
  const result = await importIntervalData(database, tenant.id, { format, input: fs.createReadStream(file, { highWaterMark: 256 * 1024 }), source: 'cli', fileName: path.basename(file) });
  const ms = performance.now() - started;
  if (result.status !== 'succeeded') throw new Error(`${format} import failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
  if (result.values !== registers * days * 96 && format !== 'json') throw new Error(`expected ${String(registers * days * 96)} values, got ${String(result.values)}`);
  return ms;
}

async function copy(url: string, table: string, columns: string, file: string, options: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop table if exists ${table}`);
    await client.query(`create table ${table} (${columns})`);
    const started = performance.now();
    await pipeline(fs.createReadStream(file, { highWaterMark: 256 * 1024 }), client.query(copyFrom(`copy ${table} from stdin ${options}`)));
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

const best = async (fn: () => Promise<number>) => {
  let min = Infinity;
  for (let i = 0; i < runs; i += 1) min = Math.min(min, await fn());
  return min;
};

if (!(await postgresReachable())) {
  console.error('This benchmark needs the PostgreSQL server (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).');
  process.exit(1);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-bench-import-'));
try {
  await withPostgres(async (database) => {
    await migrateToLatest(database);
    const tenant = await setUp(database);
    const url = new URL(adminUrl);
    const name = (await sql<{ name: string }>`select current_database() as name`.execute(database.db)).rows[0]?.name ?? '';
    url.pathname = `/${name}`;
    const n = registers * days * 96;
    const csvFile = path.join(dir, 'values.csv');
    const csvBytes = await writeFile(csvFile, days, csvDay, 'meter_number;obis;start;value\n');
    const msconsFile = path.join(dir, 'values.edi');
    const msconsBytes = await writeFile(
      msconsFile,
      days,
      (r, day) => msconsDay(r, day, days),
      "UNA:+,? '\nUNB+UNOC:3+9900000000001:500+9900000000002:500+250101:1200+BENCH'\n",
      `UNZ+${String(registers)}+BENCH'\n`,
    );
    // The day rows the import makes, as COPY text, for the second baseline.
    const rowsFile = path.join(dir, 'rows.txt');
    const ids = (await withTenant(database, tenant.id, (trx) => trx.selectFrom('meter_registers').select('id').orderBy('id').execute())).map((row) => row.id);
    await writeFile(rowsFile, days, (r, day) => {
      const values = Array.from({ length: 96 }, (_, q) => valueOf(r, q)).join(',');
      return `${tenant.id}\t${ids[r] ?? ''}\t${new Date(FIRST_DAY_UTC + day * 86_400_000).toISOString().slice(0, 10)}\t{${values}}\t\\N\n`;
    });
    console.log(
      `${n.toLocaleString('en')} values (${String(registers)} registers x ${String(days)} days x 96): CSV ${(csvBytes / 1e6).toFixed(1)} MB, ` +
        `MSCONS ${(msconsBytes / 1e6).toFixed(1)} MB; best of ${String(runs)}; load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} on ${String(os.availableParallelism())} cores`,
    );
    const copyCsv = await best(() => copy(url.toString(), 'bench_csv_rows', 'meter_number text, obis text, start timestamptz, value text', csvFile, "(format csv, delimiter ';', header true)"));
    const copyRows = await best(() =>
      copy(url.toString(), 'bench_day_rows', 'tenant_id uuid, register_id uuid, day date, values_milli integer[], quality smallint[]', rowsFile, ''),
    );
    const csv = await best(() => ours(database, tenant, 'csv', csvFile));
    const mscons = await best(() => ours(database, tenant, 'mscons', msconsFile));
    const line = (label: string, our: number, baseline: number, baselineLabel: string, target: boolean) => {
      const ratio = baseline / our;
      console.log(
        `${label.padEnd(22)} ${(our / 1000).toFixed(2).padStart(6)} s (${Math.round(n / (our / 1000)).toLocaleString('en')} values/s) | ${baselineLabel} ${(baseline / 1000).toFixed(2)} s | ratio ${ratio.toFixed(2)} ` +
          (target ? `(target >= ${String(TARGET_RATIO)}: ${ratio >= TARGET_RATIO ? 'OK' : 'BELOW TARGET'})` : '(for reference: the database work alone, no parsing, no checks)'),
      );
    };
    // The baseline: raw COPY of the same rows (the file's rows) in the same run.
    line('import CSV', csv, copyCsv, 'COPY of the CSV rows', true);
    line('import MSCONS', mscons, copyCsv, 'COPY of the CSV rows', true);
    line('import CSV', csv, copyRows, 'COPY of the day rows', false);

    if (bigDays > 0) {
      const bigFile = path.join(dir, 'big.csv');
      const bigBytes = await writeFile(bigFile, bigDays, csvDay, 'meter_number;obis;start;value\n');
      await clear(database, tenant);
      const before = process.resourceUsage().maxRSS;
      const started = performance.now();
      const result = await importIntervalData(database, tenant.id, { format: 'csv', input: fs.createReadStream(bigFile, { highWaterMark: 256 * 1024 }), source: 'cli', fileName: 'big.csv' });
      const seconds = (performance.now() - started) / 1000;
      const after = process.resourceUsage().maxRSS;
      if (result.status !== 'succeeded') throw new Error(`big import failed: ${JSON.stringify(result.errors.slice(0, 3))}`);
      console.log(
        `big CSV: ${result.values.toLocaleString('en')} values, ${result.days.toLocaleString('en')} days, ${(bigBytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s ` +
          `(${Math.round(result.values / seconds).toLocaleString('en')} values/s); peak RSS before ${(before / 1024).toFixed(0)} MB, after ${(after / 1024).toFixed(0)} MB`,
      );
    }
  });
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
