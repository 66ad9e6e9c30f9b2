// Contracts and products of the selected customer account, grouped by consumption point: the
// prices that apply today (gross, as a household price sheet shows them, with the VAT rate and the
// net price), term and notice with the earliest possible end, instalment and meters.
import { localDate } from '../../clock.ts';
import type { TContract, TContractMeter, TContractPremise, TContractStatus, TContractsOverview, TPriceSet } from '../../../api/contracts.ts';
import { ZContractDirection } from '../../../api/contracts.ts';
import { ZDivision, type TDivision } from '../../../api/tenant.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { selectedCustomer, type AuthContext } from '../identity/sessions.ts';
import { earliestEnd, eegRemunerationEnd } from './calendar.ts';
import * as repo from './contracts.repository.ts';

/**
 * Standard VAT rates included in the stored (gross) tariff prices: electricity, gas and heat at the
 * standard rate, drinking water at the reduced rate (DE § 12 UStG, AT § 10 UStG).
 */
const vatRates: Record<'DE' | 'AT', Record<TDivision, number>> = {
  DE: { electricity: 19, gas: 19, heat: 19, water: 7 },
  AT: { electricity: 20, gas: 20, heat: 20, water: 10 },
};

export function vatPercentFor(country: 'DE' | 'AT', division: TDivision): number {
  return vatRates[country][division];
}

const divisionOrder: readonly TDivision[] = ['electricity', 'gas', 'water', 'heat'];
const statusOrder: readonly TContractStatus[] = ['active', 'upcoming', 'ended'];

