// Import of 15-minute values (ADR 0022) from CSV, JSON or MSCONS, read as a stream: readers hand on
// each value; values are resolved to registers (meter number or MeLo + OBIS, the meter installed
// on that day), gathered into day rows of the tenant's local days (92/96/100 quarter hours) and
// written in batches, merging with the stored rows and recomputing the daily sums, all in ONE
// tenant transaction: a delivery is applied whole or not at all. Every bad record becomes a
// positioned error; with any error nothing is written. Each run is recorded in import_runs.
import { Readable } from 'node:stream';
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { isoOf, toDay } from '../consumption/calendar.ts';
import * as repo from './interval-import.repository.ts';
import { readIntervalCsv } from './interval-csv.ts';
import { readIntervalJson } from './interval-json.ts';
import { readIntervalMscons } from './interval-mscons.ts';
import {
  importError,
  LocalTime,
  QUARTER_MS,
  type IntervalImportError,
  type IntervalPosition,
  type IntervalSink,
  type SeriesRef,
} from './interval-values.ts';

export type IntervalFormat = 'json' | 'csv' | 'mscons';

export type IntervalImportInput = {
  format: IntervalFormat;
  input: Readable | AsyncIterable<string | Buffer | Uint8Array>;
  source: 'api' | 'cli';
  fileName?: string | null;
  /** Who started it (client id, operator), kept with the run and in the audit log. */
  actor?: string | null;
  requestId?: string | null;
};

export type IntervalImportProgress = { bytes: number; records: number; values: number; errors: number };

export type IntervalImportResult = {
  runId: string;
  status: 'succeeded' | 'failed';
  format: IntervalFormat;
  bytes: number;
  records: number;
  series: number;
  values: number;
  days: number;
  errorCount: number;
  /** The first MAX_ERRORS errors in file order. */
  errors: IntervalImportError[];
  durationMs: number;
};

export const MAX_ERRORS = 100;
/** Complete days gathered before they are written (one statement each). */
const BATCH_DAYS = 1000;
/** Days held open (not yet complete) before the oldest are written part by part. */
const MAX_OPEN_DAYS = 20_000;

export { listImportRuns, type ImportRunRow } from './interval-import.repository.ts';

type Register = { id: string; unit: string; from: number; to: number };

type Resolved = { registers: Register[] } | { error: true };

type DayBuffer = { register: number; day: number; values: Int32Array; quality: Int16Array; filled: Uint8Array; count: number };

const UNITS: Record<string, string> = { kwh: 'kWh', m3: 'm3', 'm³': 'm3', mtq: 'm3' };

type ObisParts = { a: string | null; b: string | null; c: string; d: string; e: string };

function obisParts(raw: string): ObisParts | null {
  const match = /^(?:(\d+)-(\d+):)?([0-9A-Z]+)\.(\d+)\.(\d+)(?:\*\d+)?$/i.exec(raw.trim());
  if (!match) return null;
  const [, a = null, b = null, c = '', d = '', e = ''] = match;
  return { a, b, c: c.toUpperCase(), d, e };
}

/**
 * Which of a meter's registers an OBIS code names: the same code; without medium and channel the
 * same C.D.E; a load profile (1.29.0 DE, 1.9.0 AT; 2.x for feed-in) the energy register of the
 * same medium and direction (C.8.0) when there is exactly one.
 */
function matchObis(asked: string, obis: readonly string[]): string[] {
  const exact = obis.filter((o) => o === asked.trim());
  if (exact.length > 0) return exact;
  const want = obisParts(asked);
  if (!want) return [];
  const parts = obis.map((o) => ({ o, p: obisParts(o) }));
  const same = parts.filter(({ p }) => p && p.c === want.c && p.d === want.d && p.e === want.e && (want.a === null || (p.a === want.a && p.b === want.b)));
  if (same.length > 0) return same.map(({ o }) => o);
  if (want.d === '29' || want.d === '9') {
    return parts.filter(({ p }) => p && p.c === want.c && p.d === '8' && p.e === '0' && (want.a === null || p.a === want.a)).map(({ o }) => o);
  }
  return [];
}

/** The streaming core: resolves series, fills day buffers, writes batches in the caller's transaction. */
class DayWriter implements IntervalSink {
  readonly errors: IntervalImportError[] = [];
  errorCount = 0;
  bytesRead = 0;
  records = 0;
  values = 0;
  daysWritten = 0;
  private readonly local: LocalTime;
  private readonly series = new Map<SeriesRef, { index: number; resolved: Resolved | null; first: () => IntervalPosition; pending: number[]; positions: Array<() => IntervalPosition> }>();
  private readonly registers: Register[] = [];
  private readonly registerIndex = new Map<string, number>();
  private readonly open = new Map<number, DayBuffer>();
  private ready: DayBuffer[] = [];
  private readonly reported = new Set<string>();
  private readonly touched = new Set<number>();

