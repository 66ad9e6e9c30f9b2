// Consumption (Verbrauch): the meters of the selected customer account with the data they have,
// yearly / monthly / daily / 15-minute values with the previous year, downloads and the cost
// projection per contract. Shared by the server (validation, OpenAPI) and the web app.
// Quantities are integer milli-units of the register unit (Wh for kWh, litres for m³) unless a
// field says otherwise; dates are YYYY-MM-DD in the utility's time zone; money in integer cents.
import { z } from 'zod';
import { ZDivision } from './tenant.ts';

export const ZDate = z.iso.date();
export const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM');

/** The longest range of 15-minute values one view request returns (a month). */
export const INTERVAL_VIEW_MAX_DAYS = 31;
/** The longest range of 15-minute values one download returns (a year, streamed month by month). */
export const INTERVAL_EXPORT_MAX_DAYS = 366;
/** Years a view may ask for. */
export const MIN_YEAR = 2000;

export const ZRegisterUnit = z.enum(['kWh', 'm3']);
export type TRegisterUnit = z.infer<typeof ZRegisterUnit>;

/** Where a value comes from: measured daily values, or the consumption between two meter readings. */
export const ZValueSource = z.enum(['daily', 'readings']);
export type TValueSource = z.infer<typeof ZValueSource>;

/** A date range (inclusive) or null when there is no such data. */
export const ZDateRange = z.object({ from: ZDate, to: ZDate });
export type TDateRange = z.infer<typeof ZDateRange>;

export const ZConsumptionRegister = z.object({
  id: z.uuid(),
  /** OBIS code, e.g. 1-0:1.8.0 (import), 1-0:1.8.1 (HT), 7-0:3.0.0 (gas volume). */
  obis: z.string(),
  /** The utility's name of the register (e.g. "Hochtarif (HT)"), if any. */
  label: z.string().nullable(),
  unit: ZRegisterUnit,
  /** Feed-in (Einspeisung, OBIS 2.8.x) rather than consumption. */
  feedIn: z.boolean(),
  /** Measured daily values (smart meters), first and last day. */
  daily: ZDateRange.nullable(),
  /** 15-minute values, first and last day. */
  intervals: ZDateRange.nullable(),
  /** Accepted meter readings, first and last reading date. */
  readings: ZDateRange.nullable(),
});
export type TConsumptionRegister = z.infer<typeof ZConsumptionRegister>;

export const ZConsumptionMeter = z.object({
  id: z.uuid(),
  meterNumber: z.string(),
  division: ZDivision,
  kind: z.enum(['conventional', 'modern', 'smart']),
  granularity: z.enum(['OPT_OUT', 'DAILY', 'QUARTER_HOUR']).nullable(),
  installedOn: ZDate,
  /** Set when the meter was exchanged or removed; its values end there. */
  removedOn: ZDate.nullable(),
  registers: z.array(ZConsumptionRegister),
});
export type TConsumptionMeter = z.infer<typeof ZConsumptionMeter>;

export const ZConsumptionPremise = z.object({
  id: z.uuid(),
  /** "Hauptstraße 5, 12345 Teststadt" */
  address: z.string(),
  meters: z.array(ZConsumptionMeter),
});
export type TConsumptionPremise = z.infer<typeof ZConsumptionPremise>;

/** Gas: kWh = m³ x calorific value (Brennwert) x Zustandszahl, the utility's values. */
export const ZGasConversion = z.object({
  calorificValue: z.number(),
  zNumber: z.number(),
  /** calorificValue x zNumber: kWh per m³. */
  factor: z.number(),
});
export type TGasConversion = z.infer<typeof ZGasConversion>;

export const ZConsumptionOverview = z.object({
  /** Today in the utility's time zone. */
  today: ZDate,
  timeZone: z.string(),
  gasConversion: ZGasConversion,
  premises: z.array(ZConsumptionPremise),
});
export type TConsumptionOverview = z.infer<typeof ZConsumptionOverview>;

/** One aggregated value: a year, a month or a day. */
export const ZPeriodValue = z.object({
  /** YYYY, YYYY-MM or YYYY-MM-DD */
  period: z.string(),
  /** null: no data for this period. */
  milli: z.number().int().nullable(),
  /** Days with a value / days in the period (a month or year still running counts its days so far). */
  daysWithData: z.number().int(),
  days: z.number().int(),
  /** Where the values come from; 'readings': distributed over the days by the seasonal profile. */
  sources: z.array(ZValueSource),
  /** Contains substitute or provisional values (quality other than a true value). */
  substitute: z.boolean(),
});
export type TPeriodValue = z.infer<typeof ZPeriodValue>;

/** Comparison with the previous year over the same calendar days (only days with data in both). */
export const ZComparison = z.object({
  currentMilli: z.number().int(),
  previousMilli: z.number().int(),
  /** Days compared. */
  days: z.number().int(),
});
export type TComparison = z.infer<typeof ZComparison>;

