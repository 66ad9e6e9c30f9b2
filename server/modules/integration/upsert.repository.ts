// SQL of the bulk upserts: look rows up by the billing system's keys, insert or update only what
// changed. Every query names the tenant (row-level security is the backstop, ADR 0006).
import { sql, type Kysely } from 'kysely';
import type { TenantTransaction } from '../../db/database.ts';

/** Tables written by the upserts, seen loosely (column names come from the entity handlers). */
type LooseDb = Kysely<Record<string, Record<string, unknown>>>;

export type UpsertTable = 'customers' | 'premises' | 'tariffs' | 'contracts' | 'meters' | 'meter_registers' | 'meter_readings' | 'instalment_plans' | 'account_transactions' | 'invoices' | 'documents';

function loose(trx: TenantTransaction): LooseDb {
  return trx as unknown as LooseDb;
}

/** Compares as the database returns values: dates as strings, numbers, text; null and undefined alike. */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) =>
    v === undefined || v === null ? null
    : v instanceof Date ? v.toISOString()
    : typeof v === 'string' ? v
    : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v)
    : JSON.stringify(v);
  return norm(a) === norm(b);
}

export type UpsertOutcome = { id: string; result: 'created' | 'updated' | 'unchanged' };

/**
 * Inserts `values` when `existing` is undefined, otherwise updates the columns whose value differs
 * (none: unchanged). `existing` must hold at least the columns of `values` and `id`.
 */
export async function upsertRow(
  trx: TenantTransaction,
  tenantId: string,
  table: UpsertTable,
  existing: Record<string, unknown> | undefined,
  values: Record<string, unknown>,
): Promise<UpsertOutcome> {
  const db = loose(trx);
  if (!existing) {
    const row = await db
      .insertInto(table)
      .values({ tenant_id: tenantId, ...values })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: String(row.id), result: 'created' };
  }
  const id = String(existing.id);
  const changed = Object.fromEntries(Object.entries(values).filter(([column, value]) => !same(existing[column], value)));
  if (Object.keys(changed).length === 0) return { id, result: 'unchanged' };
  await db.updateTable(table).set(changed).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
  return { id, result: 'updated' };
}

/** The row of `table` where every column of `where` equals its value, locked for the transaction. */
export async function findRow(
  trx: TenantTransaction,
  tenantId: string,
  table: UpsertTable,
  where: Record<string, string | null>,
): Promise<Record<string, unknown> | undefined> {
  let query = loose(trx).selectFrom(table).selectAll().where('tenant_id', '=', tenantId);
  for (const [column, value] of Object.entries(where)) {
    query = value === null ? query.where(column, 'is', null) : query.where(column, '=', value);
  }
  return query.limit(1).forUpdate().executeTakeFirst();
}

/** The rows of `table` where `column` equals `value`, oldest first (meters by number). */
export async function findRowsBy(trx: TenantTransaction, tenantId: string, table: UpsertTable, column: string, value: string): Promise<Array<Record<string, unknown>>> {
  return loose(trx).selectFrom(table).selectAll().where('tenant_id', '=', tenantId).where(column, '=', value).orderBy('created_at').forUpdate().execute();
}

/** The tariff version of `code` valid on `day` (the latest from before it, else the earliest). */
export async function tariffFor(trx: TenantTransaction, tenantId: string, code: string, day: string): Promise<{ id: string; division: string } | undefined> {
  const rows = await trx
    .selectFrom('tariffs')
    .select(['id', 'division', 'valid_from'])
    .where('tenant_id', '=', tenantId)
    .where('code', '=', code)
    .orderBy('valid_from')
    .execute();
  const before = rows.filter((r) => r.valid_from <= day);
  return before.at(-1) ?? rows[0];
}

/** The meter with this number that was installed on `day` (installed on or before, not removed before). */
export async function meterOn(trx: TenantTransaction, tenantId: string, meterNumber: string, day: string): Promise<{ id: string } | undefined> {
  return trx
    .selectFrom('meters')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('meter_number', '=', meterNumber)
    .where('installed_on', '<=', day)
    .where((eb) => eb.or([eb('removed_on', 'is', null), eb('removed_on', '>=', day)]))
    .orderBy('installed_on', 'desc')
    .executeTakeFirst();
}

/** A document's size and SHA-256 (hex), without loading its bytes. */
export async function documentByExternalId(
  trx: TenantTransaction,
  tenantId: string,
  externalId: string,
): Promise<(Record<string, unknown> & { id: string; customer_id: string; content_sha256: string }) | undefined> {
  return trx
    .selectFrom('documents')
    .select(['id', 'external_id', 'customer_id', 'kind', 'type_code', 'title', 'file_name', 'content_type', 'size_bytes', 'created_at', sql<string>`encode(sha256(content), 'hex')`.as('content_sha256')])
    .where('tenant_id', '=', tenantId)
    .where('external_id', '=', externalId)
    .forUpdate()
    .executeTakeFirst();
}

/** Where a new document's notice goes: the active, confirmed logins linked to the customer. */
export async function loginsOfCustomer(trx: TenantTransaction, tenantId: string, customerId: string): Promise<Array<{ email: string; locale: string }>> {
  return trx
    .selectFrom('login_customers as lc')
    .innerJoin('logins as l', (join) => join.onRef('l.tenant_id', '=', 'lc.tenant_id').onRef('l.id', '=', 'lc.login_id'))
    .select(['l.email', 'l.locale'])
    .where('lc.tenant_id', '=', tenantId)
    .where('lc.customer_id', '=', customerId)
    .where('l.status', '=', 'active')
    .where('l.email_verified_at', 'is not', null)
    .orderBy('l.email')
    .execute();
}