  private readonly trx: TenantTransaction;
  private readonly tenantId: string;
  private readonly onProgress: ((progress: IntervalImportProgress) => void) | undefined;

  constructor(trx: TenantTransaction, tenantId: string, timeZone: string, onProgress?: (progress: IntervalImportProgress) => void) {
    this.trx = trx;
    this.tenantId = tenantId;
    this.onProgress = onProgress;
    this.local = new LocalTime(timeZone);
  }

  get seriesCount(): number {
    return this.series.size;
  }

  get days(): number {
    return this.touched.size;
  }

  error(error: IntervalImportError): void {
    this.errorCount += 1;
    if (this.errors.length < MAX_ERRORS) this.errors.push(error);
  }

  bytes(count: number): void {
    this.bytesRead += count;
  }

  record(): void {
    this.records += 1;
  }

  value(ref: SeriesRef, startMs: number, milli: number, quality: number, position: () => IntervalPosition): void {
    let series = this.series.get(ref);
    if (!series) {
      series = { index: this.series.size, resolved: null, first: position, pending: [], positions: [] };
      this.series.set(ref, series);
    }
    if (series.resolved === null) {
      // Until the next checkpoint resolves the register (values of one chunk at most).
      series.pending.push(startMs, milli, quality);
      series.positions.push(position);
      return;
    }
    this.place(ref, series.resolved, startMs, milli, quality, position);
  }

  private place(ref: SeriesRef, resolved: Resolved, startMs: number, milli: number, quality: number, position: () => IntervalPosition): void {
    if ('error' in resolved) return;
    if (startMs % QUARTER_MS !== 0) {
      this.error(importError('not_quarter_hour', position(), 'Der Wert beginnt nicht auf einer Viertelstunde.', 'The value does not start at a quarter hour.'));
      return;
    }
    const day = this.local.dayOf(startMs);
    const register = resolved.registers.find((r) => r.from <= day && day <= r.to);
    if (!register) {
      const key = `${this.series.get(ref)?.index ?? -1}|${String(day)}`;
      if (!this.reported.has(key)) {
        this.reported.add(key);
        const who = ref.meterNumber ?? ref.melo ?? '';
        this.error(
          importError(
            'no_meter_installed',
            position(),
            `Am ${isoOf(day)} ist für ${who} kein Zähler mit ${ref.obis} eingebaut.`,
            `No meter with ${ref.obis} is installed for ${who} on ${isoOf(day)}.`,
          ),
        );
      } else this.errorCount += 1;
      return;
    }
    const registerNo = this.registerIndex.get(register.id) ?? 0;
    const key = registerNo * 1_000_000 + day;
    let buffer = this.open.get(key);
    if (!buffer) {
      const midnight = this.local.midnight(day);
      const length = (this.local.midnight(day + 1) - midnight) / QUARTER_MS;
      buffer = { register: registerNo, day, values: new Int32Array(length), quality: new Int16Array(length), filled: new Uint8Array(length), count: 0 };
      this.open.set(key, buffer);
    }
    const index = (startMs - this.local.midnight(day)) / QUARTER_MS;
    if (buffer.filled[index] === 0) {
      buffer.filled[index] = 1;
      buffer.count += 1;
    }
    // A later value of the same quarter hour replaces the earlier one.
    buffer.values[index] = milli;
    buffer.quality[index] = quality;
    this.values += 1;
    if (buffer.count === buffer.values.length) {
      this.open.delete(key);
      this.ready.push(buffer);
    }
  }

  /** Resolves new series (one query), places their waiting values, writes full batches. */
  async checkpoint(): Promise<void> {
    const waiting = [...this.series.entries()].filter(([, s]) => s.resolved === null);
    if (waiting.length > 0) {
      const candidates = await repo.registerCandidates(
        this.trx,
        this.tenantId,
        waiting.map(([ref]) => (ref.meterNumber !== null ? { kind: 'meter' as const, id: ref.meterNumber } : { kind: 'melo' as const, id: ref.melo ?? '' })),
      );
      waiting.forEach(([ref, series], i) => {
        series.resolved = this.resolve(ref, series.first, candidates.filter((c) => c.key === i));
        const { pending, positions } = series;
        series.pending = [];
        series.positions = [];
        for (let k = 0; k < pending.length; k += 3) {
          this.place(ref, series.resolved, pending[k] ?? 0, pending[k + 1] ?? 0, pending[k + 2] ?? 0, positions[k / 3] ?? series.first);
        }
      });
    }
    this.onProgress?.({ bytes: this.bytesRead, records: this.records, values: this.values, errors: this.errorCount });
    if (this.errorCount > 0) {
      // Nothing will be written: stop gathering (the rest is read for its errors only).
      this.ready = [];
      this.open.clear();
      return;
    }
    if (this.open.size > MAX_OPEN_DAYS) {
      // Days that stay incomplete (deliveries of parts of days, unsorted files): write the oldest
      // half now; a later part of the same day merges with it like with any stored row.
      const keys = [...this.open.keys()].slice(0, this.open.size / 2);
      for (const key of keys) {
        const buffer = this.open.get(key);
        if (buffer) this.ready.push(buffer);
        this.open.delete(key);
      }
    }
    while (this.ready.length >= BATCH_DAYS) await this.write(this.ready.splice(0, BATCH_DAYS));
  }

