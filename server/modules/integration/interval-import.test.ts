// Interval-data import (ADR 0022): CSV (BOM, both separators, decimal comma, DST days with 92 and
// 100 values, the repeated autumn hour), partial days merged, JSON, MSCONS, positioned errors with
// nothing written, other tenants' meters unknown, daily sums recomputed and shown by the
// consumption API, import runs recorded, and the CLI command end to end.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.ts';
import { buildTestApp, tenantFile } from '../../../test/factories.ts';
import { caller, signedInCustomer } from '../../../test/http.ts';
import { addSupply } from '../../../test/supply.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { getTenantBySlug, upsertTenantFromFile, type Tenant } from '../tenants/tenants.service.ts';
import { importIntervalsFile } from './interval-import.cli.ts';
import { detectFormat, importIntervalData, listImportRuns, type IntervalFormat } from './interval-import.service.ts';

let database: Database;
let app: FastifyInstance;
let tenant: Tenant;
let other: Tenant;
let seq = 0;

async function consumptionTenant(): Promise<Tenant> {
  const file = tenantFile();
  file.config.modules = ['readings', 'consumption'];
  await upsertTenantFromFile(database.db, file, process.cwd());
  const found = await getTenantBySlug(database.db, file.slug);
  if (!found) throw new Error('tenant missing');
  return found;
}

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await consumptionTenant();
  other = await consumptionTenant();
  app = await buildTestApp(database, { extra: { clock: () => new Date('2026-01-20T10:00:00Z') } });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

