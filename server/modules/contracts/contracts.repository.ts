// SQL of the contracts page. Every function takes the tenant first and the customer account, so
// another customer's contracts, premises and meters are never found.
import type { TenantTransaction } from '../../db/database.ts';

export type ContractRow = {
  id: string;
  contractNumber: string;
  premiseId: string;
  division: string;
  direction: string;
  startDate: string;
  endDate: string | null;
  minimumTermMonths: number;
  noticePeriodWeeks: number;
  annualForecastMilli: number | null;
  tariffCode: string;
  tariffName: string;
  tariffValidFrom: string;
  tariffEnergyCt: string;
  tariffBaseCentsPerYear: number;
};

/** The customer's contracts with the tariff version each points at. */
export async function listContracts(trx: TenantTransaction, tenantId: string, customerId: string): Promise<ContractRow[]> {
  return trx
    .selectFrom('contracts as c')
    .innerJoin('tariffs as t', (join) => join.onRef('t.tenant_id', '=', 'c.tenant_id').onRef('t.id', '=', 'c.tariff_id'))
    .select([
      'c.id',
      'c.contract_number as contractNumber',
      'c.premise_id as premiseId',
      'c.division',
      'c.direction',
      'c.start_date as startDate',
      'c.end_date as endDate',
      'c.minimum_term_months as minimumTermMonths',
      'c.notice_period_weeks as noticePeriodWeeks',
      'c.annual_forecast_milli as annualForecastMilli',
      't.code as tariffCode',
      't.name as tariffName',
      't.valid_from as tariffValidFrom',
      't.energy_price_ct as tariffEnergyCt',
      't.base_price_cents_per_year as tariffBaseCentsPerYear',
    ])
    .where('c.tenant_id', '=', tenantId)
    .where('c.customer_id', '=', customerId)
    .orderBy('c.start_date', 'desc')
    .orderBy('c.contract_number')
    .execute();
}

export type TariffVersionRow = { code: string; name: string; validFrom: string; energyCt: string; baseCentsPerYear: number };

/** Every version (valid_from) of the given tariff codes, oldest first. */
export async function listTariffVersions(trx: TenantTransaction, tenantId: string, codes: readonly string[]): Promise<TariffVersionRow[]> {
  if (codes.length === 0) return [];
  return trx
    .selectFrom('tariffs')
    .select(['code', 'name', 'valid_from as validFrom', 'energy_price_ct as energyCt', 'base_price_cents_per_year as baseCentsPerYear'])
    .where('tenant_id', '=', tenantId)
    .where('code', 'in', codes)
    .orderBy('valid_from')
    .execute();
}

export type PremiseRow = { id: string; street: string; houseNumber: string; postalCode: string; city: string; maloId: string | null };

export async function listPremises(trx: TenantTransaction, tenantId: string, customerId: string): Promise<PremiseRow[]> {
  return trx
    .selectFrom('premises')
    .select(['id', 'street', 'house_number as houseNumber', 'postal_code as postalCode', 'city', 'malo_id as maloId'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export type PlanRow = { contractId: string; amountCents: number; validFrom: string; validTo: string | null; dueDay: number };

/** The instalment plans of the customer's contracts, oldest first. */
export async function listInstalmentPlans(trx: TenantTransaction, tenantId: string, customerId: string): Promise<PlanRow[]> {
  return trx
    .selectFrom('instalment_plans as p')
    .innerJoin('contracts as c', (join) => join.onRef('c.tenant_id', '=', 'p.tenant_id').onRef('c.id', '=', 'p.contract_id'))
    .select(['p.contract_id as contractId', 'p.amount_cents as amountCents', 'p.valid_from as validFrom', 'p.valid_to as validTo', 'p.due_day as dueDay'])
    .where('p.tenant_id', '=', tenantId)
    .where('c.customer_id', '=', customerId)
    .orderBy('p.valid_from')
    .orderBy('p.created_at')
    .execute();
}

export type MeterRow = {
  id: string;
  premiseId: string;
  meterNumber: string;
  division: string;
  kind: string;
  meteringPointId: string | null;
  installedOn: string;
  removedOn: string | null;
};

/** The meters at the customer's consumption points (also exchanged ones), oldest first. */
export async function listMeters(trx: TenantTransaction, tenantId: string, customerId: string): Promise<MeterRow[]> {
  return trx
    .selectFrom('meters as m')
    .innerJoin('premises as p', (join) => join.onRef('p.tenant_id', '=', 'm.tenant_id').onRef('p.id', '=', 'm.premise_id'))
    .select([
      'm.id',
      'm.premise_id as premiseId',
      'm.meter_number as meterNumber',
      'm.division',
      'm.meter_kind as kind',
      'm.metering_point_id as meteringPointId',
      'm.installed_on as installedOn',
      'm.removed_on as removedOn',
    ])
    .where('m.tenant_id', '=', tenantId)
    .where('p.customer_id', '=', customerId)
    .orderBy('m.installed_on')
    .orderBy('m.meter_number')
    .execute();
}

export type RegisterRow = { meterId: string; obis: string; label: string | null; unit: string };

export async function listRegisters(trx: TenantTransaction, tenantId: string, meterIds: readonly string[]): Promise<RegisterRow[]> {
  if (meterIds.length === 0) return [];
  return trx
    .selectFrom('meter_registers')
    .select(['meter_id as meterId', 'obis', 'label', 'unit'])
    .where('tenant_id', '=', tenantId)
    .where('meter_id', 'in', meterIds)
    .orderBy('obis')
    .execute();
}
