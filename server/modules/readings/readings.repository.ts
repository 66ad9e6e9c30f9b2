// SQL of the readings module. Every function takes the tenant first; meters are found only through
// the customer's consumption points, so another customer's meter ids find nothing.
import type { TenantTransaction } from '../../db/database.ts';

export type MeterRow = {
  id: string;
  meterNumber: string;
  division: string;
  kind: string;
  installedOn: string;
  removedOn: string | null;
  premiseId: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
};

const meterColumns = [
  'm.id',
  'm.meter_number as meterNumber',
  'm.division',
  'm.meter_kind as kind',
  'm.installed_on as installedOn',
  'm.removed_on as removedOn',
  'p.id as premiseId',
  'p.street',
  'p.house_number as houseNumber',
  'p.postal_code as postalCode',
  'p.city',
] as const;

function customerMeters(trx: TenantTransaction, tenantId: string, customerId: string) {
  return trx
    .selectFrom('meters as m')
    .innerJoin('premises as p', (join) => join.onRef('p.tenant_id', '=', 'm.tenant_id').onRef('p.id', '=', 'm.premise_id'))
    .select(meterColumns)
    .where('m.tenant_id', '=', tenantId)
    .where('p.customer_id', '=', customerId);
}

/** The meters at the customer's consumption points: by address, current meters first, then by division. */
export async function listMeters(trx: TenantTransaction, tenantId: string, customerId: string): Promise<MeterRow[]> {
  return customerMeters(trx, tenantId, customerId)
    .orderBy('p.postal_code')
    .orderBy('p.street')
    .orderBy('p.house_number')
    .orderBy('p.id')
    .orderBy((eb) => eb('m.removed_on', 'is', null), 'desc')
    .orderBy('m.division')
    .orderBy('m.installed_on', 'desc')
    .orderBy('m.meter_number')
    .execute();
}

export async function findMeter(trx: TenantTransaction, tenantId: string, customerId: string, meterId: string): Promise<MeterRow | undefined> {
  return customerMeters(trx, tenantId, customerId).where('m.id', '=', meterId).executeTakeFirst();
}

/** Locks a meter for a submission, so two submissions for it run one after the other. */
export async function lockMeter(trx: TenantTransaction, tenantId: string, meterId: string): Promise<void> {
  await trx.selectFrom('meters').select('id').where('tenant_id', '=', tenantId).where('id', '=', meterId).forUpdate().executeTakeFirst();
}

export type RegisterRow = { id: string; meterId: string; obis: string; label: string | null; unit: string; digits: number; decimals: number };

export async function listRegisters(trx: TenantTransaction, tenantId: string, meterIds: readonly string[]): Promise<RegisterRow[]> {
  if (meterIds.length === 0) return [];
  return trx
    .selectFrom('meter_registers')
    .select(['id', 'meter_id as meterId', 'obis', 'label', 'unit', 'digits', 'decimals'])
    .where('tenant_id', '=', tenantId)
    .where('meter_id', 'in', meterIds)
    .orderBy('meter_id')
    .orderBy('obis')
    .execute();
}

export type ReadingRow = {
  registerId: string;
  readOn: string;
  value: string;
  source: string;
  reason: string;
  status: string;
  submissionId: string | null;
};

/** The readings of registers, oldest first. */
export async function listReadings(trx: TenantTransaction, tenantId: string, registerIds: readonly string[]): Promise<ReadingRow[]> {
  if (registerIds.length === 0) return [];
  return trx
    .selectFrom('meter_readings')
    .select(['register_id as registerId', 'read_on as readOn', 'value', 'source', 'reason', 'status', 'submission_id as submissionId'])
    .where('tenant_id', '=', tenantId)
    .where('register_id', 'in', registerIds)
    .orderBy('read_on')
    .orderBy('created_at')
    .execute();
}

export type ContractRow = { premiseId: string; division: string; direction: string; startDate: string; endDate: string | null; annualForecastMilli: number | null };