export const ZYearsView = z.object({
  unit: ZRegisterUnit,
  years: z.array(ZPeriodValue),
});
export type TYearsView = z.infer<typeof ZYearsView>;

export const ZYearView = z.object({
  year: z.number().int(),
  unit: ZRegisterUnit,
  months: z.array(ZPeriodValue),
  previousMonths: z.array(ZPeriodValue),
  totalMilli: z.number().int().nullable(),
  previousTotalMilli: z.number().int().nullable(),
  comparison: ZComparison.nullable(),
});
export type TYearView = z.infer<typeof ZYearView>;

export const ZMonthView = z.object({
  month: ZMonth,
  unit: ZRegisterUnit,
  days: z.array(ZPeriodValue),
  totalMilli: z.number().int().nullable(),
  /** The same month a year earlier. */
  previous: ZPeriodValue,
  comparison: ZComparison.nullable(),
});
export type TMonthView = z.infer<typeof ZMonthView>;

/** Quality codes of 15-minute values: 220 true value, 67 substitute, 201 proposed, 20 provisional, 30 missing. */
export const ZIntervalDay = z.object({
  date: ZDate,
  /** Local midnight starting the day, as an instant (ISO 8601, UTC); value i starts 15 min x i later. */
  start: z.string(),
  /** 96, or 92/100 on the days the clocks change. */
  values: z.array(z.number().int()),
  /** One code per value; null when all are true values (220). */
  quality: z.array(z.number().int()).nullable(),
  totalMilli: z.number().int(),
});
export type TIntervalDay = z.infer<typeof ZIntervalDay>;

export const ZIntervalView = z.object({
  from: ZDate,
  to: ZDate,
  unit: ZRegisterUnit,
  timeZone: z.string(),
  /** Days with 15-minute values, in order; days without are left out. */
  days: z.array(ZIntervalDay),
});
export type TIntervalView = z.infer<typeof ZIntervalView>;

export const ZExportLocale = z.enum(['de', 'en']).optional();

export const ZYearQuery = z.strictObject({ year: z.coerce.number().int() });
export const ZMonthQuery = z.strictObject({ month: ZMonth });
export const ZRangeQuery = z.strictObject({ from: ZDate, to: ZDate });
export const ZExportQuery = z.strictObject({ locale: ZExportLocale });
export const ZIntervalExportQuery = z.strictObject({ from: ZDate, to: ZDate, locale: ZExportLocale });

export const ZInstalmentSummary = z.object({
  /** Every instalment of the billing year (paid, due and still to come). */
  totalCents: z.number().int(),
  count: z.number().int(),
  /** Instalments due so far that were paid. */
  paidCents: z.number().int(),
  /** Instalments due so far that are still open. */
  openCents: z.number().int(),
  /** Instalments still to come this billing year. */
  upcomingCents: z.number().int(),
  upcomingCount: z.number().int(),
  /** The current instalment per month, if a plan is valid today. */
  currentAmountCents: z.number().int().nullable(),
});
export type TInstalmentSummary = z.infer<typeof ZInstalmentSummary>;

export const ZProjection = z.object({
  contractId: z.uuid(),
  contractNumber: z.string(),
  division: ZDivision,
  premiseAddress: z.string(),
  tariffName: z.string(),
  /** The billing year the projection is for (the day after the last annual bill, one year). */
  billingPeriod: ZDateRange,
  /** Billing unit: kWh (electricity, gas, heat) or m³ (water). */
  unit: ZRegisterUnit,
  /** Consumption measured so far this billing year, in milli-units of the billing unit. */
  consumptionSoFarMilli: z.number().int(),
  /** Gas: the same in m³ (milli). */
  consumptionSoFarM3Milli: z.number().int().nullable(),
  /** The last day with measured values (daily values or a reading), null without any. */
  measuredUntil: ZDate.nullable(),
  /** Expected consumption of the whole billing year, milli-units of the billing unit. */
  projectedMilli: z.number().int(),
  /**
   * 'measured': consumption so far, extrapolated with the seasonal profile; 'forecast': too little
   * measured so far, the rest comes from the utility's annual forecast.
   */
  basis: z.enum(['measured', 'forecast']),
  /** The utility's annual forecast of the contract (milli-units of the billing unit). */
  annualForecastMilli: z.number().int().nullable(),
  /** Gross prices of the tariff. */
  energyPriceCt: z.number(),
  basePriceCentsPerYear: z.number().int(),
  /** Expected cost of the billing year: consumption x energy price + base price for the days supplied. */
  projectedCostCents: z.number().int(),
  instalments: ZInstalmentSummary,
  /** projectedCostCents - instalments.totalCents: > 0 expected additional payment, < 0 expected credit. */
  expectedBalanceCents: z.number().int(),
  gasConversion: ZGasConversion.nullable(),
});
export type TProjection = z.infer<typeof ZProjection>;

export const ZProjections = z.object({ today: ZDate, projections: z.array(ZProjection) });
export type TProjections = z.infer<typeof ZProjections>;
