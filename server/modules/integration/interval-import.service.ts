// Import of 15-minute values (ADR 0022) from CSV, JSON or MSCONS, read as a stream: readers hand on
// each value; values are resolved to registers (meter number or MeLo + OBIS, the meter installed
// on that day), gathered into day rows of the tenant's local days (92/96/100 quarter hours) and
// written in batches, merging with the stored rows and recomputing the daily sums, all in ONE
// tenant transaction: a delivery is applied whole or not at all. Every bad record becomes a
// positioned error; with any error nothing is written. Each run is recorded in import_runs.
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
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
  locate,
  MISSING,
  QUARTER_MS,
  TRUE_VALUE,
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

type DayBuffer = {
  /** register number * 1,000,000 + day */
  key: number;
  register: number;
  day: number;
  values: Int32Array;
  quality: Int16Array;
  filled: Uint8Array;
  count: number;
  /** Handed on to be written (complete, or written early): later values of the day open a new buffer. */
  closed: boolean;
};

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

type SeriesState = {
  index: number;
  resolved: Resolved | null;
  /** Position of the first value (errors of the series name it). */
  firstAt: number;
  firstAt2: number;
  /** Values waiting for the register: start, milli, quality, at, at2 each. */
  pending: number[];
  /** The day the series' last value went into, and the instants it spans: the next value of the same day goes straight there. */
  buffer: DayBuffer | null;
  dayStart: number;
  dayEnd: number;
};

/**
 * The streaming core: resolves series, fills day buffers, writes batches in the caller's
 * transaction. A batch is written while the reader goes on with the next chunk; at most one
 * batch is in flight (the next waits for it), so memory stays bounded.
 */
class DayWriter implements IntervalSink {
  readonly errors: IntervalImportError[] = [];
  errorCount = 0;
  bytesRead = 0;
  records = 0;
  values = 0;
  daysWritten = 0;
  private readonly local: LocalTime;
  private readonly series = new Map<SeriesRef, SeriesState>();
  private lastRef: SeriesRef | null = null;
  private lastState: SeriesState | null = null;
  private readonly registers: Register[] = [];
  private readonly registerIndex = new Map<string, number>();
  private readonly open = new Map<number, DayBuffer>();
  private ready: DayBuffer[] = [];
  private readonly reported = new Set<string>();
  private readonly touched = new Set<number>();
  /** The batch being written (its promise rejects when the database fails). */
  private inFlight: Promise<void> | null = null;
  /** The first error of a batch written in the background. */
  failure: unknown = null;

  private readonly trx: TenantTransaction;
  private readonly tenantId: string;
  private readonly locate: (at: number, at2: number) => IntervalPosition;
  private readonly onProgress: ((progress: IntervalImportProgress) => void) | undefined;

