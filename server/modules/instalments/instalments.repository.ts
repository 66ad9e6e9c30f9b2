// SQL of the instalments module. Every function takes the tenant first and the customer account, so
// another customer's contract ids find nothing.
import { sql } from 'kysely';
import type { TenantTransaction } from '../../db/database.ts';

export type ContractRow = {
  id: string;
  contractNumber: string;
  division: string;
  premiseId: string;
  annualForecastMilli: number | null;
  tariffName: string;
  energyPriceCt: string;
  basePriceCentsPerYear: number;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
};

/** The customer's consumption contracts (no feed-in) that have not ended before `today`. */
export async function listContracts(trx: TenantTransaction, tenantId: string, customerId: string, today: string): Promise<ContractRow[]> {
  return trx
    .selectFrom('contracts as c')
    .innerJoin('premises as p', (join) => join.onRef('p.tenant_id', '=', 'c.tenant_id').onRef('p.id', '=', 'c.premise_id'))
    .innerJoin('tariffs as t', (join) => join.onRef('t.tenant_id', '=', 'c.tenant_id').onRef('t.id', '=', 'c.tariff_id'))
    .select([
      'c.id',
      'c.contract_number as contractNumber',
      'c.division',
      'c.premise_id as premiseId',
      'c.annual_forecast_milli as annualForecastMilli',
      't.name as tariffName',
      't.energy_price_ct as energyPriceCt',
      't.base_price_cents_per_year as basePriceCentsPerYear',
      'p.street',
      'p.house_number as houseNumber',
      'p.postal_code as postalCode',
      'p.city',
    ])
    .where('c.tenant_id', '=', tenantId)
    .where('c.customer_id', '=', customerId)
    .where('c.direction', '=', 'consumption')
    .where((eb) => eb.or([eb('c.end_date', 'is', null), eb('c.end_date', '>=', today)]))
    .orderBy('p.postal_code')
    .orderBy('p.street')
    .orderBy('p.house_number')
    .orderBy('c.division')
    .orderBy('c.contract_number')
    .execute();
}

/** One of the customer's contracts, locked: change requests for it wait for each other. */
export async function lockContract(trx: TenantTransaction, tenantId: string, customerId: string, contractId: string): Promise<{ id: string } | undefined> {
  return trx
    .selectFrom('contracts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('id', '=', contractId)
    .forUpdate()
    .executeTakeFirst();
}

export type PlanRow = { contractId: string; amountCents: number; validFrom: string; validTo: string | null; dueDay: number };

/** The instalment plans of the contracts that are still valid on `today` or start later, oldest first. */
export async function listPlans(trx: TenantTransaction, tenantId: string, contractIds: readonly string[], today: string): Promise<PlanRow[]> {
  if (contractIds.length === 0) return [];
  return trx
    .selectFrom('instalment_plans')
    .select(['contract_id as contractId', 'amount_cents as amountCents', 'valid_from as validFrom', 'valid_to as validTo', 'due_day as dueDay'])
    .where('tenant_id', '=', tenantId)
    .where('contract_id', 'in', contractIds)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', today)]))
    .orderBy('valid_from')
    .execute();
}

/** The date of the customer's latest annual bill, if any. */
export async function latestAnnualBillDate(trx: TenantTransaction, tenantId: string, customerId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('invoices')
    .select('invoice_date as invoiceDate')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'annual')
    .orderBy('invoice_date', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.invoiceDate;
}

export type PendingChangeRow = { id: string; reference: string; status: string; createdAt: Date; payload: unknown };

/** The customer's instalment change requests the utility has not finished (received or in progress). */
export async function listPendingChanges(trx: TenantTransaction, tenantId: string, customerId: string, contractId?: string): Promise<PendingChangeRow[]> {
  let query = trx
    .selectFrom('customer_requests')
    .select(['id', 'reference', 'status', 'created_at as createdAt', 'payload'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'instalment')
    .where('status', 'in', ['received', 'in_progress']);
  if (contractId) query = query.where(sql<string>`payload->>'contractId'`, '=', contractId);
  return query.orderBy('created_at', 'desc').execute();
}

/**
 * A new instalment amount from `validFrom` (the utility processed a change): plans of the contract
 * that start on or after that date give way, the plan running then ends the day before, and the new
 * plan keeps its due day.
 */
export async function startPlan(trx: TenantTransaction, tenantId: string, contractId: string, amountCents: number, validFrom: string): Promise<void> {
  const running = await trx
    .selectFrom('instalment_plans')
    .select(['due_day as dueDay'])
    .where('tenant_id', '=', tenantId)
    .where('contract_id', '=', contractId)
    .where('valid_from', '<', validFrom)
    .orderBy('valid_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  await trx.deleteFrom('instalment_plans').where('tenant_id', '=', tenantId).where('contract_id', '=', contractId).where('valid_from', '>=', validFrom).execute();
  await trx
    .updateTable('instalment_plans')
    .set({ valid_to: sql<string>`(${validFrom}::date - 1)` })
    .where('tenant_id', '=', tenantId)
    .where('contract_id', '=', contractId)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', validFrom)]))
    .execute();
  await trx
    .insertInto('instalment_plans')
    .values({ tenant_id: tenantId, contract_id: contractId, amount_cents: amountCents, valid_from: validFrom, valid_to: null, ...(running ? { due_day: running.dueDay } : {}) })
    .execute();
}
