// SQL of the consumption module. Every function takes the tenant first; what a customer may see is
// reached through the customer's premises, so another customer's register ids find nothing.
import { sql } from 'kysely';
import type { TenantTransaction } from '../../db/database.ts';

export type RegisterRow = {
  registerId: string;
  obis: string;
  label: string | null;
  unit: string;
  digits: number;
  meterId: string;
  meterNumber: string;
  division: string;
  meterKind: string;
  granularity: string | null;
  installedOn: string;
  removedOn: string | null;
  premiseId: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
};

function registersOf(trx: TenantTransaction, tenantId: string, customerId: string) {
  return trx
    .selectFrom('meter_registers as r')
    .innerJoin('meters as m', (join) => join.onRef('m.tenant_id', '=', 'r.tenant_id').onRef('m.id', '=', 'r.meter_id'))
    .innerJoin('premises as p', (join) => join.onRef('p.tenant_id', '=', 'm.tenant_id').onRef('p.id', '=', 'm.premise_id'))
    .select([
      'r.id as registerId',
      'r.obis',
      'r.label',
      'r.unit',
      'r.digits',
      'm.id as meterId',
      'm.meter_number as meterNumber',
      'm.division',
      'm.meter_kind as meterKind',
      'm.data_granularity as granularity',
      'm.installed_on as installedOn',
      'm.removed_on as removedOn',
      'p.id as premiseId',
      'p.street',
      'p.house_number as houseNumber',
      'p.postal_code as postalCode',
      'p.city',
    ])
    .where('r.tenant_id', '=', tenantId)
    .where('p.customer_id', '=', customerId);
}

/** Every register of every meter at the customer's premises (removed meters too). */
export async function listRegisters(trx: TenantTransaction, tenantId: string, customerId: string): Promise<RegisterRow[]> {
  return registersOf(trx, tenantId, customerId).orderBy('p.street').orderBy('p.house_number').orderBy('p.id').orderBy('m.installed_on', 'desc').orderBy('m.id').orderBy('r.obis').execute();
}

/**
 * One register, if it is at one of the customer's premises and the customer is linked to the login
 * (the check of selectedCustomer() and the lookup in one query).
 */
export async function findLinkedRegister(trx: TenantTransaction, tenantId: string, loginId: string, customerId: string, registerId: string): Promise<RegisterRow | undefined> {
  return registersOf(trx, tenantId, customerId)
    .where('r.id', '=', registerId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('login_customers as lc')
          .select('lc.customer_id')
          .whereRef('lc.tenant_id', '=', 'p.tenant_id')
          .whereRef('lc.customer_id', '=', 'p.customer_id')
          .where('lc.login_id', '=', loginId),
      ),
    )
    .executeTakeFirst();
}

export type RangeRow = { registerId: string; first: string; last: string };

/** First and last day with values per register: daily sums or quarter-hour days. */
export async function dayRanges(
  trx: TenantTransaction,
  tenantId: string,
  table: 'consumption_daily' | 'interval_values',
  registerIds: readonly string[],
): Promise<RangeRow[]> {
  if (registerIds.length === 0) return [];
  return trx
    .selectFrom(table)
    .select(['register_id as registerId', (eb) => eb.fn.min<string>('day').as('first'), (eb) => eb.fn.max<string>('day').as('last')])
    .where('tenant_id', '=', tenantId)
    .where('register_id', 'in', registerIds)
    .groupBy('register_id')
    .execute();
}

export async function readingRanges(trx: TenantTransaction, tenantId: string, registerIds: readonly string[]): Promise<RangeRow[]> {
  if (registerIds.length === 0) return [];
  return trx
    .selectFrom('meter_readings')
    .select(['register_id as registerId', (eb) => eb.fn.min<string>('read_on').as('first'), (eb) => eb.fn.max<string>('read_on').as('last')])
    .where('tenant_id', '=', tenantId)
    .where('register_id', 'in', registerIds)
    .where('status', '=', 'accepted')
    .groupBy('register_id')
    .execute();
}

