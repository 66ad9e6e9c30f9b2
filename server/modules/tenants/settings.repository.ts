// SQL of the tenant settings. The tenants row is global (read and written by the owner connection,
// the runtime role may not write it): these functions take the owner's transaction.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.generated.ts';
import { CHANGE_CHANNEL } from '../../db/change-feed.ts';

export type SettingsRow = { config: unknown; logoType: string | null; updatedAt: Date };

export async function findSettings(db: Kysely<DB>, tenantId: string): Promise<SettingsRow | undefined> {
  return db
    .selectFrom('tenants')
    .select(['config', 'logo_type as logoType', 'updated_at as updatedAt'])
    .where('id', '=', tenantId)
    .executeTakeFirst();
}

/** The row locked until the transaction ends, so two admins' updates apply one after the other. */
export async function lockSettings(trx: Transaction<DB>, tenantId: string): Promise<SettingsRow | undefined> {
  return trx
    .selectFrom('tenants')
    .select(['config', 'logo_type as logoType', 'updated_at as updatedAt'])
    .where('id', '=', tenantId)
    .forUpdate()
    .executeTakeFirst();
}

export async function writeSettings(
  trx: Transaction<DB>,
  tenantId: string,
  write: { config: unknown; updatedAt: Date; logo?: { data: Buffer; type: string } | null },
): Promise<void> {
  await trx
    .updateTable('tenants')
    .set({
      config: JSON.stringify(write.config),
      updated_at: write.updatedAt,
      ...(write.logo === undefined ? {} : { logo: write.logo?.data ?? null, logo_type: write.logo?.type ?? null }),
    })
    .where('id', '=', tenantId)
    .execute();
}

/** Tells every process (change feed, ADR 0019) that the whole tenant changed, on commit. */
export async function notifyTenantChanged(trx: Transaction<DB>, tenantId: string): Promise<void> {
  await sql`select pg_notify(${CHANGE_CHANNEL}, ${`${tenantId} tenant *`})`.execute(trx);
}

/** How many documents of the tenant use each of these type codes (only codes in use), in the owner's transaction. */
export async function documentTypeUse(trx: Transaction<DB>, tenantId: string, codes: readonly string[]): Promise<Array<{ code: string; count: number }>> {
  // documents has forced row-level security (ADR 0006): name the tenant for this transaction.
  await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
  const rows = await trx
    .selectFrom('documents')
    .select(['type_code as code', (eb) => eb.fn.countAll<string>().as('count')])
    .where('tenant_id', '=', tenantId)
    .where('type_code', 'in', codes)
    .groupBy('type_code')
    .orderBy('type_code')
    .execute();
  return rows.flatMap((row) => (row.code === null ? [] : [{ code: row.code, count: Number(row.count) }]));
}