  constructor(trx: TenantTransaction, tenantId: string, timeZone: string, format: IntervalFormat, onProgress?: (progress: IntervalImportProgress) => void) {
    this.trx = trx;
    this.tenantId = tenantId;
    this.onProgress = onProgress;
    this.locate = locate[format];
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

  value(ref: SeriesRef, startMs: number, milli: number, quality: number, at: number, at2: number): void {
    let series = ref === this.lastRef ? this.lastState : this.series.get(ref);
    if (!series) {
      series = { index: this.series.size, resolved: null, firstAt: at, firstAt2: at2, pending: [], buffer: null, dayStart: 0, dayEnd: 0 };
      this.series.set(ref, series);
    }
    this.lastRef = ref;
    this.lastState = series;
    if (series.resolved === null) {
      // Until the next checkpoint resolves the register (values of one chunk at most).
      series.pending.push(startMs, milli, quality, at, at2);
      return;
    }
    const buffer = series.buffer;
    if (buffer !== null && !buffer.closed && startMs >= series.dayStart && startMs < series.dayEnd && startMs % QUARTER_MS === 0) {
      // The same day as the value before (the usual case): no look-ups.
      this.fill(buffer, (startMs - series.dayStart) / QUARTER_MS, milli, quality);
      return;
    }
    this.place(ref, series, startMs, milli, quality, at, at2);
  }

  private fill(buffer: DayBuffer, index: number, milli: number, quality: number): void {
    if (buffer.filled[index] === 0) {
      buffer.filled[index] = 1;
      buffer.count += 1;
    }
    // A later value of the same quarter hour replaces the earlier one.
    buffer.values[index] = milli;
    buffer.quality[index] = quality;
    this.values += 1;
    if (buffer.count === buffer.values.length) {
      this.open.delete(buffer.key);
      buffer.closed = true;
      this.ready.push(buffer);
    }
  }

  private place(ref: SeriesRef, series: SeriesState, startMs: number, milli: number, quality: number, at: number, at2: number): void {
    const resolved = series.resolved;
    if (resolved === null || 'error' in resolved) return;
    if (startMs % QUARTER_MS !== 0) {
      this.error(importError('not_quarter_hour', this.locate(at, at2), 'Der Wert beginnt nicht auf einer Viertelstunde.', 'The value does not start at a quarter hour.'));
      return;
    }
    const day = this.local.dayOf(startMs);
    const register = resolved.registers.find((r) => r.from <= day && day <= r.to);
    if (!register) {
      const key = `${String(series.index)}|${String(day)}`;
      if (!this.reported.has(key)) {
        this.reported.add(key);
        const who = ref.meterNumber ?? ref.melo ?? '';
        this.error(
          importError(
            'no_meter_installed',
            this.locate(at, at2),
            `Am ${isoOf(day)} ist für ${who} kein Zähler mit ${ref.obis} eingebaut.`,
            `No meter with ${ref.obis} is installed for ${who} on ${isoOf(day)}.`,
          ),
        );
      } else this.errorCount += 1;
      return;
    }
    const registerNo = this.registerIndex.get(register.id) ?? 0;
    const key = registerNo * 1_000_000 + day;
    const midnight = this.local.midnight(day);
    const next = this.local.midnight(day + 1);
    let buffer = this.open.get(key);
    if (!buffer) {
      const length = (next - midnight) / QUARTER_MS;
      buffer = { key, register: registerNo, day, values: new Int32Array(length), quality: new Int16Array(length), filled: new Uint8Array(length), count: 0, closed: false };
      this.open.set(key, buffer);
    }
    series.buffer = buffer;
    series.dayStart = midnight;
    series.dayEnd = next;
    this.fill(buffer, (startMs - midnight) / QUARTER_MS, milli, quality);
  }

  /** Resolves new series (one query), places their waiting values, writes full batches. */
  async checkpoint(): Promise<void> {
    const waiting = [...this.series.entries()].filter(([, s]) => s.resolved === null);
    if (waiting.length > 0) {
      const candidates = await repo.registerCandidates(
        this.trx,
        this.tenantId,
        // U+0000 cannot be in a stored number (PostgreSQL text cannot hold it): such a key names no meter.
        waiting.map(([ref]) => (ref.meterNumber !== null ? { kind: 'meter' as const, id: ref.meterNumber } : { kind: 'melo' as const, id: ref.melo ?? '' })).map((k) => ({ ...k, id: k.id.replaceAll('\u0000', '\uFFFD') })),
      );
      waiting.forEach(([ref, series], i) => {
        series.resolved = this.resolve(
          ref,
          this.locate(series.firstAt, series.firstAt2),
          candidates.filter((c) => c.key === i),
        );
        const { pending } = series;
        series.pending = [];
        for (let k = 0; k < pending.length; k += 5) {
          this.place(ref, series, pending[k] ?? 0, pending[k + 1] ?? 0, pending[k + 2] ?? 0, pending[k + 3] ?? 0, pending[k + 4] ?? 0);
        }
      });
    }
    this.onProgress?.({ bytes: this.bytesRead, records: this.records, values: this.values, errors: this.errorCount });
    if (this.errorCount > 0) {
      // Nothing will be written: stop gathering (the rest is read for its errors only).
      for (const buffer of this.open.values()) buffer.closed = true;
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
        if (buffer) {
          buffer.closed = true;
          this.ready.push(buffer);
        }
        this.open.delete(key);
      }
    }
    while (this.ready.length >= BATCH_DAYS) await this.send(this.ready.splice(0, BATCH_DAYS));
  }

  /** Writes everything still gathered (the end of the input) and waits for it. */
  async flush(): Promise<void> {
    await this.checkpoint();
    if (this.errorCount > 0) {
      await this.settle();
      return;
    }
    const all = [...this.ready, ...this.open.values()];
    this.ready = [];
    this.open.clear();
    for (let i = 0; i < all.length; i += BATCH_DAYS) await this.send(all.slice(i, i + BATCH_DAYS));
    await this.settle();
  }

  /** Waits for the batch in flight; throws its database error. */
  async settle(): Promise<void> {
    const writing = this.inFlight;
    this.inFlight = null;
    if (writing) await writing;
  }

