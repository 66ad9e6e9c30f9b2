// CSV as German Excel opens it with a double click: UTF-8 with BOM (so umlauts survive), semicolon
// separators, decimal comma, dates as 31.12.2026, CRLF line ends. Text cells that a spreadsheet
// would run as a formula (=, +, -, @ at the start) get a leading apostrophe (CSV injection).
import type { TLocale } from '../../../api/tenant.ts';

/** How a cell is written: the JSON keeps the raw value, the CSV the German spreadsheet form. */
export type CellKind =
  | 'text'
  | 'integer'
  /** Integer cents, written as euros: 1234 -> 12,34 */
  | 'cents'
  /** Integer thousandths of a unit (Wh for kWh, litres for m3), written in the unit: 1234 -> 1,234 */
  | 'milli'
  /** A decimal number as PostgreSQL numeric gives it ("123.450") or a JS number. */
  | 'decimal'
  /** A calendar date "2026-05-04", written 04.05.2026. */
  | 'date'
  /** A point in time, written in the utility's time zone: 04.05.2026 10:00:00 */
  | 'datetime'
  | 'boolean';

export const BOM = '\uFEFF';

const formulaStart = /^[=+\-@\t\r]/;

function quote(cell: string): string {
  return /[;"\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function scaled(value: number, scale: number, decimals: number): string {
  const negative = value < 0;
  const abs = Math.abs(Math.trunc(value));
  const whole = Math.floor(abs / scale);
  const fraction = String(abs % scale).padStart(decimals, '0');
  return `${negative ? '-' : ''}${String(whole)},${fraction}`;
}

function decimal(value: number | string): string {
  const text = typeof value === 'number' ? String(value) : value.trim();
  return /^-?\d+(\.\d+)?$/.test(text) ? text.replace('.', ',') : text;
}

function germanDate(iso: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** 04.05.2026 10:00:00 in `timeZone` (the form German Excel reads as a date and time). */
export function germanDateTime(value: Date, timeZone: string): string {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('de-DE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    dateTimeFormats.set(timeZone, format);
  }
  return format.format(value).replace(', ', ' ');
}

/** What a column may hold. */
export type CellValue = string | number | boolean | Date | null | undefined;

/** One cell in German spreadsheet form; null and undefined are empty. */
export function cell(kind: CellKind, value: CellValue, options: { timeZone: string; locale: TLocale }): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return germanDateTime(value, options.timeZone);
  if (typeof value === 'boolean') {
    if (options.locale === 'de') return value ? 'ja' : 'nein';
    return value ? 'yes' : 'no';
  }
  if (typeof value === 'number') {
    if (kind === 'cents') return scaled(value, 100, 2);
    if (kind === 'milli') return scaled(value, 1000, 3);
    return decimal(value);
  }
  if (kind === 'decimal') return decimal(value);
  if (kind === 'date') return germanDate(value);
  return formulaStart.test(value) ? `'${value}` : value;
}

/** A whole CSV document: BOM, header row, rows, CRLF after every line. */
export function csvDocument(header: readonly string[], rows: Iterable<readonly string[]>): string {
  const lines = [header.map(quote).join(';')];
  for (const row of rows) lines.push(row.map(quote).join(';'));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
