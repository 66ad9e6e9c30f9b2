// SQL of the GP-Nr letters (ADR 0024). Every function runs in a tenant transaction and takes the
// tenant id first.
import { sql } from 'kysely';
import type { TenantTransaction } from '../../db/database.ts';

export type GpRequestStatus = 'open' | 'letter_sent' | 'rejected';
export type GpMatchProblem = 'meter_unknown' | 'meter_removed' | 'name_mismatch' | 'address_mismatch' | 'ambiguous';

export type GpRequestRow = {
  id: string;
  name: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  connectionStreet: string | null;
  connectionHouseNumber: string | null;
  connectionPostalCode: string | null;
  connectionCity: string | null;
  meterNumber: string;
  email: string;
  locale: 'de' | 'en';
  status: GpRequestStatus;
  createdAt: Date;
  sentAt: Date | null;
  letterBatchId: string | null;
  matchProblem: GpMatchProblem | null;
  matchCheckedAt: Date | null;
};

const requestColumns = [
  'id',
  'name',
  'street',
  'house_number as houseNumber',
  'postal_code as postalCode',
  'city',
  'connection_street as connectionStreet',
  'connection_house_number as connectionHouseNumber',
  'connection_postal_code as connectionPostalCode',
  'connection_city as connectionCity',
  'meter_number as meterNumber',
  'email',
  sql<'de' | 'en'>`locale`.as('locale'),
  sql<GpRequestStatus>`status`.as('status'),
  'created_at as createdAt',
  'sent_at as sentAt',
  'letter_batch_id as letterBatchId',
  sql<GpMatchProblem | null>`match_problem`.as('matchProblem'),
  'match_checked_at as matchCheckedAt',
] as const;

export async function listRequests(
  trx: TenantTransaction,
  tenantId: string,
  filter: { status?: GpRequestStatus | undefined; limit: number },
): Promise<GpRequestRow[]> {
  let query = trx.selectFrom('gp_number_requests').select(requestColumns).where('tenant_id', '=', tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  return query.orderBy('created_at').orderBy('id').limit(filter.limit).execute();
}

/**
 * The open requests, oldest first, locked for this transaction. A second print run at the same
 * moment skips them (and finds nothing to print) instead of printing them twice.
 */
export async function lockOpenRequests(trx: TenantTransaction, tenantId: string, limit: number): Promise<GpRequestRow[]> {
  return trx
    .selectFrom('gp_number_requests')
    .select(requestColumns)
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function countOpenRequests(trx: TenantTransaction, tenantId: string): Promise<number> {
  const row = await trx
    .selectFrom('gp_number_requests')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type MeterCandidate = {
  meterNumber: string;
  installedOn: string;
  removedOn: string | null;
  premiseStreet: string;
  premiseHouseNumber: string;
  premisePostalCode: string;
  customerId: string;
  customerNumber: string;
  kind: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  street: string;
  houseNumber: string;
  postalCode: string;
  /** Directions of the customer's contracts at the meter's consumption point. */
  directions: string[];
};

/**
 * Meters whose number, loosely normalised (the tenant's strip characters, then everything but
 * letters and digits removed, upper case, leading zeros removed), is one of `looseNumbers`, with
 * their consumption point and customer. The caller compares exactly with the tenant's rules.
 */
export async function meterCandidates(
  trx: TenantTransaction,
  tenantId: string,
  looseNumbers: readonly string[],
  stripCharacters: string,
): Promise<MeterCandidate[]> {
  if (looseNumbers.length === 0) return [];
  const loose = sql<string>`ltrim(upper(regexp_replace(translate(meters.meter_number, ${stripCharacters}, ''), '[^[:alnum:]]', '', 'g')), '0')`;
  const rows = await trx
    .selectFrom('meters')
    .innerJoin('premises', (join) => join.onRef('premises.tenant_id', '=', 'meters.tenant_id').onRef('premises.id', '=', 'meters.premise_id'))
    .innerJoin('customers', (join) =>
      join.onRef('customers.tenant_id', '=', 'premises.tenant_id').onRef('customers.id', '=', 'premises.customer_id'),
    )
    .select([
      'meters.meter_number as meterNumber',
      sql<string>`meters.installed_on::text`.as('installedOn'),
      sql<string | null>`meters.removed_on::text`.as('removedOn'),
      'premises.street as premiseStreet',
      'premises.house_number as premiseHouseNumber',
      'premises.postal_code as premisePostalCode',
      'customers.id as customerId',
      'customers.customer_number as customerNumber',
      'customers.kind',
      'customers.first_name as firstName',
      'customers.last_name as lastName',
      'customers.company_name as companyName',
      'customers.street',
      'customers.house_number as houseNumber',
      'customers.postal_code as postalCode',
      sql<string[]>`coalesce((
        select array_agg(distinct contracts.direction order by contracts.direction)
        from contracts
        where contracts.tenant_id = premises.tenant_id and contracts.premise_id = premises.id
          and contracts.customer_id = customers.id
      ), '{}')`.as('directions'),
    ])
    .where('meters.tenant_id', '=', tenantId)
    .where(loose, 'in', [...looseNumbers])
    .orderBy('customers.customer_number')
    .execute();
  return rows;
}

export async function insertBatch(
  trx: TenantTransaction,
  tenantId: string,
  batch: { createdBy: string; createdAt: Date; letters: number; fileName: string; pdf: Buffer },
): Promise<string> {
  const row = await trx
    .insertInto('gp_letter_batches')
    .values({
      tenant_id: tenantId,
      created_by: batch.createdBy,
      created_at: batch.createdAt,
      letters: batch.letters,
      file_name: batch.fileName,
      pdf: batch.pdf,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markSent(trx: TenantTransaction, tenantId: string, requestIds: readonly string[], batchId: string, now: Date): Promise<void> {
  if (requestIds.length === 0) return;
  await trx
    .updateTable('gp_number_requests')
    .set({ status: 'letter_sent', sent_at: now, letter_batch_id: batchId, match_problem: null, match_checked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...requestIds])
    .where('status', '=', 'open')
    .execute();
}

export async function markProblems(
  trx: TenantTransaction,
  tenantId: string,
  problems: ReadonlyArray<{ requestId: string; problem: GpMatchProblem }>,
  now: Date,
): Promise<void> {
  for (const problem of ['meter_unknown', 'meter_removed', 'name_mismatch', 'address_mismatch', 'ambiguous'] as const) {
    const ids = problems.filter((p) => p.problem === problem).map((p) => p.requestId);
    if (ids.length === 0) continue;
    await trx
      .updateTable('gp_number_requests')
      .set({ match_problem: problem, match_checked_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids)
      .execute();
  }
}

export type BatchRow = { id: string; createdBy: string; createdAt: Date; letters: number; fileName: string };

export async function findBatchPdf(
  trx: TenantTransaction,
  tenantId: string,
  batchId: string,
): Promise<(BatchRow & { pdf: Buffer }) | undefined> {
  return trx
    .selectFrom('gp_letter_batches')
    .select(['id', 'created_by as createdBy', 'created_at as createdAt', 'letters', 'file_name as fileName', 'pdf'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', batchId)
    .executeTakeFirst();
}

export async function listBatches(trx: TenantTransaction, tenantId: string, limit: number): Promise<BatchRow[]> {
  return trx
    .selectFrom('gp_letter_batches')
    .select(['id', 'created_by as createdBy', 'created_at as createdAt', 'letters', 'file_name as fileName'])
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}
