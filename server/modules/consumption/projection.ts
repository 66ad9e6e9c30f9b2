// Cost projection of a billing year (DOMAIN.md §4): the consumption measured so far, extrapolated to
// the whole year with the seasonal profile, times the tariff, plus the base price for the days
// supplied, against the instalments of the year: the expected additional payment or credit.
// Pure functions on epoch days; the service loads the rows.
import type { TInstalmentSummary } from '../../../api/consumption.ts';
import { addMonths, civil, dayOf } from './calendar.ts';

/**
 * Below this many measured days the consumption so far says too little about the year (one cold
 * fortnight in January would double the projection): the rest then comes from the utility's
 * annual forecast instead.
 */
export const MIN_MEASURED_DAYS = 60;

export type ConsumptionProjection = { projectedMilli: number; basis: 'measured' | 'forecast' };

/**
 * The expected consumption of the days from..to: what was measured on `measuredDays` plus, for the
 * other days, the measured rate (consumption per share of the year, by the seasonal profile) or,
 * with fewer than MIN_MEASURED_DAYS measured, the annual forecast's share of those days.
 */
export function projectConsumption(input: {
  /** A day's share of its year by the seasonal profile (readings/profile.ts dayShare). */
  share: (day: number) => number;
  from: number;
  to: number;
  actualMilli: number;
  measuredDays: ReadonlySet<number>;
  annualForecastMilli: number | null;
}): ConsumptionProjection {
  let measuredShare = 0;
  let openShare = 0;
  let measured = 0;
  for (let day = input.from; day <= input.to; day++) {
    const share = input.share(day);
    if (input.measuredDays.has(day)) {
      measuredShare += share;
      measured += 1;
    } else {
      openShare += share;
    }
  }
  const useForecast = input.annualForecastMilli !== null && (measured < MIN_MEASURED_DAYS || measuredShare === 0);
  if (useForecast) {
    return { projectedMilli: Math.round(input.actualMilli + (input.annualForecastMilli ?? 0) * openShare), basis: 'forecast' };
  }
  const rate = measuredShare > 0 ? input.actualMilli / measuredShare : 0;
  return { projectedMilli: Math.round(input.actualMilli + rate * openShare), basis: 'measured' };
}

/**
 * Gross cost in cents: consumption (milli-units) x energy price (ct per unit) + the base price for
 * the days supplied out of the days of the billing year.
 */
export function projectedCostCents(projectedMilli: number, energyPriceCt: number, basePriceCentsPerYear: number, suppliedDays: number, billingYearDays: number): number {
  return Math.round((projectedMilli / 1000) * energyPriceCt) + Math.round((basePriceCentsPerYear * suppliedDays) / billingYearDays);
}

export type Plan = { amountCents: number; validFrom: number; validTo: number | null; dueDay: number };

/** The plan valid on a day: the latest one that started on or before it and has not ended. */
export function planOn(plans: readonly Plan[], day: number): Plan | null {
  let found: Plan | null = null;
  for (const plan of plans) {
    if (plan.validFrom <= day && (plan.validTo === null || plan.validTo >= day)) found = plan;
  }
  return found;
}

/**
 * The instalments of a contract in a billing year. Due dates come from the customer's account where
 * they are booked (the account shows which months had an instalment); later months follow the plan
 * (monthly on its due day). Without any booking the year follows the plan from its start, skipping
 * the first month when the utility collects 11 instalments (the 12th month is the annual bill).
 * A booked instalment not yet cleared is open; due dates without a booking count as paid.
 */
export function instalmentSummary(input: {
  plans: readonly Plan[];
  booked: ReadonlyMap<number, boolean>;
  billing: { from: number; to: number };
  supplied: { from: number; to: number };
  today: number;
  instalmentsPerYear: 11 | 12;
}): TInstalmentSummary {
  const { plans, booked, billing, supplied, today } = input;
  const dates = new Map<number, { cleared: boolean | null }>();
  let lastBooked: number | null = null;
  for (const [day, cleared] of booked) {
    if (day < billing.from || day > billing.to) continue;
    dates.set(day, { cleared });
    lastBooked = lastBooked === null ? day : Math.max(lastBooked, day);
  }
  const start = civil(lastBooked === null ? billing.from : lastBooked);
  const end = civil(billing.to);
  const months = (end.year - start.year) * 12 + (end.month - start.month);
  for (let i = lastBooked === null ? 0 : 1; i <= months; i++) {
    if (lastBooked === null && i === 0 && input.instalmentsPerYear === 11) continue;
    const { year, month } = addMonths(start.year, start.month, i);
    const dueDay = planOn(plans, dayOf(year, month, 1))?.dueDay ?? plans.at(-1)?.dueDay ?? 15;
    const due = dayOf(year, month, dueDay);
    if (due < billing.from || due > billing.to || (lastBooked !== null && due <= lastBooked)) continue;
    dates.set(due, { cleared: null });
  }
  const summary: TInstalmentSummary = { totalCents: 0, count: 0, paidCents: 0, openCents: 0, upcomingCents: 0, upcomingCount: 0, currentAmountCents: planOn(plans, today)?.amountCents ?? null };
  for (const [due, { cleared }] of [...dates.entries()].sort((a, b) => a[0] - b[0])) {
    if (due < supplied.from || due > supplied.to) continue;
    const amount = planOn(plans, due)?.amountCents ?? 0;
    if (amount === 0) continue;
    summary.totalCents += amount;
    summary.count += 1;
    if (due > today) {
      summary.upcomingCents += amount;
      summary.upcomingCount += 1;
    } else if (cleared === false) {
      summary.openCents += amount;
    } else {
      summary.paidCents += amount;
    }
  }
  return summary;
}