/** A customer with a smart meter (register 1-0:1.8.0), optionally with a MeLo. */
async function meter(on: Tenant = tenant, melo: string | null = null): Promise<{ customerId: string; meterNumber: string; registerId: string; melo: string | null }> {
  seq += 1;
  const customerId = await withTenant(database, on.id, async (trx) => {
    const row = await trx
      .insertInto('customers')
      .values({ tenant_id: on.id, customer_number: `4${String(7_000_000 + seq)}`, kind: 'person', last_name: 'Import', street: 'Weg', house_number: '1', postal_code: '12345', city: 'Teststadt', country: 'DE' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  const meterNumber = `1EMH00${String(100_000 + seq)}${String(seq % 10)}`;
  const supply = await addSupply(database, on, customerId, { meterNumber, meterKind: 'smart', dataGranularity: 'QUARTER_HOUR' });
  if (melo) await withTenant(database, on.id, (trx) => trx.updateTable('meters').set({ metering_point_id: melo }).where('id', '=', supply.meterId).execute());
  return { customerId, meterNumber, registerId: supply.registerIds[0]!, melo };
}

/** Feeds the text in small chunks, so values and lines cross chunk boundaries. */
function chunked(text: string, size = 97): Readable {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

async function run(format: IntervalFormat, text: string, on: Tenant = tenant) {
  return importIntervalData(database, on.id, { format, input: chunked(text), source: 'api', fileName: `test.${format}` });
}

async function dayRow(registerId: string, day: string, on: Tenant = tenant) {
  return withTenant(database, on.id, (trx) =>
    trx.selectFrom('interval_values').select(['values_milli', 'quality']).where('register_id', '=', registerId).where('day', '=', day).executeTakeFirst(),
  );
}

async function dailyRow(registerId: string, day: string, on: Tenant = tenant) {
  return withTenant(database, on.id, (trx) =>
    trx.selectFrom('consumption_daily').select(['quantity_milli', 'quality']).where('register_id', '=', registerId).where('day', '=', day).executeTakeFirst(),
  );
}

async function rowCount(registerId: string, on: Tenant = tenant): Promise<number> {
  const row = await withTenant(database, on.id, (trx) =>
    trx.selectFrom('interval_values').select((eb) => eb.fn.countAll<number>().as('n')).where('register_id', '=', registerId).executeTakeFirstOrThrow(),
  );
  return row.n;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** CSV lines of a local German day from hh:mm for `count` quarter hours (no DST handling: plain days). */
function germanLines(meterNumber: string, date: string, count: number, value: (i: number) => string, sep = ';', fromQuarter = 0): string[] {
  const [y, m, d] = date.split('-');
  const lines: string[] = [];
  for (let i = fromQuarter; i < fromQuarter + count; i += 1) {
    lines.push([meterNumber, '1-0:1.8.0', `${d}.${m}.${y} ${pad(Math.floor(i / 4))}:${pad((i % 4) * 15)}`, value(i)].join(sep));
  }
  return lines;
}

describe('CSV', () => {
  it('imports a local day with BOM, semicolons and decimal comma, and recomputes the daily sum', async () => {
    const m = await meter();
    const csv = `\uFEFFmeter_number;obis;start;value;unit\r\n${germanLines(m.meterNumber, '2025-01-15', 96, (i) => `0,${String(100 + i)}`)
      .map((l) => `${l};kWh`)
      .join('\r\n')}\r\n`;
    const result = await run('csv', csv);
    expect(result, JSON.stringify(result.errors)).toMatchObject({ status: 'succeeded', series: 1, days: 1, values: 96, errorCount: 0, records: 96 });
    const row = await dayRow(m.registerId, '2025-01-15');
    expect(row?.values_milli).toHaveLength(96);
    expect(row?.values_milli.slice(0, 3)).toEqual([100, 101, 102]);
    expect(row?.quality).toBeNull();
    const sum = Array.from({ length: 96 }, (_, i) => 100 + i).reduce((a, b) => a + b, 0);
    expect(await dailyRow(m.registerId, '2025-01-15')).toEqual({ quantity_milli: sum, quality: 220 });
  });

  it('reads commas as separator with quoted decimal commas, ISO times with offset and meter numbers with blanks', async () => {
    const m = await meter();
    const spaced = `${m.meterNumber.slice(0, 4)} ${m.meterNumber.slice(4, 8)}-${m.meterNumber.slice(8)}`;
    const lines = ['meter_number,obis,start,value,quality'];
    for (let i = 0; i < 4; i += 1) lines.push(`${spaced},1-0:1.8.0,2025-02-01T${pad(i)}:00:00+01:00,"1,5",${i === 0 ? '67' : '220'}`);
    lines.push(`${spaced},1-0:1.8.0,2025-02-01T00:15:00Z,2.25,220`);
    const result = await run('csv', `${lines.join('\n')}\n`);
    expect(result.status, JSON.stringify(result.errors)).toBe('succeeded');
    const row = await dayRow(m.registerId, '2025-02-01');
    // 00:00, 01:00, 02:00, 03:00 local and 01:15 local (00:15Z); the rest of the day is missing.
    expect(row?.values_milli.slice(0, 6)).toEqual([1500, 0, 0, 0, 1500, 2250]);
    expect(row?.quality?.slice(0, 6)).toEqual([67, 1030, 1030, 1030, 220, 220]);
    expect(await dailyRow(m.registerId, '2025-02-01')).toEqual({ quantity_milli: 4 * 1500 + 2250, quality: 1030 });
  });

  it('keeps the DST days whole: 92 quarter hours on 30 March, 100 on 26 October with the dst column', async () => {
    const m = await meter();
    const spring: string[] = ['meter_number;obis;start;value'];
    for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
      if (minutes >= 120 && minutes < 180) continue; // 02:00-02:59 does not exist
      spring.push(`${m.meterNumber};1-0:1.8.0;30.03.2025 ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)};0,010`);
    }
    const springResult = await run('csv', spring.join('\n'));
    expect(springResult, JSON.stringify(springResult.errors)).toMatchObject({ status: 'succeeded', values: 92, days: 1 });
    expect((await dayRow(m.registerId, '2025-03-30'))?.values_milli).toHaveLength(92);
    expect(await dailyRow(m.registerId, '2025-03-30')).toEqual({ quantity_milli: 920, quality: 220 });

    const autumn: string[] = ['meter_number;obis;start;value;dst'];
    for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
      const time = `26.10.2025 ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
      if (minutes >= 120 && minutes < 180) {
        autumn.push(`${m.meterNumber};1-0:1.8.0;${time};0,020;MESZ`);
        autumn.push(`${m.meterNumber};1-0:1.8.0;${time};0,030;MEZ`);
      } else autumn.push(`${m.meterNumber};1-0:1.8.0;${time};0,010;`);
    }
    const autumnResult = await run('csv', autumn.join('\n'));
    expect(autumnResult, JSON.stringify(autumnResult.errors)).toMatchObject({ status: 'succeeded', values: 100, days: 1 });
    const row = await dayRow(m.registerId, '2025-10-26');
    expect(row?.values_milli).toHaveLength(100);
    // 02:00 summer time is the 9th quarter hour, 02:00 standard time the 13th.
    expect(row?.values_milli.slice(8, 16)).toEqual([20, 20, 20, 20, 30, 30, 30, 30]);
    expect(await dailyRow(m.registerId, '2025-10-26')).toEqual({ quantity_milli: 92 * 10 + 4 * 20 + 4 * 30, quality: 220 });
  });

  it('refuses the repeated autumn hour without offset or dst, and a time in the spring gap, with line and column', async () => {
    const m = await meter();
    const csv = [
      'meter_number;obis;start;value',
      `${m.meterNumber};1-0:1.8.0;26.10.2025 01:45;1`,
      `${m.meterNumber};1-0:1.8.0;26.10.2025 02:15;1`,
      `${m.meterNumber};1-0:1.8.0;26.10.2025 02:15 +01:00;1`,
      `${m.meterNumber};1-0:1.8.0;30.03.2025 02:30;1`,
      `${m.meterNumber};1-0:1.8.0;2025-03-30 02:15;1`,
    ].join('\n');
    const result = await run('csv', csv);
    expect(result.status).toBe('failed');
    expect(result.errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ['ambiguous_time', 3, 'start'],
      ['nonexistent_time', 5, 'start'],
      ['nonexistent_time', 6, 'start'],
    ]);
    expect(result.errors[0]!.message.de).toMatch(/zweimal/);
    expect(await rowCount(m.registerId)).toBe(0);
  });

  it('merges a later delivery into a partial day: new values replace the old ones, missing quarter hours are filled', async () => {
    const m = await meter();
    const header = 'meter_number;obis;start;value';
    const first = await run('csv', [header, ...germanLines(m.meterNumber, '2025-05-05', 24, () => '0,100')].join('\n'));
    expect(first).toMatchObject({ status: 'succeeded', values: 24, days: 1 });
    let row = await dayRow(m.registerId, '2025-05-05');
    expect(row?.values_milli.slice(22, 26)).toEqual([100, 100, 0, 0]);
    expect(row?.quality?.slice(22, 26)).toEqual([220, 220, 1030, 1030]);
    expect(await dailyRow(m.registerId, '2025-05-05')).toEqual({ quantity_milli: 2400, quality: 1030 });

    // 04:00 to the end of the day: quarter hours 16..95, replacing 16..23.
    const second = await run('csv', [header, ...germanLines(m.meterNumber, '2025-05-05', 80, () => '0,200', ';', 16)].join('\n'));
    expect(second).toMatchObject({ status: 'succeeded', values: 80, days: 1 });
    row = await dayRow(m.registerId, '2025-05-05');
    expect(row?.values_milli.slice(14, 18)).toEqual([100, 100, 200, 200]);
    expect(row?.quality).toBeNull();
    expect(await dailyRow(m.registerId, '2025-05-05')).toEqual({ quantity_milli: 16 * 100 + 80 * 200, quality: 220 });

    // The same file again (a replay) changes nothing.
    await run('csv', [header, ...germanLines(m.meterNumber, '2025-05-05', 80, () => '0,200', ';', 16)].join('\n'));
    expect(await dailyRow(m.registerId, '2025-05-05')).toEqual({ quantity_milli: 16 * 100 + 80 * 200, quality: 220 });
  });

  it('writes nothing when any record is bad: bad number, unknown meter, wrong unit, bad header; errors are positioned and counted', async () => {
    const m = await meter();
    const good = germanLines(m.meterNumber, '2025-06-01', 8, () => '0,1');
    const csv = [
      'meter_number;obis;start;value;unit',
      ...good.map((l) => `${l};kWh`),
      `${m.meterNumber};1-0:1.8.0;01.06.2025 03:00;0,1x;kWh`,
      `UNKNOWN-1;1-0:1.8.0;01.06.2025 03:00;0,1;kWh`,
      `UNKNOWN-1;1-0:1.8.0;01.06.2025 03:15;0,1;kWh`,
      `${m.meterNumber};1-0:1.8.0;01.06.2025 03:07;0,1;kWh`,
      `${m.meterNumber};1-0:2.8.0;01.06.2025 03:15;0,1;kWh`,
      `${m.meterNumber};1-0:1.8.0;01.06.2025;0,1;kWh`,
      `${m.meterNumber};1-0:1.8.0;01.06.2025 04:00;0,1`,
      `${m.meterNumber};1-0:1.8.0;01.06.2025 04:00;-1;kWh`,
    ].join('\n');
    const result = await run('csv', csv);
    expect(result.status).toBe('failed');
    expect(result.errors.map((e) => [e.code, e.line, e.column ?? null])).toEqual([
      ['bad_number', 10, 'value'],
      ['unknown_register', 11, null],
      ['not_quarter_hour', 13, null],
      ['unknown_register', 14, null],
      ['bad_time', 15, 'start'],
      ['syntax', 16, null],
      ['negative_value', 17, 'value'],
    ]);
    expect(result).toMatchObject({ values: 0, days: 0, errorCount: 7 });
    expect(await rowCount(m.registerId)).toBe(0);

    const header = await run('csv', 'meter_number;obis;begin;value\nX;1-0:1.8.0;x;1\n');
    expect(header.errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ['bad_header', 1, 'begin'],
      ['bad_header', 1, 'start'],
    ]);
    const unit = await run('csv', `meter_number;obis;start;value;unit\n${m.meterNumber};1-0:1.8.0;01.06.2025 00:00;1;m3\n`);
    expect(unit.errors.map((e) => [e.code, e.line])).toEqual([['unit_mismatch', 2]]);

    const runs = await withTenant(database, tenant.id, (trx) => listImportRuns(trx, tenant.id, { limit: 3 }));
    expect(runs[0]).toMatchObject({ id: unit.runId, status: 'failed', source: 'api', format: 'csv', errorCount: 1, fileName: 'test.csv' });
    expect(runs[0]!.finishedAt).toBeInstanceOf(Date);
    expect(runs[2]).toMatchObject({ id: result.runId, status: 'failed', errorCount: 7, records: 16 });
    expect(runs[2]!.errors[0]).toMatchObject({ code: 'bad_number', line: 10, column: 'value' });
  });

  it('reads the machine form fast and the same as the general form: a repeated day and quarter hour, quality codes on whole days', async () => {
    const m = await meter();
    const iso = (day: string, q: number) => {
      const at = new Date(Date.parse(`${day}T00:00:00+01:00`) + q * 900_000 + 3_600_000).toISOString().slice(0, 19);
      return `${at}+01:00`;
    };
    const day = (date: string, value: (q: number) => string, quality: (q: number) => string = () => '220') =>
      Array.from({ length: 96 }, (_, q) => `${m.meterNumber};1-0:1.8.0;${iso(date, q)};${value(q)};${quality(q)}`);
    const csv = [
      'meter_number;obis;start;value;quality',
      // 2025-11-03 whole, then again whole with other values, then two quarter hours once more.
      ...day('2025-11-03', () => '0,100'),
      ...day('2025-11-03', () => '0,200'),
      `${m.meterNumber};1-0:1.8.0;${iso('2025-11-03', 5)};0,300;Z18`,
      `${m.meterNumber};1-0:1.8.0;${iso('2025-11-03', 6)};0,400;220`,
      // 2025-11-04 whole with a substitute value and a missing one; 2025-11-05 with a substitute only;
      // the general form (German time, blanks, a quoted value) in between.
      ...day('2025-11-04', (q) => (q === 7 ? '' : '0,010'), (q) => (q === 7 ? 'Z30' : q === 3 ? '67' : '220')),
      ...day('2025-11-05', () => '1', (q) => (q === 95 ? '67' : '220')).map((line, q) => (q === 10 ? `${m.meterNumber};1-0:1.8.0; 05.11.2025 02:30 ; 1 ;220` : line)),
    ].join('\n');
    const result = await run('csv', csv);
    expect(result, JSON.stringify(result.errors)).toMatchObject({ status: 'succeeded', days: 3, values: 96 * 4 + 2 });
    const repeated = await dayRow(m.registerId, '2025-11-03');
    expect(repeated?.values_milli.slice(4, 8)).toEqual([200, 300, 400, 200]);
    expect(repeated?.quality?.slice(4, 8)).toEqual([220, 1018, 220, 220]);
    expect(await dailyRow(m.registerId, '2025-11-03')).toEqual({ quantity_milli: 94 * 200 + 300 + 400, quality: 1018 });
    const missing = await dayRow(m.registerId, '2025-11-04');
    expect(missing?.quality?.slice(2, 8)).toEqual([220, 67, 220, 220, 220, 1030]);
    expect(await dailyRow(m.registerId, '2025-11-04')).toEqual({ quantity_milli: 95 * 10, quality: 1030 });
    expect(await dailyRow(m.registerId, '2025-11-05')).toEqual({ quantity_milli: 96_000, quality: 67 });
    expect((await dayRow(m.registerId, '2025-11-05'))?.values_milli[10]).toBe(1000);
  });

  it('stores the same rows whether lines take the fast path or the general one', async () => {
    const fast = await meter();
    const general = await meter();
    const lines = (meterNumber: string, pad: string) =>
      germanLines(meterNumber, '2025-11-10', 96, (i) => (i % 7 === 0 ? '1.2345' : `0,${String(100 + i)}`)).map((line, i) => {
        const fields = [...line.split(';'), i % 5 === 0 ? 'Z18' : '220'];
        return fields.map((f) => `${pad}${f}${pad}`).join(';');
      });
    const header = 'meter_number;obis;start;value;quality';
    expect(await run('csv', [header, ...lines(fast.meterNumber, '')].join('\n'))).toMatchObject({ status: 'succeeded', values: 96 });
    expect(await run('csv', [header, ...lines(general.meterNumber, ' ')].join('\r\n'))).toMatchObject({ status: 'succeeded', values: 96 });
    expect(await dayRow(general.registerId, '2025-11-10')).toEqual(await dayRow(fast.registerId, '2025-11-10'));
    expect(await dailyRow(general.registerId, '2025-11-10')).toEqual(await dailyRow(fast.registerId, '2025-11-10'));
    expect((await dayRow(fast.registerId, '2025-11-10'))?.values_milli.slice(0, 2)).toEqual([1235, 101]);
  });

  it("treats another tenant's meter numbers as unknown", async () => {
    const foreign = await meter(other);
    const result = await run('csv', ['meter_number;obis;start;value', ...germanLines(foreign.meterNumber, '2025-01-02', 4, () => '1')].join('\n'));
    expect(result.errors.map((e) => [e.code, e.line])).toEqual([['unknown_register', 2]]);
    expect(await rowCount(foreign.registerId, other)).toBe(0);
  });

  it('lists the first 100 errors and counts all', async () => {
    const m = await meter();
    const lines = ['meter_number;obis;start;value'];
    for (let i = 0; i < 150; i += 1) lines.push(`${m.meterNumber};1-0:1.8.0;01.07.2025 00:00;x${String(i)}`);
    const result = await run('csv', lines.join('\n'));
    expect(result.errorCount).toBe(150);
    expect(result.errors).toHaveLength(100);
    expect(result.errors[99]).toMatchObject({ line: 101 });
  });
});

describe('JSON', () => {
  it('imports series by meter number and by MeLo, with numbers, decimal strings, null and { value, quality }', async () => {
    const m = await meter();
    const melo = `DE00056266802AO6G56M11SN51G2${String(1000 + seq).slice(-4)}X`;
    const l = await meter(tenant, melo);
    const values = Array.from({ length: 96 }, (_, i) => (i === 0 ? { value: '0,5', quality: 'Z18' } : i === 1 ? null : i === 2 ? '0.25' : 0.125));
    const body = JSON.stringify({
      series: [
        { meterNumber: m.meterNumber, obis: '1-0:1.8.0', unit: 'kWh', start: '2025-01-09T23:00:00Z', resolutionMinutes: 15, values },
        { values: [1, 2], obis: '1-0:1.8.0', melo, start: '2025-01-10T00:00:00+01:00' },
      ],
    });
    const result = await run('json', body);
    expect(result, JSON.stringify(result.errors)).toMatchObject({ status: 'succeeded', series: 2, values: 97, days: 2 });
    const row = await dayRow(m.registerId, '2025-01-10');
    expect(row?.values_milli.slice(0, 4)).toEqual([500, 0, 250, 125]);
    expect(row?.quality?.slice(0, 4)).toEqual([1018, 1030, 220, 220]);
    expect((await dayRow(l.registerId, '2025-01-10'))?.values_milli.slice(0, 3)).toEqual([1000, 2000, 0]);
  });

  it('names record and path of bad values, refuses unknown fields, other resolutions and broken JSON', async () => {
    const m = await meter();
    const result = await run(
      'json',
      JSON.stringify({
        series: [
          { meterNumber: m.meterNumber, obis: '1-0:1.8.0', start: '2025-01-09T23:00:00Z', values: [1, 'abc', { value: 1, extra: 1 }] },
          { meterNumber: m.meterNumber, obis: '1-0:1.8.0', start: '2025-01-09T23:00:00Z', resolutionMinutes: 60, colour: 'red', values: [1] },
          { meterNumber: m.meterNumber, obis: '1-0:1.8.0', start: '2025-01-10 00:00', values: [1] },
        ],
      }),
    );
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([
      ['bad_number', 'series[0].values[1]'],
      ['unknown_field', 'series[0].values[2]'],
      ['unknown_field', 'series[1].colour'],
      ['bad_resolution', 'series[1].resolutionMinutes'],
      ['bad_time', 'series[2].start'],
    ]);
    expect(await rowCount(m.registerId)).toBe(0);
    const broken = await run('json', '{"series": [{"meterNumber": "1", "values": [1, 2,, 3]}]}');
    expect(broken.errors[0]).toMatchObject({ code: 'syntax' });
    expect(broken.errors[0]!.character).toBeGreaterThan(30);
    expect((await run('json', '{"series": []}')).errors[0]).toMatchObject({ code: 'empty' });
  });
});

/** An MSCONS load profile for a MeLo from `startUtc`, `count` values, with decimal comma. */
function mscons(melo: string, startUtc: string, count: number, value: (i: number) => string, obis = '1-1?:1.29.0'): string {
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 12);
  const start = Date.parse(startUtc);
  const body = ["UNH+1+MSCONS:D:04B:UN:2.4c'", "BGM+7+DOC?+1+9'", `LOC+172+${melo}'`, "LIN+1'", `PIA+5+${obis}:SRW'`];
  for (let i = 0; i < count; i += 1) {
    const from = start + i * 900_000;
    body.push(`QTY+${i === 0 ? '67' : '220'}:${value(i)}'DTM+163:${stamp(from)}?+00:303'DTM+164:${stamp(from + 900_000)}?+00:303'`);
  }
  const segments = body.join('').split("'").filter((s) => s !== '').length + 1;
  return `UNA:+,? '\nUNB+UNOC:3+9900000000001:500+9900000000002:500+250101:1200+REF1'\n${body.join('\n')}\nUNT+${String(segments)}+1'\nUNZ+1+REF1'\n`;
}

describe('MSCONS', () => {
  it('imports a load profile (1-1:1.29.0) into the energy register of the MeLo, with release characters and decimal comma', async () => {
    const melo = `DE00056266802AO6G56M11SN51G2${String(1000 + seq + 1).slice(-4)}Y`;
    const m = await meter(tenant, melo);
    const result = await run('mscons', mscons(melo, '2025-03-29T23:00:00Z', 92, (i) => (i % 2 === 0 ? '0,250' : '0,5')));
    expect(result, JSON.stringify(result.errors)).toMatchObject({ status: 'succeeded', series: 1, values: 92, days: 1 });
    const row = await dayRow(m.registerId, '2025-03-30');
    expect(row?.values_milli).toHaveLength(92);
    expect(row?.values_milli.slice(0, 2)).toEqual([250, 500]);
    expect(row?.quality?.slice(0, 2)).toEqual([67, 220]);
    expect(await dailyRow(m.registerId, '2025-03-30')).toEqual({ quantity_milli: 46 * 250 + 46 * 500, quality: 67 });
  });

  it('names segment and character of structural errors and of values for unknown locations; writes nothing', async () => {
    const melo = `DE00056266802AO6G56M11SN51G2${String(1000 + seq + 1).slice(-4)}Z`;
    const m = await meter(tenant, melo);
    const text = mscons(melo, '2025-04-01T22:00:00Z', 4, () => '1,0');
    const broken = await run('mscons', text.replace("QTY+220:1,0'DTM+163:2025040122", "QTY+220:1,x'DTM+163:2025040122"));
    expect(broken.errors).toHaveLength(1);
    expect(broken.errors[0]).toMatchObject({ code: 'syntax', segment: 10 });
    const offset = broken.errors[0]!.character! - 1;
    expect(text.slice(offset, offset + 4)).toBe('QTY+');
    const unknown = await run('mscons', mscons('DE00000000000000000000000000000XY', '2025-04-01T22:00:00Z', 2, () => '1'));
    expect(unknown.errors.map((e) => [e.code, e.segment])).toEqual([['unknown_register', 7]]);
    expect(await rowCount(m.registerId)).toBe(0);
  });
});

describe('consumption and the command line', () => {
  it('shows the imported day in the customer’s consumption', async () => {
    const call = caller(app, tenant);
    seq += 1;
    const customer = await signedInCustomer(database, call, tenant, 900 + seq, 'Zählerstand im Keller 7');
    const supply = await addSupply(database, tenant, customer.customerId, { meterNumber: `1ESY9${String(seq).padStart(9, '0')}`, meterKind: 'smart', dataGranularity: 'QUARTER_HOUR' });
    const result = await run('csv', ['meter_number;obis;start;value', ...germanLines(`1ESY9${String(seq).padStart(9, '0')}`, '2026-01-12', 96, () => '0,125')].join('\n'));
    expect(result.status, JSON.stringify(result.errors)).toBe('succeeded');
    const month = await call('GET', `/api/v1/customer/consumption/registers/${supply.registerIds[0]!}/month?month=2026-01`, { cookie: customer.cookie });
    expect(month.statusCode, month.body).toBe(200);
    const days = month.json<{ days: Array<{ period: string; milli: number | null }> }>().days;
    expect(days.find((d) => d.period === '2026-01-12')).toMatchObject({ milli: 12_000 });
    const intervals = await call('GET', `/api/v1/customer/consumption/registers/${supply.registerIds[0]!}/intervals?from=2026-01-12&to=2026-01-12`, { cookie: customer.cookie });
    expect(intervals.json<{ days: Array<{ values: number[]; totalMilli: number }> }>().days[0]).toMatchObject({ totalMilli: 12_000 });
  });

  it('imports an MSCONS file with the CLI command: format from the content, summary, errors and exit code 1', async () => {
    const melo = `DE00056266802AO6G56M11SN51G2${String(2000 + seq).slice(-4)}C`;
    const m = await meter(tenant, melo);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kp-import-'));
    try {
      const file = path.join(dir, 'lastgang.txt');
      fs.writeFileSync(file, mscons(melo, '2025-10-25T22:00:00Z', 100, () => '0,1'));
      const lines: string[] = [];
      let progress = '';
      const err = Object.assign(
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            progress += chunk.toString();
            done();
          },
        }),
        { isTTY: false },
      );
      const io = { out: (line: string) => lines.push(line), err };
      expect(await importIntervalsFile(database, tenant, file, undefined, io)).toBe(0);
      expect(lines.join('\n')).toMatch(/^Imported lastgang\.txt \(mscons\) into .*: 1 series, 1 days, 100 values in [\d.]+ s \(run [0-9a-f-]+\)\.$/);
      expect(progress).toBe('');
      expect((await dayRow(m.registerId, '2025-10-26'))?.values_milli).toHaveLength(100);

      const bad = path.join(dir, 'bad.csv');
      fs.writeFileSync(bad, `meter_number;obis;start;value\n${m.meterNumber};1-0:1.8.0;26.10.2025 02:00;1\n`);
      lines.length = 0;
      expect(await importIntervalsFile(database, tenant, bad, undefined, io)).toBe(1);
      expect(lines[0]).toMatch(/failed after .*1 error\(s\), nothing was written/);
      expect(lines[1]).toMatch(/^ {2}line 2, column start: .*zweimal.* \/ .*occurs twice/);
      expect(await importIntervalsFile(database, tenant, path.join(dir, 'missing.csv'), undefined, io)).toBe(1);
      expect(await importIntervalsFile(database, tenant, bad, 'xml', io)).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('detects the format from the name or the first bytes', () => {
    expect(detectFormat('a.CSV', '')).toBe('csv');
    expect(detectFormat('a.json', '')).toBe('json');
    expect(detectFormat('a.edi', '')).toBe('mscons');
    expect(detectFormat('a.txt', "UNB+UNOC:3'")).toBe('mscons');
    expect(detectFormat('data', '\uFEFFUNA:+.? \'')).toBe('mscons');
    expect(detectFormat('data', ' {"series": []}')).toBe('json');
    expect(detectFormat('data', 'meter_number;obis;start;value\n')).toBe('csv');
    expect(detectFormat('data', 'hello')).toBeNull();
  });
});