  /** Writes everything still gathered (the end of the input). */
  async flush(): Promise<void> {
    await this.checkpoint();
    if (this.errorCount > 0) return;
    const all = [...this.ready, ...this.open.values()];
    this.ready = [];
    this.open.clear();
    for (let i = 0; i < all.length; i += BATCH_DAYS) await this.write(all.slice(i, i + BATCH_DAYS));
  }

  private resolve(ref: SeriesRef, position: () => IntervalPosition, candidates: repo.RegisterCandidate[]): Resolved {
    const who = ref.meterNumber !== null ? `Zähler ${ref.meterNumber}` : `Messlokation ${ref.melo ?? ''}`;
    const whoEn = ref.meterNumber !== null ? `meter ${ref.meterNumber}` : `metering point ${ref.melo ?? ''}`;
    if (candidates.length === 0) {
      this.error(importError('unknown_register', position(), `${who} ist nicht bekannt.`, `${whoEn} is not known.`));
      return { error: true };
    }
    // Per meter (installation period), the register the OBIS code names.
    const meters = new Map<string, repo.RegisterCandidate[]>();
    for (const c of candidates) {
      const meterKey = `${c.installedOn}|${c.removedOn ?? ''}`;
      meters.set(meterKey, [...(meters.get(meterKey) ?? []), c]);
    }
    const registers: Register[] = [];
    for (const list of meters.values()) {
      const names = matchObis(
        ref.obis,
        list.map((c) => c.obis),
      );
      if (names.length > 1) {
        this.error(importError('ambiguous_register', position(), `${ref.obis} passt bei ${who} zu mehreren Zählwerken: ${names.join(', ')}.`, `${ref.obis} matches several registers of ${whoEn}: ${names.join(', ')}.`));
        return { error: true };
      }
      const found = list.find((c) => c.obis === names[0]);
      if (!found) continue;
      if (ref.unit !== null && UNITS[ref.unit.trim().toLowerCase()] !== found.unit) {
        this.error(importError('unit_mismatch', position(), `Die Einheit ${ref.unit} passt nicht zum Zählwerk (${found.unit}).`, `The unit ${ref.unit} does not match the register (${found.unit}).`));
        return { error: true };
      }
      if (!this.registerIndex.has(found.registerId)) {
        this.registerIndex.set(found.registerId, this.registers.length);
        this.registers.push({ id: found.registerId, unit: found.unit, from: 0, to: 0 });
      }
      registers.push({ id: found.registerId, unit: found.unit, from: toDay(found.installedOn), to: found.removedOn ? toDay(found.removedOn) : Number.MAX_SAFE_INTEGER });
    }
    if (registers.length === 0) {
      this.error(importError('unknown_register', position(), `${who} hat kein Zählwerk ${ref.obis}.`, `${whoEn} has no register ${ref.obis}.`));
      return { error: true };
    }
    return { registers };
  }

  private async write(buffers: DayBuffer[]): Promise<void> {
    if (buffers.length === 0) return;
    const batch: repo.DayBatch = { registerIds: [], days: [], values: [], quality: [] };
    for (const buffer of buffers) {
      batch.registerIds.push(this.registers[buffer.register]?.id ?? '');
      batch.days.push(isoOf(buffer.day));
      let values = '{';
      let quality = '{';
      for (let i = 0; i < buffer.values.length; i += 1) {
        const comma = i === 0 ? '' : ',';
        if (buffer.filled[i] === 1) {
          values += comma + String(buffer.values[i]);
          quality += comma + String(buffer.quality[i]);
        } else {
          values += `${comma}NULL`;
          quality += `${comma}NULL`;
        }
      }
      batch.values.push(`${values}}`);
      batch.quality.push(`${quality}}`);
      this.touched.add(buffer.register * 1_000_000 + buffer.day);
    }
    this.daysWritten += await repo.upsertDays(this.trx, this.tenantId, batch);
  }
}

/** Chunks as text (CSV, MSCONS: UTF-8) or bytes (JSON), counting bytes for progress. */
async function* decoded(input: IntervalImportInput['input'], sink: IntervalSink): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
    if (typeof chunk === 'string') {
      sink.bytes(Buffer.byteLength(chunk));
      yield chunk;
    } else {
      sink.bytes(chunk.byteLength);
      yield decoder.decode(chunk, { stream: true });
    }
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

