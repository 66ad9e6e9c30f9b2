// One list of rows written twice: as JSON (English keys, raw values: cents, milli-units, ISO 8601
// times in UTC) and as CSV for German Excel (headers in the customer's language, euros and units
// with decimal comma, times in the utility's time zone, codes as words).
import type { TLocale } from '../../../api/tenant.ts';
import { cell, csvDocument, type CellKind, type CellValue } from './csv.ts';
import type { ExportEntry } from './zip.ts';

export type Column<R> = {
  key: string;
  de: string;
  en: string;
  kind: CellKind;
  value: (row: R) => CellValue;
  /** Words for codes in the CSV (the JSON keeps the code). */
  labels?: Readonly<Record<string, { de: string; en: string }>>;
};

export type Format = { locale: TLocale; timeZone: string };

function jsonValue(kind: CellKind, value: CellValue): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (kind === 'decimal' && typeof value === 'string') return Number(value);
  return value;
}

export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The rows as JSON objects with the columns' keys. */
export function jsonRows<R>(rows: readonly R[], columns: readonly Column<R>[]): Array<Record<string, unknown>> {
  return rows.map((row) => Object.fromEntries(columns.map((column) => [column.key, jsonValue(column.kind, column.value(row))])));
}

export function csvRows<R>(rows: Iterable<R>, columns: readonly Column<R>[], format: Format): string {
  const header = columns.map((column) => column[format.locale]);
  const lines = function* (): Generator<string[]> {
    for (const row of rows) {
      yield columns.map((column) => {
        const value = column.value(row);
        const label = column.labels && typeof value === 'string' ? column.labels[value] : undefined;
        return label ? label[format.locale] : cell(column.kind, value, format);
      });
    }
  };
  return csvDocument(header, lines());
}

/** `<base>.json` and `<base>.csv` of the same rows. */
export function tableEntries<R>(base: string, rows: readonly R[], columns: readonly Column<R>[], format: Format): ExportEntry[] {
  return [
    { path: `${base}.json`, content: () => toJson(jsonRows(rows, columns)) },
    { path: `${base}.csv`, content: () => csvRows(rows, columns, format) },
  ];
}