  /** Starts writing a batch once the one before is written, and returns without waiting for it. */
  private async send(buffers: DayBuffer[]): Promise<void> {
    await this.settle();
    const writing = this.write(buffers);
    // Thrown when awaited by settle(); kept here so that it is not reported as unhandled meanwhile,
    // and so that the import reports it rather than the errors of the statements after it.
    writing.catch((error: unknown) => {
      this.failure ??= error;
    });
    this.inFlight = writing;
  }

  private resolve(ref: SeriesRef, position: IntervalPosition, candidates: repo.RegisterCandidate[]): Resolved {
    const who = ref.meterNumber !== null ? `Zähler ${ref.meterNumber}` : `Messlokation ${ref.melo ?? ''}`;
    const whoEn = ref.meterNumber !== null ? `meter ${ref.meterNumber}` : `metering point ${ref.melo ?? ''}`;
    if (candidates.length === 0) {
      this.error(importError('unknown_register', position, `${who} ist nicht bekannt.`, `${whoEn} is not known.`));
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
        this.error(importError('ambiguous_register', position, `${ref.obis} passt bei ${who} zu mehreren Zählwerken: ${names.join(', ')}.`, `${ref.obis} matches several registers of ${whoEn}: ${names.join(', ')}.`));
        return { error: true };
      }
      const found = list.find((c) => c.obis === names[0]);
      if (!found) continue;
      if (ref.unit !== null && UNITS[ref.unit.trim().toLowerCase()] !== found.unit) {
        this.error(importError('unit_mismatch', position, `Die Einheit ${ref.unit} passt nicht zum Zählwerk (${found.unit}).`, `The unit ${ref.unit} does not match the register (${found.unit}).`));
        return { error: true };
      }
      if (!this.registerIndex.has(found.registerId)) {
        this.registerIndex.set(found.registerId, this.registers.length);
        this.registers.push({ id: found.registerId, unit: found.unit, from: 0, to: 0 });
      }
      registers.push({ id: found.registerId, unit: found.unit, from: toDay(found.installedOn), to: found.removedOn ? toDay(found.removedOn) : Number.MAX_SAFE_INTEGER });
    }
    if (registers.length === 0) {
      this.error(importError('unknown_register', position, `${who} hat kein Zählwerk ${ref.obis}.`, `${whoEn} has no register ${ref.obis}.`));
      return { error: true };
    }
    return { registers };
  }

  /**
   * Writes day buffers in order. Whole days (every quarter hour delivered) replace the stored row,
   * so they are written as they are, their daily sums computed here; partial days are merged with
   * the stored rows in SQL. A day that comes twice (a file that repeats values) starts a new group,
   * so the later values win as they would one by one.
   */
  private async write(buffers: DayBuffer[]): Promise<void> {
    let group = new Set<number>();
    let from = 0;
    for (let i = 0; i <= buffers.length; i += 1) {
      const buffer = buffers[i];
      if (buffer === undefined || group.has(buffer.key)) {
        await this.writeGroup(buffers.slice(from, i));
        group = new Set<number>();
        from = i;
      }
      if (buffer !== undefined) group.add(buffer.key);
    }
  }

  private async writeGroup(buffers: DayBuffer[]): Promise<void> {
    const whole = new DayRows();
    const partial = new DayRows();
    for (const buffer of buffers) {
      const id = this.registers[buffer.register]?.id ?? '';
      if (buffer.count === buffer.values.length) whole.addWhole(id, buffer);
      else partial.addPartial(id, buffer);
      this.touched.add(buffer.key);
    }
    if (whole.count > 0) this.daysWritten += await repo.writeWholeDays(this.trx, this.tenantId, whole.wholeBatch());
    if (partial.count > 0) this.daysWritten += await repo.upsertDays(this.trx, this.tenantId, partial.partialBatch());
  }
}

/**
 * Day rows for one statement, one parameter per column built here: array literals the driver
 * sends as they are (instead of quoting each element of a JavaScript array), and the quarter
 * hours of whole days as one binary integer array (the server then parses no text for them).
 */
class DayRows {
  count = 0;
  private ids = '';
  private days = '';
  private values = '';
  private quality = '';
  private totals = '';
  private dailyQuality = '';
  private firsts = '';
  private lasts = '';
  private readonly whole: DayBuffer[] = [];
  private length = 0;

  private row(registerId: string, day: number): string {
    const comma = this.count === 0 ? '' : ',';
    this.count += 1;
    this.ids += comma + registerId;
    this.days += comma + isoOf(day);
    return comma;
  }

