// SQL of the interval-data import (ADR 0022): registers by meter number or metering point id,
// the day-row upsert that merges with what is stored and recomputes the daily sums, and the
// import runs. Every function takes the tenant first.
import { sql } from 'kysely';
import type { TenantTransaction } from '../../db/database.ts';
import { MISSING, TRUE_VALUE, type IntervalImportError } from './interval-values.ts';

export type RegisterCandidate = {
  /** Index of the asked key. */
  key: number;
  registerId: string;
  obis: string;
  unit: string;
  installedOn: string;
  removedOn: string | null;
};

/**
 * The registers of the meters with these (normalised) meter numbers or metering point ids, with
 * the meters' installation periods; the caller picks the OBIS code and the meter of each day.
 */
export async function registerCandidates(
  trx: TenantTransaction,
  tenantId: string,
  keys: ReadonlyArray<{ kind: 'meter' | 'melo'; id: string }>,
): Promise<RegisterCandidate[]> {
  if (keys.length === 0) return [];
  const result = await sql<RegisterCandidate>`
    select k.i::int - 1 as key, r.id as "registerId", r.obis, r.unit, m.installed_on as "installedOn", m.removed_on as "removedOn"
    from unnest(${keys.map((k) => k.kind)}::text[], ${keys.map((k) => k.id)}::text[]) with ordinality as k(kind, id, i)
    join meters m on m.tenant_id = ${tenantId}
      and case when k.kind = 'melo' then m.metering_point_id = k.id
               else upper(regexp_replace(m.meter_number, '[[:space:]./_-]', '', 'g')) = k.id end
    join meter_registers r on r.tenant_id = m.tenant_id and r.meter_id = m.id
    order by k.i, m.installed_on, r.obis`.execute(trx);
  return result.rows;
}

