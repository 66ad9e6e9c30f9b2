// Invoices and documents of the selected customer account: the list with filters and the unread
// marker, the new-documents notice of the start page, and the download. Shared by server and web.
import { z } from 'zod';

export const ZDocumentKind = z.enum(['invoice', 'contract', 'letter', 'notice', 'other']);
export type TDocumentKind = z.infer<typeof ZDocumentKind>;

/**
 * A utility's own document type (settings, ADR 0026): a code the billing system sends with a
 * document (e.g. `abschlagsplan`, `mahnung`), its label for customers, the fixed kind it belongs to,
 * and whether customers are mailed when a new document of the type arrives.
 */
export const ZDocumentTypeCode = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{1,39}$/, 'a code of 2-40 lower-case letters, digits, - and _, starting with a letter');
export const DOCUMENT_TYPE_LIMITS = { types: 50, label: 80 } as const;
export const ZDocumentType = z.strictObject({
  code: ZDocumentTypeCode,
  label: z.strictObject({ de: z.string().trim().min(1).max(DOCUMENT_TYPE_LIMITS.label), en: z.string().trim().max(DOCUMENT_TYPE_LIMITS.label).optional() }),
  kind: ZDocumentKind,
  /** Mail the customer's logins when a new document of this type arrives through the integration API. */
  notify: z.boolean().default(false),
});
export type TDocumentType = z.infer<typeof ZDocumentType>;

/** A document's type as customers see it: the code (filter) and the label in both languages. */
export const ZDocumentTypeLabel = z.object({ code: z.string(), label: z.object({ de: z.string(), en: z.string().optional() }) });
export type TDocumentTypeLabel = z.infer<typeof ZDocumentTypeLabel>;

/** annual = Jahresabrechnung, final = Schlussrechnung, interim = Zwischenrechnung, credit_note = Gutschrift. */
export const ZInvoiceKind = z.enum(['annual', 'final', 'interim', 'credit_note']);
export type TInvoiceKind = z.infer<typeof ZInvoiceKind>;

/** The invoice a document belongs to (invoices and credit notes only). */
export const ZDocumentInvoice = z.object({
  number: z.string(),
  kind: ZInvoiceKind,
  periodStart: z.iso.date(),
  periodEnd: z.iso.date(),
  /** Invoice total including VAT; negative for a credit note. */
  grossCents: z.number().int(),
  /** What is left after the instalments paid: > 0 the customer pays (Nachzahlung), < 0 is paid out (Guthaben). */
  balanceCents: z.number().int(),
  dueDate: z.iso.date(),
});
export type TDocumentInvoice = z.infer<typeof ZDocumentInvoice>;

export const ZDocument = z.object({
  id: z.uuid(),
  kind: ZDocumentKind,
  title: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  /** The document's date (an invoice's invoice date), YYYY-MM-DD in the utility's time zone. */
  date: z.iso.date(),
  /** When the document was first downloaded; null = new (unread). */
  readAt: z.string().nullable(),
  invoice: ZDocumentInvoice.nullable(),
  /** The utility's own type (e.g. "Abschlagsplan"), or null. */
  type: ZDocumentTypeLabel.nullable(),
  /** GET this path for the file (marks the document read). */
  downloadPath: z.string(),
});
export type TDocument = z.infer<typeof ZDocument>;

/** Filters of the list; unknown parameters are refused. */
export const ZDocumentQuery = z.strictObject({
  kind: ZDocumentKind.optional(),
  /** A document type code of the utility (see `types` in the list). */
  type: ZDocumentTypeCode.optional(),
  year: z.coerce.number().int().min(1900).max(2999).optional(),
  locale: z.enum(['de', 'en']).optional(),
});
export type TDocumentQuery = z.infer<typeof ZDocumentQuery>;

export const ZDocumentList = z.object({
  /** The documents matching the filters, newest first. */
  documents: z.array(ZDocument),
  /** All documents of the account (without filters). */
  total: z.number().int(),
  /** Unread documents of the account (without filters). */
  unreadCount: z.number().int(),
  /** Years that have documents, newest first (choices of the year filter). */
  years: z.array(z.number().int()),
  /** Kinds that occur (choices of the type filter). */
  kinds: z.array(ZDocumentKind),
  /** The utility's document types that occur, in the order of its settings (choices of the document type filter). */
  types: z.array(ZDocumentTypeLabel),
});
export type TDocumentList = z.infer<typeof ZDocumentList>;

/** The start page's notice: how many documents are new and the newest of them. */
export const ZNewDocuments = z.object({
  unreadCount: z.number().int(),
  documents: z.array(ZDocument),
});
export type TNewDocuments = z.infer<typeof ZNewDocuments>;

/** The path of a document's file (the list gives it as downloadPath). */
export function documentFilePath(id: string): string {
  return `/api/v1/customer/documents/${encodeURIComponent(id)}/file`;
}
