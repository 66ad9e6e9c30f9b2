// Registrations needing review (ADR 0027): the public form a person sends when the registration proof
// did not match, and the back office's view and decisions. Shared by server (validation, OpenAPI) and web.
import { z } from 'zod';
import { ZEmail } from './identity.ts';
import { ZRequestStatus } from './requests.ts';
import { ZLocale } from './tenant.ts';

/** Lengths the server checks with translated messages (the form shows them as hints). */
export const REVIEW_LIMITS = { name: 200, street: 120, houseNumber: 20, city: 80, number: 64, phone: 30, note: 2000, reason: 2000 } as const;

/**
 * "Registrierung prüfen lassen". Required fields and formats are checked by the server with
 * translated messages (field names as here); the zod limits only bound the body. At least one of
 * the numbers is needed. The same idempotencyKey returns the review made first.
 */
export const ZRegistrationReviewRequest = z.strictObject({
  method: z.enum(['customer_meter', 'customer_name', 'meter_gp']),
  name: z.string().max(1000),
  street: z.string().max(1000),
  houseNumber: z.string().max(200),
  postalCode: z.string().max(200),
  city: z.string().max(1000),
  customerNumber: z.string().max(200).optional(),
  meterNumber: z.string().max(200).optional(),
  gpNumber: z.string().max(200).optional(),
  email: z.string().max(1000),
  phone: z.string().max(200).optional(),
  note: z.string().max(20_000).optional(),
  locale: ZLocale,
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/).optional(),
});
export type TRegistrationReviewRequest = z.infer<typeof ZRegistrationReviewRequest>;

/** Always the same answer (no account enumeration): the reference, which is also mailed. */
export const ZRegistrationReviewReceipt = z.object({ status: z.literal('received'), reference: z.string() });
export type TRegistrationReviewReceipt = z.infer<typeof ZRegistrationReviewReceipt>;

/** A customer account that may be the person's: found by number, name or address. */
export const ZReviewCandidate = z.object({
  id: z.uuid(),
  customerNumber: z.string(),
  name: z.string(),
  address: z.string(),
  /** What matched: customer_number, meter_number, gp_number, name, address. */
  matches: z.array(z.enum(['customer_number', 'meter_number', 'gp_number', 'name', 'address'])),
  /** The account has an active login already (then it cannot be assigned). */
  hasActiveLogin: z.boolean(),
});
export type TReviewCandidate = z.infer<typeof ZReviewCandidate>;

export const ZRegistrationReview = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: ZRequestStatus,
  method: z.enum(['customer_meter', 'customer_name', 'meter_gp']),
  name: z.string(),
  address: z.object({ street: z.string(), houseNumber: z.string(), postalCode: z.string(), city: z.string() }),
  customerNumber: z.string().nullable(),
  meterNumber: z.string().nullable(),
  gpNumber: z.string().nullable(),
  email: z.string(),
  phone: z.string().nullable(),
  note: z.string(),
  locale: ZLocale,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  ageDays: z.number().int(),
  assignee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  /** The customer account it was assigned to (done). */
  customer: z.object({ id: z.uuid(), customerNumber: z.string(), name: z.string() }).nullable(),
  /** The reason of a rejection, as mailed. */
  reason: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decidedBy: z.string().nullable(),
  notes: z.array(z.object({ id: z.uuid(), text: z.string(), author: z.string().nullable(), at: z.iso.datetime() })),
  /** Customer accounts matching the submitted numbers, name or address (empty once decided). */
  candidates: z.array(ZReviewCandidate),
});
export type TRegistrationReview = z.infer<typeof ZRegistrationReview>;

/** Assign to a customer account: an invitation link goes to the submitted e-mail address. */
export const ZReviewAccept = z.strictObject({ customerId: z.uuid() });
/** Reject: the reason is mailed to the person. */
export const ZReviewReject = z.strictObject({ reason: z.string().max(20_000) });

/** An invitation sent from the customer view (back office). */
export const ZCustomerInvitation = z.strictObject({ email: ZEmail, locale: ZLocale });
export type TCustomerInvitation = z.infer<typeof ZCustomerInvitation>;