/** Imports of one tenant run one after the other (a day row is read, merged and written). */
export async function lockTenantImports(trx: TenantTransaction, tenantId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`kp.interval-import.${tenantId}`}, 0))`.execute(trx);
}

/**
 * Partial day rows to merge, one array literal per column (built by the caller, sent as they are):
 * register ids ("{uuid,...}"), local days ("{2025-01-15,...}"), and per row the day's quarter
 * hours and quality codes as an array literal of its own inside a text array
 * ("{\"{250,NULL,...}\",...}", NULL = not delivered): each row parses its own short array
 * (slicing one long array with NULLs per row costs time in the length of the whole batch).
 */
export type PartialDays = {
  /** Rows in the batch. */
  count: number;
  registerIds: string;
  days: string;
  values: string;
  quality: string;
};

/**
 * Whole day rows (every quarter hour delivered): register ids and days as above; the quarter
 * hours of all rows one after the other as one int4[] in binary form (a Buffer: the server parses
 * no text for them; without NULLs a row's slice is found in constant time) and each row's first
 * and last index in it ("{1,...}", "{96,...}"); quality codes per row as a literal or NULL (all
 * true values); the daily sums and their quality ("{24000,...}", "{220,...}").
 */
export type WholeDays = {
  count: number;
  registerIds: string;
  days: string;
  values: Buffer;
  firsts: string;
  lasts: string;
  quality: string;
  totals: string;
  dailyQuality: string;
};

/**
 * Writes whole days: each replaces the stored row of its day as a whole, so nothing is read or
 * merged; the daily sums computed by the caller are upserted in the same statement. The batch
 * names each (register, day) once. Returns the number of day rows.
 */
export async function writeWholeDays(trx: TenantTransaction, tenantId: string, batch: WholeDays): Promise<number> {
  await sql`
    with input as (
      select t.register_id, t.day, (${batch.values}::int[])[t.first:t.last] as v, t.q::smallint[] as q, t.total, t.daily_quality
      from unnest(${batch.registerIds}::uuid[], ${batch.days}::date[], ${batch.firsts}::int[], ${batch.lasts}::int[], ${batch.quality}::text[], ${batch.totals}::bigint[], ${batch.dailyQuality}::smallint[])
        as t(register_id, day, first, last, q, total, daily_quality)
    ), written as (
      insert into interval_values (tenant_id, register_id, day, values_milli, quality)
      select ${tenantId}, register_id, day, v, q from input
      on conflict (tenant_id, register_id, day) do update set values_milli = excluded.values_milli, quality = excluded.quality
    )
    insert into consumption_daily (tenant_id, register_id, day, quantity_milli, quality)
    select ${tenantId}, register_id, day, total, daily_quality from input
    on conflict (tenant_id, register_id, day) do update set quantity_milli = excluded.quantity_milli, quality = excluded.quality`.execute(trx);
  return batch.count;
}

/**
 * Writes a batch of (partial) day rows in one statement: each delivered quarter hour replaces the stored
 * one, quarter hours not delivered keep the stored value, or become 0 with quality 1030 (Z30,
 * missing) on a day not stored before; quality is NULL when every value is a true value (220).
 * The daily sums of the written days are recomputed from the merged rows in the same statement:
 * the sum of the day, quality 220 when every value is true, 1030 when any is missing, else the
 * smallest other code. Returns the number of day rows written.
 */
export async function upsertDays(trx: TenantTransaction, tenantId: string, batch: PartialDays): Promise<number> {
  if (batch.count === 0) return 0;
  const result = await sql<{ days: number }>`
    with input as (
      select t.register_id, t.day, t.v::int[] as v, t.q::smallint[] as q
      from unnest(${batch.registerIds}::uuid[], ${batch.days}::date[], ${batch.values}::text[], ${batch.quality}::text[]) as t(register_id, day, v, q)
    ), merged as (
      select i.register_id, i.day,
        array(select coalesce(u.nv, u.ov, 0) from unnest(i.v, e.values_milli) with ordinality as u(nv, ov, k) order by k) as values_milli,
        array(select coalesce(u.nq, u.oq, case when e.day is null then ${MISSING}::int else ${TRUE_VALUE}::int end)::smallint
              from unnest(i.q, e.quality) with ordinality as u(nq, oq, k) order by k) as quality
      from input i
      left join interval_values e on e.tenant_id = ${tenantId} and e.register_id = i.register_id and e.day = i.day
    ), written as (
      insert into interval_values as iv (tenant_id, register_id, day, values_milli, quality)
      select ${tenantId}, register_id, day, values_milli, case when ${TRUE_VALUE}::int = all(quality) then null else quality end
      from merged
      on conflict (tenant_id, register_id, day) do update set values_milli = excluded.values_milli, quality = excluded.quality
      returning register_id, day, values_milli, quality
    ), daily as (
      insert into consumption_daily (tenant_id, register_id, day, quantity_milli, quality)
      select ${tenantId}, register_id, day, (select sum(x) from unnest(values_milli) x),
        case when quality is null then ${TRUE_VALUE}::int
             when ${MISSING}::int = any(quality) then ${MISSING}::int
             else (select min(x) from unnest(quality) x where x <> ${TRUE_VALUE}::int) end
      from written
      on conflict (tenant_id, register_id, day) do update set quantity_milli = excluded.quantity_milli, quality = excluded.quality
      returning 1
    )
    select count(*)::int as days from daily`.execute(trx);
  return result.rows[0]?.days ?? 0;
}

export type ImportRunStart = { source: 'api' | 'cli'; format: 'json' | 'csv' | 'mscons'; fileName: string | null; actor: string | null };

export async function insertImportRun(trx: TenantTransaction, tenantId: string, run: ImportRunStart): Promise<{ id: string; startedAt: Date }> {
  return trx
    .insertInto('import_runs')
    .values({ tenant_id: tenantId, kind: 'intervals', source: run.source, format: run.format, file_name: run.fileName, actor: run.actor })
    .returning(['id', 'started_at as startedAt'])
    .executeTakeFirstOrThrow();
}

export type ImportRunCounts = { bytes: number; records: number; series: number; values: number; days: number; errorCount: number; errors: IntervalImportError[] };

export async function finishImportRun(trx: TenantTransaction, tenantId: string, id: string, status: 'succeeded' | 'failed', counts: ImportRunCounts): Promise<void> {
  await trx
    .updateTable('import_runs')
    .set({
      status,
      finished_at: sql<Date>`clock_timestamp()`,
      bytes: counts.bytes,
      records: counts.records,
      series: counts.series,
      values_count: counts.values,
      days: counts.days,
      error_count: counts.errorCount,
      errors: JSON.stringify(counts.errors),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export type ImportRunRow = {
  id: string;
  kind: string;
  source: string;
  format: string;
  fileName: string | null;
  actor: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  status: string;
  bytes: number;
  records: number;
  series: number;
  values: number;
  days: number;
  errorCount: number;
  errors: IntervalImportError[];
};

/** The latest import runs of the tenant, newest first (for the back office). */
export async function listImportRuns(trx: TenantTransaction, tenantId: string, options: { limit?: number } = {}): Promise<ImportRunRow[]> {
  const rows = await trx
    .selectFrom('import_runs')
    .select([
      'id',
      'kind',
      'source',
      'format',
      'file_name as fileName',
      'actor',
      'started_at as startedAt',
      'finished_at as finishedAt',
      'status',
      'bytes',
      'records',
      'series',
      'values_count as values',
      'days',
      'error_count as errorCount',
      'errors',
    ])
    .where('tenant_id', '=', tenantId)
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 500))
    .execute();
  return rows.map((row) => ({ ...row, errors: Array.isArray(row.errors) ? (row.errors as IntervalImportError[]) : [] }));
}