export function statusOf(contract: { startDate: string; endDate: string | null }, today: string): TContractStatus {
  if (contract.endDate !== null && contract.endDate < today) return 'ended';
  if (contract.startDate > today) return 'upcoming';
  return 'active';
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

function priceSet(version: repo.TariffVersionRow, vatPercent: number | null): TPriceSet {
  const energyCt = Number(version.energyCt);
  const divisor = vatPercent === null ? null : 1 + vatPercent / 100;
  return {
    validFrom: version.validFrom,
    energyCt,
    energyNetCt: divisor === null ? null : round(energyCt / divisor, 4),
    baseCentsPerYear: version.baseCentsPerYear,
    baseNetCentsPerYear: divisor === null ? null : Math.round(version.baseCentsPerYear / divisor),
    vatPercent,
  };
}

/** Feed-in registers (OBIS x-x:2.8.x) for feed-in contracts, the others for consumption. */
function registersFor(direction: 'consumption' | 'feed_in', registers: repo.RegisterRow[]): repo.RegisterRow[] {
  const feedIn = registers.filter((r) => /:2\.8\./.test(r.obis));
  const consumption = registers.filter((r) => !/:2\.8\./.test(r.obis));
  const wanted = direction === 'feed_in' ? feedIn : consumption;
  return wanted.length > 0 ? wanted : registers;
}

function address(premise: repo.PremiseRow): string {
  return `${premise.street} ${premise.houseNumber}, ${premise.postalCode} ${premise.city}`;
}

function meterKind(kind: string): TContractMeter['kind'] {
  return kind === 'smart' || kind === 'modern' ? kind : 'conventional';
}

/** The contracts page: every consumption point of the selected account with its contracts. */
export async function contractsOverview(database: Database, auth: AuthContext, now: Date): Promise<TContractsOverview> {
  const tenant = auth.tenant;
  const tenantId = tenant.id;
  const today = localDate(now, tenant.config.timeZone);
  return withTenant(database, tenantId, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const contracts = await repo.listContracts(trx, tenantId, customerId);
    const premises = await repo.listPremises(trx, tenantId, customerId);
    const plans = await repo.listInstalmentPlans(trx, tenantId, customerId);
    const versions = await repo.listTariffVersions(trx, tenantId, [...new Set(contracts.map((c) => c.tariffCode))]);
    const meters = await repo.listMeters(trx, tenantId, customerId);
    const registers = await repo.listRegisters(trx, tenantId, meters.map((m) => m.id));

    const present = (row: repo.ContractRow): TContract => {
      const division = ZDivision.parse(row.division);
      const direction = ZContractDirection.parse(row.direction);
      const feedIn = direction === 'feed_in';
      const status = statusOf(row, today);
      // The day the facts refer to: today, the first day of an upcoming contract, the last of an ended one.
      const day = status === 'ended' && row.endDate ? row.endDate : status === 'upcoming' ? row.startDate : today;
      const vatPercent = feedIn ? null : vatPercentFor(tenant.config.country, division);
      const ownVersion: repo.TariffVersionRow = {
        code: row.tariffCode,
        name: row.tariffName,
        validFrom: row.tariffValidFrom,
        energyCt: row.tariffEnergyCt,
        baseCentsPerYear: row.tariffBaseCentsPerYear,
      };
      const productVersions = versions.filter((v) => v.code === row.tariffCode);
      const current = productVersions.filter((v) => v.validFrom <= day).at(-1) ?? ownVersion;
      const next = status === 'ended' ? undefined : productVersions.find((v) => v.validFrom > day);
      const plan = feedIn || status === 'ended' ? undefined : plans.filter((p) => p.contractId === row.id && p.validFrom <= day && (p.validTo === null || p.validTo >= day)).at(-1);
      const term = !feedIn && status !== 'ended' && row.endDate === null ? earliestEnd(row, today) : null;
      const contractMeters = meters.filter(
        (m) => m.premiseId === row.premiseId && m.division === division && (status === 'upcoming' || m.installedOn <= day) && (m.removedOn === null || m.removedOn >= day),
      );
      return {
        id: row.id,
        contractNumber: row.contractNumber,
        division,
        direction,
        status,
        product: { code: current.code, name: current.name },
        unit: division === 'water' ? 'm3' : 'kWh',
        prices: priceSet(current, vatPercent),
        nextPrices: next ? priceSet(next, vatPercent) : null,
        startDate: row.startDate,
        endDate: row.endDate,
        minimumTermMonths: row.minimumTermMonths,
        minimumTermEnd: term?.minimumTermEnd ?? null,
        noticePeriodWeeks: row.noticePeriodWeeks,
        earliestEndDate: term?.earliestEnd ?? null,
        noticeDeadline: term?.noticeDeadline ?? null,
        remunerationEnd: feedIn && tenant.config.country === 'DE' ? eegRemunerationEnd(row.startDate) : null,
        annualForecast: row.annualForecastMilli === null ? null : row.annualForecastMilli / 1000,
        instalment: plan ? { amountCents: plan.amountCents, validFrom: plan.validFrom, dueDay: plan.dueDay } : null,
        meters: contractMeters.map((m) => ({
          meterNumber: m.meterNumber,
          kind: meterKind(m.kind),
          meteringPointId: m.meteringPointId,
          installedOn: m.installedOn,
          registers: registersFor(
            direction,
            registers.filter((r) => r.meterId === m.id),
          ).map((r) => ({ obis: r.obis, label: r.label, unit: r.unit === 'm3' ? 'm3' : 'kWh' })),
        })),
      };
    };

    const order = (a: TContract, b: TContract): number =>
      statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) ||
      divisionOrder.indexOf(a.division) - divisionOrder.indexOf(b.division) ||
      a.direction.localeCompare(b.direction) ||
      b.startDate.localeCompare(a.startDate);
    const result: TContractPremise[] = [];
    for (const premise of premises) {
      const own = contracts.filter((c) => c.premiseId === premise.id).map(present).sort(order);
      if (own.length > 0) result.push({ id: premise.id, address: address(premise), maloId: premise.maloId, contracts: own });
    }
    // Consumption points with a running contract first.
    result.sort((a, b) => Number(b.contracts.some((c) => c.status !== 'ended')) - Number(a.contracts.some((c) => c.status !== 'ended')));
    return { today, gasConversion: tenant.config.gasConversion, premises: result };
  });
}