  /**
   * A whole day: its place in the binary values, its quality codes (NULL when all are true
   * values) and its daily sum and sum quality.
   */
  addWhole(registerId: string, buffer: DayBuffer): void {
    const comma = this.row(registerId, buffer.day);
    let total = 0;
    let allTrue = true;
    let missing = false;
    let lowest = Infinity;
    const { values, quality } = buffer;
    for (let i = 0; i < values.length; i += 1) {
      total += values[i] ?? 0;
      const q = quality[i] ?? TRUE_VALUE;
      if (q !== TRUE_VALUE) {
        allTrue = false;
        if (q === MISSING) missing = true;
        if (q < lowest) lowest = q;
      }
    }
    this.firsts += comma + String(this.length + 1);
    this.lasts += comma + String(this.length + values.length);
    this.whole.push(buffer);
    this.length += values.length;
    this.quality += allTrue ? `${comma}NULL` : `${comma}"{${quality.join(',')}}"`;
    this.totals += comma + String(total);
    this.dailyQuality += comma + String(allTrue ? TRUE_VALUE : missing ? MISSING : lowest);
  }

  /** A partial day: NULL where no value was delivered (the stored one is kept, or it is missing). */
  addPartial(registerId: string, buffer: DayBuffer): void {
    const comma = this.row(registerId, buffer.day);
    let values = '{';
    let quality = '{';
    for (let i = 0; i < buffer.values.length; i += 1) {
      const sep = i === 0 ? '' : ',';
      if (buffer.filled[i] === 1) {
        values += sep + String(buffer.values[i]);
        quality += sep + String(buffer.quality[i]);
      } else {
        values += `${sep}NULL`;
        quality += `${sep}NULL`;
      }
    }
    this.values += `${comma}"${values}}"`;
    this.quality += `${comma}"${quality}}"`;
  }

  partialBatch(): repo.PartialDays {
    return { count: this.count, registerIds: `{${this.ids}}`, days: `{${this.days}}`, values: `{${this.values}}`, quality: `{${this.quality}}` };
  }

  wholeBatch(): repo.WholeDays {
    return {
      count: this.count,
      registerIds: `{${this.ids}}`,
      days: `{${this.days}}`,
      values: int4Array(this.whole, this.length),
      firsts: `{${this.firsts}}`,
      lasts: `{${this.lasts}}`,
      quality: `{${this.quality}}`,
      totals: `{${this.totals}}`,
      dailyQuality: `{${this.dailyQuality}}`,
    };
  }
}

/**
 * The values of day buffers one after the other as a one-dimensional int4[] in PostgreSQL's binary
 * format (array_recv: dimensions, no nulls, element type 23; each element with its length 4). A
 * Buffer parameter is sent by the driver in binary form.
 */
function int4Array(buffers: readonly DayBuffer[], length: number): Buffer {
  const out = Buffer.allocUnsafe(20 + 8 * length);
  out.writeInt32BE(1, 0);
  out.writeInt32BE(0, 4);
  out.writeInt32BE(23, 8);
  out.writeInt32BE(length, 12);
  out.writeInt32BE(1, 16);
  let at = 20;
  for (const { values } of buffers) {
    for (let i = 0; i < values.length; i += 1) {
      out.writeInt32BE(4, at);
      out.writeInt32BE(values[i] ?? 0, at + 4);
      at += 8;
    }
  }
  return out;
}

/**
 * Chunks as text (CSV, MSCONS: UTF-8) or bytes (JSON), counting bytes for progress. Bytes are
 * decoded with node's StringDecoder (characters split between chunks are joined; faster than
 * TextDecoder in streaming mode); a byte order mark at the start is dropped as TextDecoder would.
 */
async function* decoded(input: IntervalImportInput['input'], sink: IntervalSink): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
    if (typeof chunk === 'string') {
      sink.bytes(Buffer.byteLength(chunk));
      yield chunk;
    } else {
      sink.bytes(chunk.byteLength);
      let text = decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (first && text !== '') {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      yield text;
    }
  }
  const tail = decoder.end();
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
      const w = new DayWriter(trx, tenantId, timeZone, options.format, onProgress);
      holder.writer = w;
      try {
        if (options.format === 'csv') await readIntervalCsv(decoded(options.input, w), w, timeZone);
        else if (options.format === 'mscons') await readIntervalMscons(decoded(options.input, w), w);
        else await readIntervalJson(raw(options.input, w), w);
        await w.flush();
      } catch (error) {
        // A batch may still be in flight: let it end before the rollback, and report the
        // database's own error rather than "transaction aborted" of a statement after it.
        await w.settle().catch(() => undefined);
        throw w.failure ?? error;
      }
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