export type DailyRow = { day: string; milli: number; quality: number };

export type ReadingRow = { readOn: string; value: string };

/** The register as one CTE, `reg`: found only at the customer's premises and with the customer linked to the login. */
function linkedRegisterCte(tenantId: string, loginId: string, customerId: string, registerId: string) {
  return sql`reg as (
      select r.id as "registerId", r.obis, r.label, r.unit, r.digits, m.id as "meterId", m.meter_number as "meterNumber",
        m.division, m.meter_kind as "meterKind", m.data_granularity as granularity, m.installed_on as "installedOn",
        m.removed_on as "removedOn", p.id as "premiseId", p.street, p.house_number as "houseNumber",
        p.postal_code as "postalCode", p.city
      from meter_registers r
      join meters m on m.tenant_id = r.tenant_id and m.id = r.meter_id
      join premises p on p.tenant_id = m.tenant_id and p.id = m.premise_id
      where r.tenant_id = ${tenantId} and r.id = ${registerId} and p.customer_id = ${customerId}
        and exists (select 1 from login_customers lc where lc.tenant_id = p.tenant_id and lc.customer_id = p.customer_id and lc.login_id = ${loginId})
    )`;
}

export type SeriesData = { register: RegisterRow; readings: ReadingRow[]; daily: DailyRow[] };

/**
 * Everything the daily series of a register from..to needs, in one round trip (views are read many
 * times a day): the register (if the account may see it), its accepted readings (oldest first, the
 * latest entry of a day last) and its daily values from the last reading before `from` to the first
 * reading on or after `to`, i.e. over the reading periods that overlap the range.
 */
export async function registerSeries(
  trx: TenantTransaction,
  tenantId: string,
  access: { loginId: string; customerId: string },
  registerId: string,
  from: string,
  to: string,
): Promise<SeriesData | undefined> {
  const result = await sql<RegisterRow & { readings: Array<[string, string]>; daily: Array<[string, number, number]> }>`
    with ${linkedRegisterCte(tenantId, access.loginId, access.customerId, registerId)},
    rd as (
      select read_on, value, created_at from meter_readings
      where tenant_id = ${tenantId} and register_id = (select "registerId" from reg) and status = 'accepted'
    ), span as (
      select least(${from}::date, (select max(read_on) + 1 from rd where read_on < ${from}::date)) as lo,
             greatest(${to}::date, (select min(read_on) from rd where read_on >= ${to}::date)) as hi
    )
    select reg.*,
      coalesce((select json_agg(json_build_array(read_on, value::text) order by read_on, created_at) from rd), '[]') as readings,
      coalesce((
        select json_agg(json_build_array(d.day, d.quantity_milli, d.quality) order by d.day)
        from consumption_daily d, span
        where d.tenant_id = ${tenantId} and d.register_id = (select "registerId" from reg) and d.day between span.lo and span.hi
      ), '[]') as daily
    from reg`.execute(trx);
  const row = result.rows[0];
  if (!row) return undefined;
  const { readings, daily, ...register } = row;
  return {
    register,
    readings: readings.map(([readOn, value]) => ({ readOn, value })),
    daily: daily.map(([day, milli, quality]) => ({ day, milli, quality })),
  };
}

export type IntervalData = { register: RegisterRow; days: IntervalRow[] };

/** The register (if the account may see it) and its 15-minute day rows from..to, in one round trip. */
export async function registerIntervals(
  trx: TenantTransaction,
  tenantId: string,
  access: { loginId: string; customerId: string },
  registerId: string,
  from: string,
  to: string,
): Promise<IntervalData | undefined> {
  const result = await sql<RegisterRow & { days: Array<[string, number[], number[] | null]> }>`
    with ${linkedRegisterCte(tenantId, access.loginId, access.customerId, registerId)}
    select reg.*,
      coalesce((
        select json_agg(json_build_array(iv.day, iv.values_milli, iv.quality) order by iv.day)
        from interval_values iv
        where iv.tenant_id = ${tenantId} and iv.register_id = (select "registerId" from reg) and iv.day between ${from}::date and ${to}::date
      ), '[]') as days
    from reg`.execute(trx);
  const row = result.rows[0];
  if (!row) return undefined;
  const { days, ...register } = row;
  return { register, days: days.map(([day, values, quality]) => ({ day, values, quality })) };
}

