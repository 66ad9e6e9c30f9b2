// Shared by the interval-data readers (CSV, JSON, MSCONS) and the import (ADR 0022): what a reader
// hands on per value, positioned errors with German and English texts, exact decimal parsing into
// milli-units, quality codes, and the tenant time zone's local days (92/96/100 quarter hours).
import { DAY_MS, utcOffsetMs } from '../consumption/calendar.ts';

export const QUARTER_MS = 900_000;

/** Where a problem is: CSV line and column, JSON record and path, or MSCONS segment and character (from 1). */
export type IntervalPosition = { line?: number; column?: string; record?: number; path?: string; segment?: number; character?: number };

export type IntervalErrorCode =
  | 'syntax'
  | 'empty'
  | 'bad_header'
  | 'missing_field'
  | 'unknown_field'
  | 'bad_number'
  | 'negative_value'
  | 'bad_time'
  | 'nonexistent_time'
  | 'ambiguous_time'
  | 'not_quarter_hour'
  | 'bad_quality'
  | 'bad_resolution'
  | 'bad_identifier'
  | 'not_load_profile'
  | 'unit_mismatch'
  | 'unknown_register'
  | 'ambiguous_register'
  | 'no_meter_installed';

export type IntervalImportError = IntervalPosition & { code: IntervalErrorCode; message: { de: string; en: string } };

/** Messages quote what the file said; U+0000 (which PostgreSQL text and jsonb cannot hold) is shown as U+FFFD. */
const printable = (text: string) => text.replaceAll('\u0000', '\uFFFD');

export function importError(code: IntervalErrorCode, position: IntervalPosition, de: string, en: string): IntervalImportError {
  return { code, ...position, message: { de: printable(de), en: printable(en) } };
}

/** "line 5, column value" / "series[2].values[7]" / "segment 15, character 301". */
export function positionText(error: IntervalPosition): string {
  const parts: string[] = [];
  if (error.line !== undefined) parts.push(`line ${String(error.line)}`);
  if (error.column !== undefined) parts.push(`column ${error.column}`);
  if (error.path !== undefined) parts.push(error.path);
  else if (error.record !== undefined) parts.push(`record ${String(error.record)}`);
  if (error.segment !== undefined) parts.push(`segment ${String(error.segment)}`);
  if (error.character !== undefined) parts.push(`character ${String(error.character)}`);
  return parts.join(', ');
}

/** A series: a register named by meter number or metering point id (MeLo) and OBIS code. */
export type SeriesRef = { meterNumber: string | null; melo: string | null; obis: string; unit: string | null };

/**
 * What readers call: one value per quarter hour starting at `startMs` (an instant), in milli-units
 * of the register unit, with its quality code; errors with their position. A value's position is
 * two numbers (`at`, `at2`: CSV line and 0, JSON record and index in `values`, MSCONS segment and
 * character offset), made into an IntervalPosition by `locate()` of the format only when the value
 * turns out wrong later (unknown register): nothing is allocated per value for it.
 */
export interface IntervalSink {
  value(series: SeriesRef, startMs: number, milli: number, quality: number, at: number, at2: number): void;
  error(error: IntervalImportError): void;
  /** Readers call this between chunks: the import resolves registers and writes full batches. */
  checkpoint(): Promise<void>;
  /** Bytes read so far (for progress). */
  bytes(count: number): void;
  /** A record (CSV line, JSON value, MSCONS quantity) was read, good or bad. */
  record(): void;
}

/** A value's position (see IntervalSink.value) as the format names it. */
export const locate: Record<'csv' | 'json' | 'mscons', (at: number, at2: number) => IntervalPosition> = {
  csv: (at) => ({ line: at }),
  json: (at, at2) => ({ record: at, path: `series[${String(at)}].values[${String(at2)}]` }),
  mscons: (at, at2) => ({ segment: at, character: at2 + 1 }),
};

export const TRUE_VALUE = 220;
/** Z-codes of EDIFACT (Z18 provisional, Z30 missing) are stored as 1000 + number (1018, 1030). */
export const MISSING = 1030;

/** QTY qualifiers: 220 true, 67 substitute, 201 proposed, Z18 provisional, Z30 missing; null when unknown. */
export function qualityCode(raw: string): number | null {
  const text = raw.trim().toUpperCase();
  if (/^\d{1,3}$/.test(text)) return Number(text);
  const z = /^Z(\d{2})$/.exec(text);
  return z ? 1000 + Number(z[1]) : null;
}