export async function listContracts(trx: TenantTransaction, tenantId: string, customerId: string): Promise<ContractRow[]> {
  return trx
    .selectFrom('contracts')
    .select(['premise_id as premiseId', 'division', 'direction', 'start_date as startDate', 'end_date as endDate', 'annual_forecast_milli as annualForecastMilli'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('start_date')
    .execute();
}

/** The end of the customer's newest annual bill's period (the date the utility reads for), or null. */
export async function lastAnnualPeriodEnd(trx: TenantTransaction, tenantId: string, customerId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('invoices')
    .select((eb) => eb.fn.max('period_end').as('periodEnd'))
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'annual')
    .executeTakeFirst();
  return row?.periodEnd ?? null;
}

export async function findSubmissionByKey(
  trx: TenantTransaction,
  tenantId: string,
  loginId: string,
  key: string,
): Promise<{ requestHash: string; result: unknown } | undefined> {
  return trx
    .selectFrom('reading_submissions')
    .select(['request_hash as requestHash', 'result'])
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function insertSubmission(
  trx: TenantTransaction,
  tenantId: string,
  values: {
    id: string;
    customerId: string;
    meterId: string;
    loginId: string;
    readOn: string;
    status: 'accepted' | 'pending_review';
    comment: string | null;
    findings: unknown[];
    requestId: string | null;
    idempotencyKey: string | null;
    requestHash: string;
    result: unknown;
    now: Date;
  },
): Promise<void> {
  await trx
    .insertInto('reading_submissions')
    .values({
      tenant_id: tenantId,
      id: values.id,
      customer_id: values.customerId,
      meter_id: values.meterId,
      login_id: values.loginId,
      read_on: values.readOn,
      status: values.status,
      comment: values.comment,
      findings: JSON.stringify(values.findings),
      request_id: values.requestId,
      idempotency_key: values.idempotencyKey,
      request_hash: values.requestHash,
      result: JSON.stringify(values.result),
      created_at: values.now,
    })
    .execute();
}

export async function insertReadings(
  trx: TenantTransaction,
  tenantId: string,
  rows: ReadonlyArray<{ registerId: string; readOn: string; value: string; reason: string; status: string; submissionId: string; now: Date }>,
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('meter_readings')
    .values(
      rows.map((row) => ({
        tenant_id: tenantId,
        register_id: row.registerId,
        read_on: row.readOn,
        value: row.value,
        source: 'customer',
        reason: row.reason,
        status: row.status,
        submission_id: row.submissionId,
        created_at: row.now,
      })),
    )
    .execute();
}

/** The review requests of submissions (readings confirmed despite a warning). */
export async function listSubmissionRequests(
  trx: TenantTransaction,
  tenantId: string,
  submissionIds: readonly string[],
): Promise<Array<{ submissionId: string; requestId: string; reference: string }>> {
  if (submissionIds.length === 0) return [];
  return trx
    .selectFrom('reading_submissions as s')
    .innerJoin('customer_requests as r', (join) => join.onRef('r.tenant_id', '=', 's.tenant_id').onRef('r.id', '=', 's.request_id'))
    .select(['s.id as submissionId', 'r.id as requestId', 'r.reference'])
    .where('s.tenant_id', '=', tenantId)
    .where('s.id', 'in', submissionIds)
    .execute();
}

/** The e-mail address of a login, if it still exists. */
export async function findLoginEmail(trx: TenantTransaction, tenantId: string, loginId: string): Promise<string | undefined> {
  const row = await trx.selectFrom('logins').select('email').where('tenant_id', '=', tenantId).where('id', '=', loginId).executeTakeFirst();
  return row?.email;
}

/**
 * The utility reviewed a reading confirmed despite a plausibility warning (its request is done or
 * rejected): the submission's readings become accepted or rejected.
 */
export async function settleReviewedSubmission(trx: TenantTransaction, tenantId: string, requestId: string, outcome: 'accepted' | 'rejected'): Promise<void> {
  const submission = await trx
    .selectFrom('reading_submissions')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  if (!submission) return;
  if (outcome === 'accepted') {
    await trx.updateTable('reading_submissions').set({ status: 'accepted' }).where('tenant_id', '=', tenantId).where('id', '=', submission.id).execute();
  }
  await trx.updateTable('meter_readings').set({ status: outcome }).where('tenant_id', '=', tenantId).where('submission_id', '=', submission.id).execute();
}
