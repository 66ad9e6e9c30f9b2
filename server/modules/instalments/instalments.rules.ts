// The arithmetic of instalments, free of I/O: due dates of instalment plans, the limits of a change
// and the recommended amount (DOMAIN.md §4). Dates are calendar dates `YYYY-MM-DD`.
import type { TInstalmentRecommendation } from '../../../api/instalments.ts';

export type Plan = { amountCents: number; validFrom: string; validTo: string | null; dueDay: number };

function isoOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function partsOf(iso: string): { year: number; month: number; day: number } {
  const [year = 0, month = 1, day = 1] = iso.split('-').map(Number);
  return { year, month, day };
}

/** A real calendar date in `YYYY-MM-DD` form (not 2027-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const { year, month, day } = partsOf(value);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 1900;
}

export function addDays(iso: string, days: number): string {
  const { year, month, day } = partsOf(iso);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The month (1-12) of a date. */
export function monthOf(iso: string): number {
  return partsOf(iso).month;
}

/** The same day `months` months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const { year, month, day } = partsOf(iso);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return isoOf(targetYear, targetMonth, Math.min(day, lastDay));
}

export type DueDate = { date: string; amountCents: number };

/**
 * The due dates of a contract's plans from `from` to `until` (both inclusive), oldest first: the plan's
 * due day in every month of its validity, except `monthWithout` (the month of the annual bill when
 * there are 11 instalments a year).
 */
export function dueDates(plans: readonly Plan[], from: string, until: string, monthWithout: number | null): DueDate[] {
  const result: DueDate[] = [];
  for (const plan of plans) {
    const start = plan.validFrom > from ? plan.validFrom : from;
    const end = plan.validTo !== null && plan.validTo < until ? plan.validTo : until;
    if (start > end) continue;
    const first = partsOf(start);
    for (let month = isoOf(first.year, first.month, 1); month <= end; month = addMonths(month, 1)) {
      const { year, month: m } = partsOf(month);
      if (m === monthWithout) continue;
      const date = isoOf(year, m, plan.dueDay);
      if (date >= start && date <= end) result.push({ date, amountCents: plan.amountCents });
    }
  }
  return result.sort((a, b) => a.date.localeCompare(b.date));
}

/** The plan in force on `day`, else the next one to start (a contract that begins later), else null. */
export function planOn(plans: readonly Plan[], day: string): Plan | null {
  const current = plans.find((plan) => plan.validFrom <= day && (plan.validTo === null || plan.validTo >= day));
  if (current) return current;
  return [...plans].filter((plan) => plan.validFrom > day).sort((a, b) => a.validFrom.localeCompare(b.validFrom))[0] ?? null;
}

/** The amounts a change may ask for: the current amount -maxDecrease % (rounded up) to +maxIncrease % (rounded down). */
export function changeLimits(currentCents: number, limits: { maxIncreasePercent: number; maxDecreasePercent: number }): { minCents: number; maxCents: number } {
  return {
    minCents: Math.ceil((currentCents * (100 - limits.maxDecreasePercent)) / 100),
    maxCents: Math.floor((currentCents * (100 + limits.maxIncreasePercent)) / 100),
  };
}

/** A numeric(…, 4) price as text ("32.0000") in ten-thousandths of a cent, exactly. */
function tenThousandths(price: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(price.trim());
  if (!match) throw new Error(`not a price: ${price}`);
  return BigInt(match[1] ?? '0') * 10_000n + BigInt((match[2] ?? '').padEnd(4, '0'));
}

function divideRounded(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * DOMAIN.md §4: annual cost = forecast x energy price + base price (gross); instalment = annual cost /
 * k, rounded up to whole euros. Exact integer arithmetic: the forecast in milli-units (Wh, litres),
 * the price in cent per unit with four decimals. 2,500 kWh, 32.00 ct, 150 EUR -> 80 EUR (k=12), 87 EUR (k=11).
 */
export function recommendInstalment(input: {
  forecastMilli: number;
  unit: 'kWh' | 'm3';
  energyPriceCt: string;
  basePriceCentsPerYear: number;
  instalmentsPerYear: 11 | 12;
  limits: { minCents: number; maxCents: number } | null;
}): TInstalmentRecommendation {
  const price = tenThousandths(input.energyPriceCt);
  const k = BigInt(input.instalmentsPerYear);
  // Amounts in 1e-7 cent: forecast (1e-3 unit) x price (1e-4 ct per unit).
  const energy = BigInt(input.forecastMilli) * price;
  const annual = energy + BigInt(input.basePriceCentsPerYear) * 10_000_000n;
  const perInstalmentEuroUnit = 10_000_000n * 100n * k;
  const amountCents = Number((annual + perInstalmentEuroUnit - 1n) / perInstalmentEuroUnit) * 100;
  const energyCostCents = Number(divideRounded(energy, 10_000_000n));
  return {
    amountCents,
    forecast: input.forecastMilli / 1000,
    unit: input.unit,
    energyPriceCt: Number(price) / 10_000,
    basePriceCentsPerYear: input.basePriceCentsPerYear,
    energyCostCents,
    annualCostCents: energyCostCents + input.basePriceCentsPerYear,
    instalmentsPerYear: input.instalmentsPerYear,
    exactCents: Number(divideRounded(annual, 10_000_000n * k)),
    withinLimits: input.limits === null || (amountCents >= input.limits.minCents && amountCents <= input.limits.maxCents),
  };
}
