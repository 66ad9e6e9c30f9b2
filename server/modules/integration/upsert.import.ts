// CLI import of the billing system's entities from a file (`npm run cli -- import --type customers
// customers.csv`): CSV with a header row (`;` or `,`, UTF-8 with or without BOM, German decimal
// comma, dotted headers for nested fields such as `registers.0.obis`) or JSON `{records: [...]}`.
// Goes through the same upsert service as the API, in batches of at most 1000 records (each one
// transaction: all of it or nothing), and prints a summary with the line of every error.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { INTEGRATION_ENTITIES, integrationEntities, MAX_RECORDS_PER_BATCH, type TIntegrationEntity, type TRecordError } from '../../../api/integration.ts';
import type { Database } from '../../db/database.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { upsertRecords } from './upsert.service.ts';

export function isEntityType(value: string): value is TIntegrationEntity {
  return (INTEGRATION_ENTITIES as readonly string[]).includes(value);
}

/** A record and the line of the file it starts on (1-based; JSON: its position + 1). */
export type SourceRecord = { line: number; record: Record<string, unknown> };

/** Splits CSV text into rows with their starting line; quotes may hold separators, quotes ("") and line breaks. */
export function parseCsv(text: string): { delimiter: string; rows: Array<{ line: number; cells: string[] }> } {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += char;
  }
  cells.push(cell);
  if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
  return { delimiter, rows };
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/** The schema of a dotted field (`registers.0.obis`), or undefined. */
function fieldSchema(record: z.ZodType, dotted: string): z.ZodType | undefined {
  let current: z.ZodType | undefined = record;
  for (const part of dotted.split('.')) {
    const inner: z.ZodType | undefined = current ? unwrap(current) : undefined;
    if (inner instanceof z.ZodObject) current = (inner.shape as Record<string, z.ZodType>)[part];
    else if (inner instanceof z.ZodArray && /^\d+$/.test(part)) current = inner.element as z.ZodType;
    else return undefined;
  }
  return current;
}

/** "1.234,56" or "1234,56" or "1234.56" -> "1234.56" (German Excel writes the first two). */
export function germanDecimal(value: string): string {
  const trimmed = value.trim().replace(/\s/g, '');
  return trimmed.includes(',') ? trimmed.replaceAll('.', '').replace(',', '.') : trimmed;
}

const decimalStringFields = new Set(['energyPriceCt', 'value']);

function cellValue(schema: z.ZodType | undefined, field: string, raw: string): unknown {
  const inner = schema ? unwrap(schema) : undefined;
  if (inner instanceof z.ZodNumber) {
    const number = Number(germanDecimal(raw));
    return Number.isFinite(number) ? number : raw;
  }
  if (inner instanceof z.ZodBoolean) {
    const lower = raw.trim().toLowerCase();
    if (['true', 'ja', 'yes', '1', 'x'].includes(lower)) return true;
    if (['false', 'nein', 'no', '0'].includes(lower)) return false;
    return raw;
  }
  const last = field.split('.').at(-1) ?? field;
  return decimalStringFields.has(last) ? germanDecimal(raw) : raw.trim();
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let node: Record<string, unknown> | unknown[] = target;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const key = /^\d+$/.test(part) ? Number(part) : part;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(parts[i + 1] ?? '');
    container[key] ??= nextIsIndex ? [] : {};
    node = container[key] as Record<string, unknown> | unknown[];
  });
}

/** Records of a CSV file for `entity`: one per row, header names are the API's field names. */
export function csvRecords(entity: TIntegrationEntity, text: string): SourceRecord[] {
  const { rows } = parseCsv(text);
  const [header, ...data] = rows;
  if (!header) return [];
  const fields = header.cells.map((c) => c.trim());
  const schema = integrationEntities[entity].record;
  return data.map(({ line, cells }) => {
    const record: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      const raw = cells[i] ?? '';
      // An empty cell is a missing value (null for nullable fields, the default otherwise).
      if (raw.trim() === '' || field === '') return;
      setPath(record, field, cellValue(fieldSchema(schema, field), field, raw));
    });
    return { line, record };
  });
}

export function jsonRecords(text: string): SourceRecord[] {
  const parsed: unknown = JSON.parse(text);
  const records = Array.isArray(parsed) ? parsed : parsed && typeof parsed === 'object' ? (parsed as { records?: unknown }).records : undefined;
  if (!Array.isArray(records)) throw new Error('The JSON file must be {"records": [...]} (or a list of records).');
  return records.map((record: unknown, i) => ({ line: i + 1, record: record as Record<string, unknown> }));
}

export type ImportSummary = { created: number; updated: number; unchanged: number; errors: Array<TRecordError & { line: number }> };

/** Imports the records in batches; a batch with an invalid record is not written (its errors are reported). */
export async function importRecords(
  database: Database,
  tenant: Tenant,
  entity: TIntegrationEntity,
  records: readonly SourceRecord[],
  onProgress?: (done: number, total: number) => void,
): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, errors: [] };
  for (let start = 0; start < records.length; start += MAX_RECORDS_PER_BATCH) {
    const batch = records.slice(start, start + MAX_RECORDS_PER_BATCH);
    const answer = await upsertRecords(
      database,
      tenant,
      entity,
      batch.map((r) => r.record),
      { actor: { type: 'operator', id: 'cli' }, locale: tenant.config.defaultLocale, now: new Date(), requestId: null },
    );
    if (answer.ok) {
      summary.created += answer.body.created;
      summary.updated += answer.body.updated;
      summary.unchanged += answer.body.unchanged;
    } else {
      for (const error of answer.errors) summary.errors.push({ ...error, index: start + error.index, line: batch[error.index]?.line ?? 0 });
    }
    onProgress?.(Math.min(start + batch.length, records.length), records.length);
  }
  return summary;
}

/**
 * `import --type <entity> <file>`: reads, imports and prints the summary (errors with their line).
 * Answers the process exit code: 0 when everything was imported, 1 otherwise.
 */
export async function importEntitiesFile(
  database: Database,
  tenant: Tenant,
  entity: TIntegrationEntity,
  file: string,
  format: string | undefined,
  io: { out: (line: string) => void; err: NodeJS.WriteStream },
): Promise<number> {
  const kind = format ?? (path.extname(file).toLowerCase() === '.json' ? 'json' : 'csv');
  if (kind !== 'csv' && kind !== 'json') {
    io.out(`Unknown format "${kind}" for ${entity}: csv or json.`);
    return 1;
  }
  const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  let records: SourceRecord[];
  try {
    records = kind === 'json' ? jsonRecords(text) : csvRecords(entity, text);
  } catch (error) {
    io.out(`${path.basename(file)}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const progress = io.err.isTTY ? (done: number, total: number) => io.err.write(`\r${entity}: ${done}/${total} records`) : undefined;
  const summary = await importRecords(database, tenant, entity, records, progress);
  if (progress) io.err.write('\n');
  const where = kind === 'csv' ? 'line' : 'record';
  for (const e of summary.errors) {
    io.out(`${where} ${e.line}${e.externalId ? ` (${e.externalId})` : ''}: ${e.field || '-'} ${e.code}: ${e.message}`);
  }
  io.out(
    `${entity}: ${records.length} records, created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, ` +
      `errors ${summary.errors.length}${summary.errors.length > 0 ? ' (batches with errors were not written)' : ''}`,
  );
  return summary.errors.length > 0 ? 1 : 0;
}
