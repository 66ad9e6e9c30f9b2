// Contracts and products of the selected customer account, per consumption point (Verbrauchsstelle):
// product and prices, term and notice with the earliest possible end, instalment and meters.
// Shared by server and web.
import { z } from 'zod';
import { ZDivision } from './tenant.ts';

export const ZContractDirection = z.enum(['consumption', 'feed_in']);
export type TContractDirection = z.infer<typeof ZContractDirection>;

/** active: supplied today; upcoming: starts later; ended: its end date has passed. */
export const ZContractStatus = z.enum(['active', 'upcoming', 'ended']);
export type TContractStatus = z.infer<typeof ZContractStatus>;

export const ZPriceSet = z.object({
  /** The date from which these prices apply. */
  validFrom: z.iso.date(),
  /**
   * Energy price in cents per `unit` (Arbeitspreis per kWh; Mengenpreis per m³ for water), as the
   * customer pays it: gross for consumption, the remuneration rate for feed-in.
   */
  energyCt: z.number(),
  /** The same without VAT (null for feed-in, where no VAT is included). */
  energyNetCt: z.number().nullable(),
  /** Base price (Grundpreis) per year, gross; 0 when there is none. */
  baseCentsPerYear: z.number().int(),
  baseNetCentsPerYear: z.number().int().nullable(),
  /** VAT rate included in the gross prices (null for feed-in). */
  vatPercent: z.number().nullable(),
});
export type TPriceSet = z.infer<typeof ZPriceSet>;

export const ZContractMeter = z.object({
  meterNumber: z.string(),
  kind: z.enum(['conventional', 'modern', 'smart']),
  /** Zählpunkt (MeLo-ID / Zählpunktbezeichnung), where known. */
  meteringPointId: z.string().nullable(),
  installedOn: z.iso.date(),
  registers: z.array(z.object({ obis: z.string(), label: z.string().nullable(), unit: z.enum(['kWh', 'm3']) })),
});
export type TContractMeter = z.infer<typeof ZContractMeter>;

export const ZContract = z.object({
  id: z.uuid(),
  contractNumber: z.string(),
  division: ZDivision,
  direction: ZContractDirection,
  status: ZContractStatus,
  product: z.object({ code: z.string(), name: z.string() }),
  /** Unit the energy price refers to. */
  unit: z.enum(['kWh', 'm3']),
  /** The prices that apply today (or at the start of an upcoming contract). */
  prices: ZPriceSet,
  /** Announced new prices (a price change with a later date), if any. */
  nextPrices: ZPriceSet.nullable(),
  startDate: z.iso.date(),
  endDate: z.iso.date().nullable(),
  /** Mindestlaufzeit in months (0 = none) and its last day. */
  minimumTermMonths: z.number().int(),
  minimumTermEnd: z.iso.date().nullable(),
  /** Kündigungsfrist in weeks. */
  noticePeriodWeeks: z.number().int(),
  /**
   * The earliest day the contract can end if notice is given today (null when it has an end date
   * already, and for feed-in); with `noticeDeadline`, the last day to give notice for that end when
   * the minimum term still binds.
   */
  earliestEndDate: z.iso.date().nullable(),
  noticeDeadline: z.iso.date().nullable(),
  /** Feed-in in Germany: the EEG remuneration is paid until the end of this day (20 years after commissioning). */
  remunerationEnd: z.iso.date().nullable(),
  /** Expected annual quantity in `unit` (what the instalment is based on). */
  annualForecast: z.number().nullable(),
  /** The instalment plan in force (consumption contracts). */
  instalment: z.object({ amountCents: z.number().int(), validFrom: z.iso.date(), dueDay: z.number().int() }).nullable(),
  meters: z.array(ZContractMeter),
});
export type TContract = z.infer<typeof ZContract>;

export const ZContractPremise = z.object({
  id: z.uuid(),
  /** "Hauptstraße 5, 12345 Teststadt" */
  address: z.string(),
  /** Marktlokations-ID (Germany), where known. */
  maloId: z.string().nullable(),
  contracts: z.array(ZContract),
});
export type TContractPremise = z.infer<typeof ZContractPremise>;

export const ZContractsOverview = z.object({
  /** Today in the utility's time zone (what the earliest end dates are computed from). */
  today: z.iso.date(),
  /** Gas is billed in kWh: m³ read on the meter x Brennwert x Zustandszahl. */
  gasConversion: z.object({ calorificValue: z.number(), zNumber: z.number() }),
  premises: z.array(ZContractPremise),
});
export type TContractsOverview = z.infer<typeof ZContractsOverview>;