const NUMBER = /^\s*(-)?(\d{1,10})(?:[.,](\d+))?\s*$/;
const MAX_MILLI = 2_147_483_647;

/**
 * A decimal in the register unit ("0,250", "0.25", "12") as integer milli-units, exactly (no
 * float): digits beyond the third decimal are rounded half up. Null when it is not a number or
 * does not fit (more than 2,147,483.647 per quarter hour); negative values come back negative.
 */
export function parseMilli(raw: string): number | null {
  const plain = plainMilli(raw, 0, raw.length);
  if (plain >= 0) return plain;
  const match = NUMBER.exec(raw);
  if (!match) return null;
  const [, minus, whole = '0', fraction = ''] = match;
  let milli = Number(whole) * 1000 + Number(fraction.slice(0, 3).padEnd(3, '0'));
  if (fraction.length > 3 && fraction.charCodeAt(3) >= 53) milli += 1;
  if (milli > MAX_MILLI) return null;
  return minus && milli !== 0 ? -milli : milli;
}

/**
 * parseMilli of text[from, to) for the plain form that machines write ("123", "0,250", "1.5": no
 * sign, no blanks), without a regular expression or a substring; -1 when the text has another form
 * or does not fit (parseMilli of the substring then decides).
 */
export function plainMilli(text: string, from: number, to: number): number {
  let i = from;
  let whole = 0;
  for (; i < to; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
  }
  if (i === from || i - from > 10) return -1;
  let milli = whole * 1000;
  if (i < to) {
    const mark = text.charCodeAt(i);
    if ((mark !== 44 && mark !== 46) || i + 1 === to) return -1;
    let fraction = 0;
    let k = 0;
    for (i += 1; i < to; i += 1, k += 1) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return -1;
      if (k < 3) fraction = fraction * 10 + d;
      else if (k === 3 && d >= 5) milli += 1;
    }
    milli += k === 1 ? fraction * 100 : k === 2 ? fraction * 10 : fraction;
  }
  return milli > MAX_MILLI ? -1 : milli;
}

/** Meter numbers as users and systems write them: spaces, dashes, dots removed, upper case. */
export function normalizeMeterNumber(raw: string): string {
  return raw.replace(/[\s\-./_]/g, '').toUpperCase();
}

export const MELO = /^[A-Z]{2}\d{11}[A-Z0-9]{20}$/;

/**
 * Local time of one time zone: the UTC offset at an instant and the local midnights, remembered
 * per hour and per day (Intl is slow, and millions of values fall into a few thousand hours).
 */
export class LocalTime {
  private readonly offsets = new Map<number, number>();
  private readonly midnights = new Map<number, number>();
  private readonly walls = new Map<number, number[]>();

  readonly timeZone: string;

  constructor(timeZone: string) {
    this.timeZone = timeZone;
  }

  offsetAt(instantMs: number): number {
    const hour = Math.floor(instantMs / 3_600_000);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      offset = utcOffsetMs(this.timeZone, instantMs);
      if (this.offsets.size > 200_000) this.offsets.clear();
      this.offsets.set(hour, offset);
    }
    return offset;
  }

  /** The instant local `day` (epoch day) begins. */
  midnight(day: number): number {
    let at = this.midnights.get(day);
    if (at === undefined) {
      const wall = day * DAY_MS;
      at = wall - this.offsetAt(wall - this.offsetAt(wall));
      if (this.midnights.size > 200_000) this.midnights.clear();
      this.midnights.set(day, at);
    }
    return at;
  }

  /** Local epoch day of an instant. */
  dayOf(instantMs: number): number {
    return Math.floor((instantMs + this.offsetAt(instantMs)) / DAY_MS);
  }

  /**
   * The instants a local wall-clock time (given as if it were UTC) stands for: one, none in the
   * spring gap, two in the repeated autumn hour (summer time first).
   */
  instantsOf(wallMs: number): number[] {
    return this.wallOffsets(wallMs).map((offset) => wallMs - offset);
  }

  /** The one instant a wall-clock time stands for; NaN in the spring gap and the repeated autumn hour. */
  instantOf(wallMs: number): number {
    const offsets = this.wallOffsets(wallMs);
    return offsets.length === 1 ? wallMs - (offsets[0] ?? 0) : NaN;
  }

  private wallOffsets(wallMs: number): number[] {
    const hour = Math.floor(wallMs / 3_600_000);
    let offsets = this.walls.get(hour);
    if (!offsets) {
      const candidates = new Set([this.offsetAt(wallMs - DAY_MS), this.offsetAt(wallMs + DAY_MS)]);
      offsets = [...candidates].filter((offset) => this.offsetAt(wallMs - offset) === offset).sort((a, b) => b - a);
      if (this.walls.size > 200_000) this.walls.clear();
      this.walls.set(hour, offsets);
    }
    return offsets;
  }
}

