// Test fixtures for the supply of a customer: a consumption point (premise) with a contract on a
// tariff and a meter with its registers. Self-service modules build their own rows (readings,
// invoices, …) on top of these; every id is returned so tests can also try them from another account.
import type { TDivision } from '../api/tenant.ts';
import { withTenant, type Database } from '../server/db/database.ts';
import type { Tenant } from '../server/modules/tenants/tenants.service.ts';

export type RegisterSpec = { obis: string; label?: string | null; unit?: 'kWh' | 'm3'; digits?: number; decimals?: number };

export type SupplySpec = {
  division?: TDivision;
  /** The consumption point's address (default Lindenweg 3, 12345 Teststadt). */
  street?: string;
  houseNumber?: string;
  maloId?: string | null;
  meterNumber?: string;
  meterKind?: 'conventional' | 'modern' | 'smart';
  dataGranularity?: 'OPT_OUT' | 'DAILY' | 'QUARTER_HOUR' | null;
  installedOn?: string;
  /** Default: one register 1-0:1.8.0 (electricity, kWh, 6 digits) or the division's usual one. */
  registers?: readonly RegisterSpec[];
  tariff?: { code?: string; name?: string; energyPriceCt?: string; basePriceCentsPerYear?: number; validFrom?: string };
  contract?: { number?: string; startDate?: string; endDate?: string | null; annualForecastKwh?: number; minimumTermMonths?: number; noticePeriodWeeks?: number };
  /** Instalment plan of the contract (cents per month from validFrom), none when omitted. */
  instalment?: { amountCents: number; validFrom: string; dueDay?: number };
};

export type Supply = { premiseId: string; tariffId: string; contractId: string; meterId: string; registerIds: string[] };

const defaultRegisters: Record<TDivision, RegisterSpec> = {
  electricity: { obis: '1-0:1.8.0', unit: 'kWh', digits: 6 },
  gas: { obis: '7-0:3.0.0', unit: 'm3', digits: 5, decimals: 3 },
  water: { obis: '8-0:1.0.0', unit: 'm3', digits: 5, decimals: 3 },
  heat: { obis: '6-0:1.0.0', unit: 'kWh', digits: 7 },
};

let sequence = 0;
function next(prefix: string): string {
  sequence += 1;
  return `${prefix}${String(Date.now() % 1_000_000).padStart(6, '0')}${String(sequence).padStart(4, '0')}`;
}

/** Adds a consumption point with contract, tariff, meter and registers to a customer. */
export async function addSupply(database: Database, tenant: Tenant, customerId: string, spec: SupplySpec = {}): Promise<Supply> {
  const division = spec.division ?? 'electricity';
  return withTenant(database, tenant.id, async (trx) => {
    const premise = await trx
      .insertInto('premises')
      .values({
        tenant_id: tenant.id,
        customer_id: customerId,
        street: spec.street ?? 'Lindenweg',
        house_number: spec.houseNumber ?? '3',
        postal_code: '12345',
        city: 'Teststadt',
        country: 'DE',
        malo_id: spec.maloId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const tariff = await trx
      .insertInto('tariffs')
      .values({
        tenant_id: tenant.id,
        code: spec.tariff?.code ?? next('T'),
        name: spec.tariff?.name ?? 'Stadtstrom Basis',
        division,
        energy_price_ct: spec.tariff?.energyPriceCt ?? '32.0000',
        base_price_cents_per_year: spec.tariff?.basePriceCentsPerYear ?? 15_000,
        valid_from: spec.tariff?.validFrom ?? '2020-01-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const contract = await trx
      .insertInto('contracts')
      .values({
        tenant_id: tenant.id,
        contract_number: spec.contract?.number ?? next('V'),
        customer_id: customerId,
        premise_id: premise.id,
        division,
        tariff_id: tariff.id,
        start_date: spec.contract?.startDate ?? '2020-01-01',
        end_date: spec.contract?.endDate ?? null,
        minimum_term_months: spec.contract?.minimumTermMonths ?? 12,
        notice_period_weeks: spec.contract?.noticePeriodWeeks ?? 4,
        annual_forecast_milli: (spec.contract?.annualForecastKwh ?? 2500) * 1000,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const meter = await trx
      .insertInto('meters')
      .values({
        tenant_id: tenant.id,
        premise_id: premise.id,
        meter_number: spec.meterNumber ?? next('1ESY'),
        division,
        meter_kind: spec.meterKind ?? 'conventional',
        data_granularity: spec.dataGranularity ?? null,
        installed_on: spec.installedOn ?? '2020-01-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const registerIds: string[] = [];
    for (const register of spec.registers ?? [defaultRegisters[division]]) {
      const row = await trx
        .insertInto('meter_registers')
        .values({
          tenant_id: tenant.id,
          meter_id: meter.id,
          obis: register.obis,
          label: register.label ?? null,
          unit: register.unit ?? defaultRegisters[division].unit ?? 'kWh',
          digits: register.digits ?? 6,
          decimals: register.decimals ?? 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      registerIds.push(row.id);
    }
    if (spec.instalment) {
      await trx
        .insertInto('instalment_plans')
        .values({
          tenant_id: tenant.id,
          contract_id: contract.id,
          amount_cents: spec.instalment.amountCents,
          valid_from: spec.instalment.validFrom,
          due_day: spec.instalment.dueDay ?? 15,
        })
        .execute();
    }
    return { premiseId: premise.id, tariffId: tariff.id, contractId: contract.id, meterId: meter.id, registerIds };
  });
}