export type IntervalRow = { day: string; values: number[]; quality: number[] | null };

export async function intervalDays(trx: TenantTransaction, tenantId: string, registerId: string, from: string, to: string): Promise<IntervalRow[]> {
  return trx
    .selectFrom('interval_values')
    .select(['day', 'values_milli as values', 'quality'])
    .where('tenant_id', '=', tenantId)
    .where('register_id', '=', registerId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
}

export type ContractRow = {
  contractId: string;
  contractNumber: string;
  premiseId: string;
  division: string;
  direction: string;
  startDate: string;
  endDate: string | null;
  annualForecastMilli: number | null;
  tariffName: string;
  energyPriceCt: string;
  basePriceCentsPerYear: number;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
};

/** The customer's contracts that supply on or after `from`, with their tariff and premise. */
export async function contractsOfCustomer(trx: TenantTransaction, tenantId: string, customerId: string, from: string): Promise<ContractRow[]> {
  return trx
    .selectFrom('contracts as c')
    .innerJoin('tariffs as t', (join) => join.onRef('t.tenant_id', '=', 'c.tenant_id').onRef('t.id', '=', 'c.tariff_id'))
    .innerJoin('premises as p', (join) => join.onRef('p.tenant_id', '=', 'c.tenant_id').onRef('p.id', '=', 'c.premise_id'))
    .select([
      'c.id as contractId',
      'c.contract_number as contractNumber',
      'c.premise_id as premiseId',
      'c.division',
      'c.direction',
      'c.start_date as startDate',
      'c.end_date as endDate',
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
    .where((eb) => eb.or([eb('c.end_date', 'is', null), eb('c.end_date', '>=', from)]))
    .orderBy('p.street')
    .orderBy('p.house_number')
    .orderBy('c.division')
    .orderBy('c.contract_number')
    .execute();
}

/** The end of the customer's latest annual or final bill period before `before`. */
export async function lastBilledDay(trx: TenantTransaction, tenantId: string, customerId: string, before: string): Promise<string | null> {
  const row = await trx
    .selectFrom('invoices')
    .select((eb) => eb.fn.max<string>('period_end').as('last'))
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'annual')
    .where('period_end', '<', before)
    .executeTakeFirst();
  return row?.last ?? null;
}

export type PlanRow = { contractId: string; amountCents: number; validFrom: string; validTo: string | null; dueDay: number };

export async function instalmentPlans(trx: TenantTransaction, tenantId: string, contractIds: readonly string[]): Promise<PlanRow[]> {
  if (contractIds.length === 0) return [];
  return trx
    .selectFrom('instalment_plans')
    .select(['contract_id as contractId', 'amount_cents as amountCents', 'valid_from as validFrom', 'valid_to as validTo', 'due_day as dueDay'])
    .where('tenant_id', '=', tenantId)
    .where('contract_id', 'in', contractIds)
    .orderBy('valid_from')
    .orderBy('created_at')
    .execute();
}

export type InstalmentRow = { dueDate: string; cleared: boolean };

/** The instalments booked on the customer's account with a due date in from..to. */
export async function bookedInstalments(trx: TenantTransaction, tenantId: string, customerId: string, from: string, to: string): Promise<InstalmentRow[]> {
  const rows = await trx
    .selectFrom('account_transactions')
    .select(['due_date as dueDate', 'cleared'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('kind', '=', 'instalment')
    .where('due_date', '>=', from)
    .where('due_date', '<=', to)
    .orderBy('due_date')
    .execute();
  return rows.flatMap((row) => (row.dueDate === null ? [] : [{ dueDate: row.dueDate, cleared: row.cleared }]));
}
