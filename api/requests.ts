// Customer requests ("Meine Anliegen"): the contact form, the list and the detail with status
// history and attachments. Shared by the server (validation, OpenAPI) and the web app.
import { z } from 'zod';

export const ZRequestKind = z.enum(['message', 'address', 'bank', 'instalment', 'reading', 'contact']);
export type TRequestKind = z.infer<typeof ZRequestKind>;

export const ZRequestStatus = z.enum(['received', 'in_progress', 'done', 'rejected']);
export type TRequestStatus = z.infer<typeof ZRequestStatus>;

/** Who changed a status: the customer (creating the request), staff, the portal, the billing system. */
export const ZRequestActor = z.enum(['customer', 'staff', 'system', 'integration']);
export type TRequestActor = z.infer<typeof ZRequestActor>;

/** Attachments: PDF, JPEG or PNG up to 5 MB, recognised by their first bytes. */
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
export const ZAttachmentType = z.enum(['application/pdf', 'image/jpeg', 'image/png']);
export type TAttachmentType = z.infer<typeof ZAttachmentType>;

/** The body limit of routes that take an attachment: 5 MB as base64 with room to spare. */
export const ATTACHMENT_BODY_LIMIT_BYTES = 9 * 1024 * 1024;

/** Lengths the server checks with translated messages (the form shows them as hints). */
export const REQUEST_LIMITS = { subject: 150, message: 5000, phone: 30 } as const;

/**
 * A file sent with a request, base64-encoded in the JSON body. Size, type and content are checked
 * by the server (field `attachment`, translated messages); the route's body limit bounds the rest.
 */
export const ZAttachmentUpload = z.strictObject({
  fileName: z.string().trim().min(1).max(255),
  contentType: z.string().max(100),
  /** The file's bytes, base64 (standard alphabet, with or without padding). */
  contentBase64: z.string(),
});
export type TAttachmentUpload = z.infer<typeof ZAttachmentUpload>;

/**
 * The contact form. Subject, message and phone are required (checked with translated messages);
 * premiseId must be a consumption point of the selected customer account. The same
 * idempotencyKey from the same login returns the request made first instead of a second one.
 */
export const ZMessageRequest = z.strictObject({
  subject: z.string().max(1000),
  message: z.string().max(20_000),
  phone: z.string().max(200),
  premiseId: z.uuid().nullable().optional(),
  attachment: ZAttachmentUpload.nullable().optional(),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/).optional(),
});
export type TMessageRequest = z.infer<typeof ZMessageRequest>;

export const ZPremise = z.object({
  id: z.uuid(),
  /** "Hauptstraße 5, 12345 Teststadt" */
  address: z.string(),
  maloId: z.string().nullable(),
});
export type TPremise = z.infer<typeof ZPremise>;

export const ZRequestListItem = z.object({
  id: z.uuid(),
  /** Human-readable reference per utility, e.g. A-2026-000123. */
  reference: z.string(),
  kind: ZRequestKind,
  subject: z.string(),
  status: ZRequestStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TRequestListItem = z.infer<typeof ZRequestListItem>;

export const ZRequestEvent = z.object({
  status: ZRequestStatus,
  /** Reason of a rejection or a comment on a change. */
  reason: z.string().nullable(),
  actor: ZRequestActor,
  at: z.string(),
});
export type TRequestEvent = z.infer<typeof ZRequestEvent>;

export const ZAttachmentInfo = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: ZAttachmentType,
  sizeBytes: z.number().int(),
});
export type TAttachmentInfo = z.infer<typeof ZAttachmentInfo>;

/** One line of what the customer entered for a change request, labelled in the customer's language. */
export const ZRequestDetailLine = z.object({ label: z.string(), value: z.string() });
export type TRequestDetailLine = z.infer<typeof ZRequestDetailLine>;

export const ZRequestDetail = ZRequestListItem.extend({
  premise: ZPremise.nullable(),
  /** What was asked for (amounts, dates, addresses, masked IBAN, readings); empty for messages. */
  details: z.array(ZRequestDetailLine),
  /** The text and phone number of a message (kind `message`), else null. */
  message: z.object({ text: z.string(), phone: z.string() }).nullable(),
  /** Status history, oldest first. */
  events: z.array(ZRequestEvent),
  attachments: z.array(ZAttachmentInfo),
});
export type TRequestDetail = z.infer<typeof ZRequestDetail>;

export const ZCreatedRequest = z.object({ id: z.uuid(), reference: z.string(), status: ZRequestStatus });
export type TCreatedRequest = z.infer<typeof ZCreatedRequest>;