/**
 * An ISO 8601 time with offset ("2025-03-30T03:00:00+02:00", "...Z") as an instant; null when
 * it is not one. Without an offset the caller decides (CSV: local time; JSON: an error).
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export type ParsedTime = { wallMs: number; offsetMs: number | null; zoneWord: string | null };

function wall(year: number, month: number, day: number, hour: number, minute: number, second: number): number | null {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  return check.getUTCDate() === day && check.getUTCMonth() === month - 1 ? ms : null;
}

function offsetOf(raw: string): number {
  if (raw === 'Z') return 0;
  const sign = raw.startsWith('-') ? -1 : 1;
  const digits = raw.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
}

const civilDays = new Map<number, number | null>();

/**
 * Midnight UTC of a calendar date given as numbers (remembered by date: files repeat the same
 * days), null when the date does not exist. For readers that take dates apart themselves.
 */
let lastCivilDay: { key: number; at: number | null } = { key: -1, at: null };

export function civilDayStart(year: number, month: number, day: number): number | null {
  const key = year * 10_000 + month * 100 + day;
  if (key === lastCivilDay.key) return lastCivilDay.at;
  let at = civilDays.get(key);
  if (at === undefined) {
    at = wall(year, month, day, 0, 0, 0);
    if (civilDays.size > 100_000) civilDays.clear();
    civilDays.set(key, at);
  }
  lastCivilDay = { key, at };
  return at;
}

const dayStarts = new Map<string, number | null>();

/** Midnight UTC of a YYYY-MM-DD date (remembered: files repeat the same days), null when invalid. */
function dayStart(date: string): number | null {
  let at = dayStarts.get(date);
  if (at === undefined) {
    at = wall(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)), 0, 0, 0);
    if (dayStarts.size > 100_000) dayStarts.clear();
    dayStarts.set(date, at);
  }
  return at;
}

const FAST_ISO = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})$/;

/** ISO 8601, with or without offset. */
export function parseIsoTime(raw: string): ParsedTime | null {
  // The usual machine form "2025-01-01T00:15:00+01:00" without the general pattern.
  const fast = FAST_ISO.exec(raw);
  if (fast) {
    const [, date = '', h, mi, s, zone = 'Z'] = fast;
    const start = dayStart(date);
    if (start === null || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
    return { wallMs: start + (Number(h) * 60 + Number(mi)) * 60_000 + Number(s) * 1000, offsetMs: offsetOf(zone), zoneWord: null };
  }
  const match = ISO.exec(raw.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s = '0', ms = '0', zone] = match;
  if (Number(ms) !== 0) return null;
  const at = wall(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
  if (at === null) return null;
  return { wallMs: at, offsetMs: zone ? offsetOf(zone) : null, zoneWord: null };
}

const GERMAN = /^(\d{1,2})\.(\d{1,2})\.(\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}(?::?\d{2})?|MEZ|MESZ|CET|CEST)?$/i;

/** German local time "30.03.2025 03:00", optionally with an offset or MEZ/MESZ (CET/CEST). */
export function parseGermanTime(raw: string): ParsedTime | null {
  const match = GERMAN.exec(raw.trim());
  if (!match) return null;
  const [, d, mo, y, h, mi, s = '0', zone] = match;
  const at = wall(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
  if (at === null) return null;
  if (!zone) return { wallMs: at, offsetMs: null, zoneWord: null };
  const word = zone.toUpperCase();
  if (word === 'MEZ' || word === 'CET' || word === 'MESZ' || word === 'CEST') return { wallMs: at, offsetMs: null, zoneWord: word };
  return { wallMs: at, offsetMs: offsetOf(zone), zoneWord: null };
}

/** A `dst` column or a zone word: true = summer time (MESZ/CEST), false = standard time; null when unreadable. */
export function parseDst(raw: string): boolean | null {
  const text = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'ja', 'j', 'y', 's', 'mesz', 'cest', 'sommerzeit', 'summer'].includes(text)) return true;
  if (['0', 'false', 'no', 'nein', 'n', 'w', 'mez', 'cet', 'winterzeit', 'winter', 'standard'].includes(text)) return false;
  return null;
}
