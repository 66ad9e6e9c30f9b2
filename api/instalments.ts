// Instalments (Abschlag, Teilzahlungen): the current amount per contract, the upcoming due dates and
// the total, the recommended amount, and the change request. Shared by the server (validation,
// OpenAPI) and the web app (form hints, the same money parser).
import { z } from 'zod';
import { ZRequestStatus } from './requests.ts';
import { ZDivision } from './tenant.ts';

/** Lengths the server checks with translated messages. */
export const INSTALMENT_LIMITS = { comment: 1000 } as const;

/** A calendar date, `YYYY-MM-DD`. */
export const ZIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * A euro amount as people type it, in cents, or null when it is not one: "85", "85,5", "85,50",
 * "1.085,00 €", "1 085,00", "€ 85", "85 EUR", "85,-" and, for English input, "85.50". With a comma the comma is
 * the decimal mark and dots group thousands; without one a dot followed by three digits groups
 * thousands ("1.085" is 1,085 euros) and a dot followed by one or two digits is the decimal mark.
 */
export function parseEuroAmount(input: string): number | null {
  let text = input
    .replace(/[\u00a0\u202f]/g, ' ')
    .trim()
    .replace(/^(euro|eur|€)\s*/i, '')
    .replace(/\s*(euro|eur|€)$/i, '')
    .replace(/,-+$/, '');
  // Spaces only between groups of thousands ("1 085,00"), never inside a number ("85 50").
  if (/\s/.test(text)) {
    if (!/^\d{1,3}( \d{3})+([.,]\d{1,2})?$/.test(text)) return null;
    text = text.replace(/ /g, '');
  }
  let euros: string;
  let cents = '';
  if (text.includes(',')) {
    const parts = text.split(',');
    if (parts.length !== 2) return null;
    const [whole = '', decimals = ''] = parts;
    if (!/^(\d{1,3}(\.\d{3})+|\d+)$/.test(whole) || !/^\d{1,2}$/.test(decimals)) return null;
    euros = whole.replace(/\./g, '');
    cents = decimals;
  } else if (/^\d{1,3}(\.\d{3})+$/.test(text)) {
    euros = text.replace(/\./g, '');
  } else if (/^\d+\.\d{1,2}$/.test(text)) {
    [euros = '', cents = ''] = text.split('.');
  } else if (/^\d+$/.test(text)) {
    euros = text;
  } else {
    return null;
  }
  const value = Number(euros) * 100 + Number(cents.padEnd(2, '0'));
  return Number.isSafeInteger(value) ? value : null;
}

/** "85,00 €" (de) or "€85.00" (en). */
export function formatEuro(cents: number, locale: 'de' | 'en'): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** A calendar date `YYYY-MM-DD` as "15.03.2027" (de) or "15 Mar 2027" (en). */
export function formatCalendarDate(iso: string, locale: 'de' | 'en'): string {
  const [year = 0, month = 1, day = 1] = iso.split('-').map(Number);
  const options: Intl.DateTimeFormatOptions = locale === 'en' ? { dateStyle: 'medium', timeZone: 'UTC' } : { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', options).format(new Date(Date.UTC(year, month - 1, day)));
}

/** How the recommended instalment was computed (DOMAIN.md §4), for showing the calculation. */
export const ZInstalmentRecommendation = z.object({
  /** The recommendation: annual cost / instalments per year, rounded up to whole euros. */
  amountCents: z.number().int(),
  /** Expected consumption per year in `unit` (the contract's forecast). */
  forecast: z.number(),
  unit: z.enum(['kWh', 'm3']),
  /** Energy price, gross, in cent per unit. */
  energyPriceCt: z.number(),
  /** Base price, gross, in cents per year. */
  basePriceCentsPerYear: z.number().int(),
  energyCostCents: z.number().int(),
  annualCostCents: z.number().int(),
  instalmentsPerYear: z.union([z.literal(11), z.literal(12)]),
  /** Annual cost / instalments per year before rounding up. */
  exactCents: z.number().int(),
  /** The recommendation lies within the limits of a change. */
  withinLimits: z.boolean(),
});
export type TInstalmentRecommendation = z.infer<typeof ZInstalmentRecommendation>;

/** A change request for the contract that the utility has not finished yet. */
export const ZPendingInstalmentChange = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  status: ZRequestStatus,
  createdAt: z.string(),
  desiredAmountCents: z.number().int(),
  desiredDate: ZIsoDate,
});
export type TPendingInstalmentChange = z.infer<typeof ZPendingInstalmentChange>;

export const ZInstalmentContract = z.object({
  contractId: z.uuid(),
  contractNumber: z.string(),
  division: ZDivision,
  /** The consumption point: "Hauptstraße 5, 12345 Teststadt". */
  premise: z.string(),
  tariffName: z.string(),
  /** The instalment in force today (or the next one, for a contract that starts later); null: none agreed. */
  plan: z
    .object({
      amountCents: z.number().int(),
      validFrom: ZIsoDate,
      validTo: ZIsoDate.nullable(),
      /** Day of the month the instalment is due. */
      dueDay: z.number().int(),
    })
    .nullable(),
  /** The amounts a change may ask for (from the current amount and the utility's limits). */
  limits: z.object({ minCents: z.number().int(), maxCents: z.number().int() }).nullable(),
  /** The dates a change may start: from the next due date, at most a year ahead. */
  changeWindow: z.object({ earliest: ZIsoDate, latest: ZIsoDate }).nullable(),
  recommendation: ZInstalmentRecommendation.nullable(),
  pendingChange: ZPendingInstalmentChange.nullable(),
});
export type TInstalmentContract = z.infer<typeof ZInstalmentContract>;

export const ZInstalmentDueDate = z.object({
  dueDate: ZIsoDate,
  items: z.array(z.object({ contractId: z.uuid(), amountCents: z.number().int() })),
  totalCents: z.number().int(),
});
export type TInstalmentDueDate = z.infer<typeof ZInstalmentDueDate>;

export const ZInstalmentOverview = z.object({
  contracts: z.array(ZInstalmentContract),
  /** The sum of the instalments in force today (Gesamtabschlag). */
  totalCents: z.number().int(),
  instalmentsPerYear: z.union([z.literal(11), z.literal(12)]),
  /** With 11 instalments a year: the month without one (the month of the annual bill), else null. */
  monthWithoutInstalment: z.number().int().min(1).max(12).nullable(),
  /** The next due dates of all contracts with the amounts and their sum. */
  upcoming: z.array(ZInstalmentDueDate),
  limits: z.object({ maxIncreasePercent: z.number().int(), maxDecreasePercent: z.number().int() }),
});
export type TInstalmentOverview = z.infer<typeof ZInstalmentOverview>;

/**
 * A request to change a contract's instalment. Amount, date and comment are required (checked
 * with translated messages); the amount is text as typed ("85,50", "1.085,00 €"). The same
 * idempotencyKey from the same login returns the request made first.
 */
export const ZInstalmentChangeRequest = z.strictObject({
  contractId: z.uuid(),
  desiredAmount: z.string().max(50),
  desiredDate: z.string().max(20),
  comment: z.string().max(10_000),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/).optional(),
});
export type TInstalmentChangeRequest = z.infer<typeof ZInstalmentChangeRequest>;
