// Account statement (Kontoübersicht) of the selected customer account: bookings with running
// balance, open items, the balance and the next instalments. Shared by server and web.
import { z } from 'zod';
import { ZDivision } from './tenant.ts';

/** invoice = Rechnung (Nachzahlung), instalment = Abschlag/Teilbetrag, fee = Mahngebühr, credit = Gutschrift, refund = Erstattung. */
export const ZBookingKind = z.enum(['invoice', 'instalment', 'payment', 'credit', 'refund', 'fee']);
export type TBookingKind = z.infer<typeof ZBookingKind>;

export const ZBooking = z.object({
  id: z.uuid(),
  bookingDate: z.iso.date(),
  dueDate: z.iso.date().nullable(),
  kind: ZBookingKind,
  /** The utility's booking text (as its billing system writes it). */
  description: z.string(),
  /** Invoice number or instalment reference. */
  reference: z.string().nullable(),
  /** > 0: the customer owes it (Soll); < 0: paid or credited to the customer (Haben). */
  amountCents: z.number().int(),
  /** Settled (paid, or a credit paid out). */
  cleared: z.boolean(),
  /** The invoice PDF of an invoice booking, when there is one (GET this path). */
  documentPath: z.string().nullable(),
});
export type TBooking = z.infer<typeof ZBooking>;

export const ZStatementRow = ZBooking.extend({
  /** The balance after this booking (> 0 owed, < 0 credit). */
  balanceCents: z.number().int(),
});
export type TStatementRow = z.infer<typeof ZStatementRow>;

export const ZOpenItem = ZBooking.extend({
  /** Due date passed and not settled. */
  overdue: z.boolean(),
});
export type TOpenItem = z.infer<typeof ZOpenItem>;

export const ZUpcomingInstalment = z.object({
  dueDate: z.iso.date(),
  amountCents: z.number().int(),
  contracts: z.array(z.object({ contractNumber: z.string(), division: ZDivision, amountCents: z.number().int() })),
});
export type TUpcomingInstalment = z.infer<typeof ZUpcomingInstalment>;

export const ZAccountQuery = z.strictObject({
  year: z.coerce.number().int().min(1900).max(2999).optional(),
  locale: z.enum(['de', 'en']).optional(),
});
export type TAccountQuery = z.infer<typeof ZAccountQuery>;

export const ZAccountStatement = z.object({
  /** Today in the utility's time zone (what "overdue" is measured against). */
  today: z.iso.date(),
  /** Sum of all bookings: > 0 the customer owes this much, < 0 the customer has a credit. */
  balanceCents: z.number().int(),
  /** Open receivables (not yet paid), of which overdue ones. */
  openCents: z.number().int(),
  overdueCents: z.number().int(),
  /** Credits not yet paid out. */
  creditCents: z.number().int(),
  /** Everything not yet settled, oldest due date first. */
  openItems: z.array(ZOpenItem),
  /** The chosen year and the years with bookings (newest first). */
  year: z.number().int(),
  years: z.array(z.number().int()),
  /** Balance carried over from before the chosen year (Saldovortrag). */
  openingBalanceCents: z.number().int(),
  /** The bookings of the year, oldest first, each with the balance after it. */
  bookings: z.array(ZStatementRow),
  /** Balance after the year's last booking. */
  closingBalanceCents: z.number().int(),
  /** The next instalments due according to the current instalment plans. */
  upcomingInstalments: z.array(ZUpcomingInstalment),
  /** CSV of the chosen year's bookings (semicolon, decimal comma, UTF-8 with BOM). */
  csvPath: z.string(),
});
export type TAccountStatement = z.infer<typeof ZAccountStatement>;

export function accountCsvPath(year: number): string {
  return `/api/v1/customer/account/statement.csv?year=${String(year)}`;
}
