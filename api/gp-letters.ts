// GP-Nr letters in the back office: the requests for a grid business-partner number and their
// state. Shared by server (validation, OpenAPI) and web.
import { z } from 'zod';

export const ZGpRequestStatus = z.enum(['open', 'letter_sent', 'rejected']);
/** Why the last print run left a request open (meter unknown or removed, name or address differ, several customers). */
export const ZGpMatchProblem = z.enum(['meter_unknown', 'meter_removed', 'name_mismatch', 'address_mismatch', 'ambiguous']);

export const ZGpRequestQuery = z.strictObject({
  status: ZGpRequestStatus.optional(),
  locale: z.enum(['de', 'en']).optional(),
});

export const ZGpRequestItem = z.object({
  id: z.uuid(),
  name: z.string(),
  address: z.string(),
  connectionAddress: z.string().nullable(),
  meterNumber: z.string(),
  email: z.string(),
  locale: z.enum(['de', 'en']),
  status: ZGpRequestStatus,
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  letterBatchId: z.uuid().nullable(),
  problem: ZGpMatchProblem.nullable(),
  /** The problem in the caller's language. */
  problemText: z.string().nullable(),
});
export type TGpRequestItem = z.infer<typeof ZGpRequestItem>;
