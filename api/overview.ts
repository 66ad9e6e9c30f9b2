// The start page of a signed-in customer (Übersicht): one answer with what the customer looks at
// first, for the selected customer account. Sections of modules the utility does not offer are null.
import { z } from 'zod';
import { ZUpcomingInstalment } from './account.ts';
import { ZContractDirection, ZContractStatus } from './contracts.ts';
import { ZNewDocuments } from './documents.ts';
import { ZMeter, ZRegister } from './readings.ts';
import { ZRequestListItem } from './requests.ts';
import { ZDivision } from './tenant.ts';

export const ZOverviewContract = z.object({
  id: z.uuid(),
  contractNumber: z.string(),
  division: ZDivision,
  direction: ZContractDirection,
  status: ZContractStatus,
  productName: z.string(),
  startDate: z.iso.date(),
  endDate: z.iso.date().nullable(),
});
export type TOverviewContract = z.infer<typeof ZOverviewContract>;

/** A current meter of a consumption point with its registers' last readings and whether a reading is due. */
export const ZOverviewMeter = ZMeter.pick({ id: true, meterNumber: true, division: true, kind: true, selfReadingBlocked: true, readingDue: true }).extend({
  registers: z.array(ZRegister.pick({ id: true, label: true, unit: true, lastReading: true })),
});
export type TOverviewMeter = z.infer<typeof ZOverviewMeter>;

/** A consumption point (Verbrauchsstelle) with its contracts and current meters (meters only with the readings module). */
export const ZOverviewPremise = z.object({
  id: z.uuid(),
  /** "Lindenweg 3, 12345 Teststadt" */
  address: z.string(),
  maloId: z.string().nullable(),
  contracts: z.array(ZOverviewContract),
  meters: z.array(ZOverviewMeter),
});
export type TOverviewPremise = z.infer<typeof ZOverviewPremise>;

export const ZOverview = z.object({
  /** Today in the utility's time zone. */
  today: z.iso.date(),
  premises: z.array(ZOverviewPremise),
  /** Balance (> 0 the customer owes, < 0 credit) and overdue amount; null without the account module. */
  account: z.object({ balanceCents: z.number().int(), overdueCents: z.number().int() }).nullable(),
  /** The next instalment due (all contracts on that date); null without the instalments module or when none is planned. */
  nextInstalment: ZUpcomingInstalment.nullable(),
  /** Unread documents; null without the invoices module. */
  documents: ZNewDocuments.nullable(),
  /** Requests not yet done or rejected (newest first, at most five) and how many there are. */
  requests: z.object({ openCount: z.number().int(), open: z.array(ZRequestListItem) }),
});
export type TOverview = z.infer<typeof ZOverview>;