async function* raw(input: IntervalImportInput['input'], sink: IntervalSink): AsyncGenerator<string | Uint8Array> {
  for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
    sink.bytes(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
    yield chunk;
  }
}

class RolledBack extends Error {}

/** Errors by line, segment or record (resolving registers reports a chunk's errors after its syntax errors). */
function inFileOrder(errors: readonly IntervalImportError[]): IntervalImportError[] {
  const at = (e: IntervalImportError) => e.line ?? e.segment ?? e.record ?? -1;
  return [...errors].sort((a, b) => at(a) - at(b));
}

/**
 * Imports one delivery for a tenant. Resolves with the run's counts and errors (status 'failed'
 * and nothing written when there was any error); rejects only when the database fails (the run is
 * then recorded as failed too). `onProgress` is called after each chunk read.
 */
export async function importIntervalData(
  database: Database,
  tenantId: string,
  options: IntervalImportInput,
  onProgress?: (progress: IntervalImportProgress) => void,
): Promise<IntervalImportResult> {
  const started = performance.now();
  const fileName = options.fileName ?? null;
  const run = await withTenant(database, tenantId, (trx) =>
    repo.insertImportRun(trx, tenantId, { source: options.source, format: options.format, fileName, actor: options.actor ?? null }),
  );
  const tenant = await database.db.selectFrom('tenants').select('config').where('id', '=', tenantId).executeTakeFirstOrThrow();
  const timeZone = (tenant.config as { timeZone?: string }).timeZone ?? 'Europe/Berlin';
  const holder: { writer: DayWriter | null } = { writer: null };
  const counts = (w: DayWriter): repo.ImportRunCounts => ({
    bytes: w.bytesRead,
    records: w.records,
    series: w.seriesCount,
    values: w.errorCount > 0 ? 0 : w.values,
    days: w.errorCount > 0 ? 0 : w.days,
    errorCount: w.errorCount,
    errors: inFileOrder(w.errors),
  });
  try {
    await withTenant(database, tenantId, async (trx) => {
      await repo.lockTenantImports(trx, tenantId);
      const w = new DayWriter(trx, tenantId, timeZone, onProgress);
      holder.writer = w;
      if (options.format === 'csv') await readIntervalCsv(decoded(options.input, w), w, timeZone);
      else if (options.format === 'mscons') await readIntervalMscons(decoded(options.input, w), w);
      else await readIntervalJson(raw(options.input, w), w);
      await w.flush();
      if (w.errorCount > 0) throw new RolledBack();
      await repo.finishImportRun(trx, tenantId, run.id, 'succeeded', counts(w));
      await recordAudit(trx, tenantId, {
        actorType: options.source === 'api' ? 'integration' : 'operator',
        actorId: options.actor ?? null,
        action: 'intervals.imported',
        targetType: 'import_run',
        targetId: run.id,
        requestId: options.requestId ?? null,
        details: { format: options.format, fileName, series: w.seriesCount, values: w.values, days: w.days },
      });
    });
  } catch (error) {
    const w = holder.writer;
    const failed = w ? counts(w) : { bytes: 0, records: 0, series: 0, values: 0, days: 0, errorCount: 0, errors: [] };
    if (!(error instanceof RolledBack)) {
      failed.errorCount += 1;
      failed.errors = [...failed.errors.slice(0, MAX_ERRORS - 1), importError('syntax', {}, 'Der Import ist abgebrochen (interner Fehler).', 'The import stopped (internal error).')];
    }
    await withTenant(database, tenantId, (trx) => repo.finishImportRun(trx, tenantId, run.id, 'failed', failed));
    if (!(error instanceof RolledBack)) throw error;
    return { runId: run.id, status: 'failed', format: options.format, ...failed, durationMs: performance.now() - started };
  }
  const done = holder.writer;
  if (!done) throw new Error('the import did not start');
  return { runId: run.id, status: 'succeeded', format: options.format, ...counts(done), durationMs: performance.now() - started };
}

/** Format from a file name (.csv, .json, .edi/.mscons/.txt) or the first bytes (UNA/UNB, "{", else CSV). */
export function detectFormat(fileName: string | null, head: string): IntervalFormat | null {
  const lower = (fileName ?? '').toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.edi') || lower.endsWith('.mscons')) return 'mscons';
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('UNA') || start.startsWith('UNB')) return 'mscons';
  if (start.startsWith('{')) return 'json';
  if (lower.endsWith('.txt')) return 'mscons';
  return start.length > 0 && /[;,]/.test(start.split('\n')[0] ?? '') ? 'csv' : null;
}
