// Downloads of consumption values: CSV that German (and Austrian) Excel opens as it is (UTF-8 with
// BOM, ';' between cells, decimal comma, dates DD.MM.YYYY, the header in the user's language) and
// JSON with the same rows for programs. Pure formatting; the service streams the rows.
import type { TLocale } from '../../../api/tenant.ts';
import { isoOf } from './calendar.ts';
import type { SeriesRow } from './series.ts';

export const BOM = '\uFEFF';
const SEPARATOR = ';';
const NEWLINE = '\r\n';

/** 1234567 milli -> "1234,567" (always three decimals: Wh/litre precision, no thousands separator). */
export function decimalComma(milli: number): string {
  const rounded = Math.round(milli);
  const sign = rounded < 0 ? '-' : '';
  const abs = Math.abs(rounded);
  return `${sign}${String(Math.floor(abs / 1000))},${String(abs % 1000).padStart(3, '0')}`;
}

/** A meter reading (register unit, up to three decimals) with a decimal comma. */
function readingValue(value: number): string {
  return decimalComma(Math.round(value * 1000));
}

/** 2026-03-29 -> 29.03.2026 */
export function germanDate(day: number): string {
  const iso = isoOf(day);
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
}

/**
 * One CSV cell: quoted when it holds the separator, a quote or a line break; text that Excel would
 * read as a formula (=, +, -, @ at the start) gets a leading apostrophe.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(SEPARATOR) + NEWLINE;
}

const unitLabel = { kWh: 'kWh', m3: 'm³' } as const;

const words = {
  de: {
    from: 'Von',
    to: 'Bis',
    date: 'Datum',
    consumption: 'Verbrauch',
    source: 'Quelle',
    quality: 'Qualität',
    startReading: 'Zählerstand Beginn',
    endReading: 'Zählerstand Ende',
    timeZone: 'Zeitzone',
    daily: 'Tageswert',
    readings: 'aus Zählerständen',
    readingsSpread: 'aus Zählerständen (anteilig)',
    quality220: 'wahrer Wert',
    quality67: 'Ersatzwert',
    quality201: 'vorgeschlagener Wert',
    qualityOther: 'Code',
    standard: 'MEZ',
    summer: 'MESZ',
    historyFile: 'Verbrauch',
    intervalFile: 'Lastgang',
  },
  en: {
    from: 'From',
    to: 'To',
    date: 'Date',
    consumption: 'Consumption',
    source: 'Source',
    quality: 'Quality',
    startReading: 'Meter reading at start',
    endReading: 'Meter reading at end',
    timeZone: 'Time zone',
    daily: 'daily value',
    readings: 'from meter readings',
    readingsSpread: 'from meter readings (share)',
    quality220: 'true value',
    quality67: 'substitute value',
    quality201: 'proposed value',
    qualityOther: 'code',
    standard: 'CET',
    summer: 'CEST',
    historyFile: 'consumption',
    intervalFile: 'load-profile',
  },
} as const;

export function qualityLabel(code: number, locale: TLocale): string {
  const w = words[locale];
  if (code === 220) return w.quality220;
  if (code === 67) return w.quality67;
  if (code === 201) return w.quality201;
  return `${w.qualityOther} ${String(code)}`;
}

export type ExportRegister = { meterNumber: string; obis: string; unit: 'kWh' | 'm3'; division: string };

function fileSafe(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '_').replace(/^_+|_+$/g, '');
}

export function historyFileName(register: ExportRegister, locale: TLocale, extension: 'csv' | 'json'): string {
  return `${words[locale].historyFile}_${fileSafe(register.meterNumber)}_${fileSafe(register.obis)}.${extension}`;
}

export function intervalFileName(register: ExportRegister, from: number, to: number, locale: TLocale, extension: 'csv' | 'json'): string {
  return `${words[locale].intervalFile}_${fileSafe(register.meterNumber)}_${isoOf(from)}_${isoOf(to)}.${extension}`;
}

/** Header of the history CSV; gas adds the kWh column. */
export function historyHeader(register: ExportRegister, locale: TLocale, gasFactor: number | null): string {
  const w = words[locale];
  return csvLine([
    w.from,
    w.to,
    `${w.consumption} (${unitLabel[register.unit]})`,
    ...(gasFactor === null ? [] : [`${w.consumption} (kWh)`]),
    w.source,
    w.quality,
    `${w.startReading} (${unitLabel[register.unit]})`,
    `${w.endReading} (${unitLabel[register.unit]})`,
  ]);
}

export function historyLine(row: SeriesRow, locale: TLocale, gasFactor: number | null): string {
  const w = words[locale];
  return csvLine([
    germanDate(row.from),
    germanDate(row.to),
    decimalComma(row.milli),
    ...(gasFactor === null ? [] : [decimalComma(row.milli * gasFactor)]),
    row.source === 'daily' ? w.daily : row.readings ? w.readings : w.readingsSpread,
    row.source === 'daily' ? qualityLabel(row.substitute ? 67 : 220, locale) : '',
    row.readings ? readingValue(row.readings.start) : '',
    row.readings ? readingValue(row.readings.end) : '',
  ]);
}

/** A value in register units with three decimals, as a JSON number. */
function units(milli: number): number {
  return Math.round(milli) / 1000;
}

export function historyJsonRow(row: SeriesRow, gasFactor: number | null): Record<string, unknown> {
  return {
    from: isoOf(row.from),
    to: isoOf(row.to),
    value: units(row.milli),
    ...(gasFactor === null ? {} : { valueKwh: units(row.milli * gasFactor) }),
    source: row.source,
    quality: row.source === 'daily' ? (row.substitute ? 'substitute' : 'true') : null,
    readingStart: row.readings?.start ?? null,
    readingEnd: row.readings?.end ?? null,
  };
}

function hhmm(utcMs: number, offsetMs: number): string {
  return new Date(utcMs + offsetMs).toISOString().slice(11, 16);
}

function offsetText(offsetMs: number): string {
  const minutes = Math.round(offsetMs / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A 15-minute value with the UTC offsets of its start and end (local time = instant + offset). */
export type QuarterHour = { day: number; startUtcMs: number; offsetMs: number; endOffsetMs: number; milli: number; quality: number };

export const QUARTER_MS = 900_000;

export function intervalHeader(register: ExportRegister, locale: TLocale): string {
  const w = words[locale];
  return csvLine([w.date, w.from, w.to, w.timeZone, `${w.consumption} (${unitLabel[register.unit]})`, w.quality]);
}

/** One quarter hour: local date and wall-clock times, MEZ/MESZ (CET/CEST) telling the doubled hour apart. */
export function intervalLine(value: QuarterHour, locale: TLocale): string {
  const w = words[locale];
  const offset = value.offsetMs;
  const zone = offset === 3_600_000 ? w.standard : offset === 7_200_000 ? w.summer : `UTC${offsetText(offset)}`;
  return csvLine([germanDate(value.day), hhmm(value.startUtcMs, offset), hhmm(value.startUtcMs + QUARTER_MS, value.endOffsetMs), zone, decimalComma(value.milli), qualityLabel(value.quality, locale)]);
}

function isoWithOffset(utcMs: number, offset: number): string {
  return `${new Date(utcMs + offset).toISOString().slice(0, 19)}${offsetText(offset)}`;
}

export function intervalJsonRow(value: QuarterHour): Record<string, unknown> {
  return {
    start: isoWithOffset(value.startUtcMs, value.offsetMs),
    end: isoWithOffset(value.startUtcMs + QUARTER_MS, value.endOffsetMs),
    value: units(value.milli),
    quality: value.quality,
  };
}
