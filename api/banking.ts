// Bank details and SEPA direct debit mandates ("Bankverbindung"): the IBAN check and masking used by
// the server (authoritative) and the web app (messages while typing), and the shapes of the API.
import { electronicFormatIBAN, getCountrySpecifications, isSEPACountry, validateIBAN, ValidationErrorsIBAN } from 'ibantools';
import { z } from 'zod';
import { ZRequestStatus } from './requests.ts';

export const ZPaymentMethod = z.enum(['direct_debit', 'transfer']);
export type TPaymentMethod = z.infer<typeof ZPaymentMethod>;

/**
 * pending: asked for in the portal, not yet applied by the utility; active: in force (from
 * validFrom); revoked: ended, or refused by the utility.
 */
export const ZMandateStatus = z.enum(['pending', 'active', 'revoked']);
export type TMandateStatus = z.infer<typeof ZMandateStatus>;

/** Lengths and ranges the server checks with translated messages (the form shows them as hints). */
export const BANKING_LIMITS = {
  /** SEPA allows 70 characters for the debtor's name. */
  holder: 70,
  /** How far ahead a change may be dated. */
  validFromMaxDays: 365,
  /** Consumption points chosen in one change. */
  premises: 100,
} as const;

// ---------------------------------------------------------------------------------------------
// IBAN

export type IbanProblem =
  | { kind: 'required' }
  | { kind: 'characters' }
  | { kind: 'country'; country: string }
  | { kind: 'not_sepa'; country: string }
  | { kind: 'length'; country: string; expected: number; actual: number }
  | { kind: 'format'; country: string }
  | { kind: 'checksum' };

export type IbanCheck = { ok: true; iban: string; country: string } | { ok: false; problem: IbanProblem };

/**
 * Checks an IBAN as typed (spaces allowed, any case): country code, SEPA country, the country's
 * length and format, and the ISO 13616 check digits (mod 97). Returns the electronic form
 * (DE89370400440532013000) or what is wrong, for a message that says what to fix.
 */
export function checkIban(input: string): IbanCheck {
  const compact = input.replace(/[\s\u00a0-]+/g, '').toUpperCase();
  if (compact === '') return { ok: false, problem: { kind: 'required' } };
  if (!/^[A-Z0-9]+$/.test(compact)) return { ok: false, problem: { kind: 'characters' } };
  const country = compact.slice(0, 2);
  const spec = getCountrySpecifications()[country];
  if (!/^[A-Z]{2}$/.test(country) || !spec?.chars) return { ok: false, problem: { kind: 'country', country } };
  if (!isSEPACountry(country)) return { ok: false, problem: { kind: 'not_sepa', country } };
  if (compact.length !== spec.chars) return { ok: false, problem: { kind: 'length', country, expected: spec.chars, actual: compact.length } };
  const iban = electronicFormatIBAN(compact) ?? compact;
  const result = validateIBAN(iban);
  if (result.valid) return { ok: true, iban, country };
  const codes = result.errorCodes;
  if (codes.includes(ValidationErrorsIBAN.WrongBBANFormat) || codes.includes(ValidationErrorsIBAN.ChecksumNotNumber)) {
    return { ok: false, problem: { kind: 'format', country } };
  }
  return { ok: false, problem: { kind: 'checksum' } };
}

/**
 * The IBAN as shown everywhere after it was entered: country and check digits, the last four
 * characters, everything between as "*", in groups of four ("DE89 **** **** **** **30 00").
 */
export function maskIban(iban: string): string {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (compact.length <= 8) return compact.replace(/(.{4})(?=.)/g, '$1 ');
  const masked = compact.slice(0, 4) + '*'.repeat(compact.length - 8) + compact.slice(-4);
  return masked.replace(/(.{4})(?=.)/g, '$1 ');
}

/** An IBAN in groups of four for reading it back while typing ("DE89 3704 0044 …"). */
export function groupIban(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

// ---------------------------------------------------------------------------------------------
// API

const ZIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The utility as payee of the mandate. */
export const ZCreditor = z.object({
  name: z.string(),
  street: z.string(),
  postalCode: z.string(),
  city: z.string(),
  /** Gläubiger-Identifikationsnummer, e.g. DE98ZZZ09999999999. */
  creditorId: z.string(),
});
export type TCreditor = z.infer<typeof ZCreditor>;

/** One payment arrangement: a direct debit mandate with its bank account, or payment by transfer. */
export const ZBankArrangement = z.object({
  id: z.uuid(),
  paymentMethod: ZPaymentMethod,
  /** Account holder (Kontoinhaber); null for transfers. */
  holder: z.string().nullable(),
  /** Always masked: "DE89 **** **** **** **30 00"; null for transfers. */
  ibanMasked: z.string().nullable(),
  /** Derived from the IBAN where the bank directory knows it. */
  bic: z.string().nullable(),
  validFrom: ZIsoDate,
  mandateReference: z.string().nullable(),
  status: ZMandateStatus,
  /** For all consumption points of the customer account, or only for `premiseIds`. */
  allPremises: z.boolean(),
  premiseIds: z.array(z.uuid()),
  /** The customer request this change was made with (null for arrangements from the billing system). */
  request: z.object({ id: z.uuid(), reference: z.string(), status: ZRequestStatus }).nullable(),
  /** When the mandate was given (portal: the consent; otherwise the signed form), null for transfers. */
  consentedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TBankArrangement = z.infer<typeof ZBankArrangement>;

export const ZBankingPremise = z.object({
  id: z.uuid(),
  /** "Hauptstraße 5, 12345 Teststadt" */
  address: z.string(),
  maloId: z.string().nullable(),
  /** What applies today (null: nothing on record, i.e. payment by transfer). */
  current: ZBankArrangement.nullable(),
  /** A change that takes effect later or still waits for the utility. */
  upcoming: ZBankArrangement.nullable(),
});
export type TBankingPremise = z.infer<typeof ZBankingPremise>;

/** The text of the mandate as the customer reads it before agreeing (server-rendered, versioned). */
export const ZMandateText = z.object({
  version: z.string(),
  title: z.string(),
  /** Authorisation, refund note (8 weeks) and pre-notification, in this order. */
  paragraphs: z.array(z.string()),
});
export type TMandateText = z.infer<typeof ZMandateText>;

export const ZBankingOverview = z.object({
  creditor: ZCreditor,
  /** The customer account (debtor): number, name and address; the name is the usual account holder. */
  customer: z.object({ customerNumber: z.string(), name: z.string(), address: z.string() }),
  premises: z.array(ZBankingPremise),
  /** Every arrangement on record, newest first (changes made in the portal and their status). */
  arrangements: z.array(ZBankArrangement),
  /** The mandate reference a new direct debit mandate gets (part of the text the customer agrees to). */
  nextMandateReference: z.string(),
  mandateText: ZMandateText,
  /** Today in the utility's time zone: the earliest date a change may apply from. */
  today: ZIsoDate,
  latestValidFrom: ZIsoDate,
});
export type TBankingOverview = z.infer<typeof ZBankingOverview>;

/**
 * A change of the bank details: a new direct debit mandate (IBAN, holder, consent to the mandate
 * text, whose version and reference the client echoes) or payment by transfer, from `validFrom`,
 * for all consumption points or the chosen ones. Needs a recent password confirmation. The same
 * idempotencyKey from the same login returns the change made first.
 */
export const ZBankChangeRequest = z.strictObject({
  paymentMethod: ZPaymentMethod,
  iban: z.string().max(100).optional(),
  holder: z.string().max(500).optional(),
  validFrom: z.string().max(30),
  allPremises: z.boolean(),
  premiseIds: z.array(z.uuid()).max(BANKING_LIMITS.premises).default([]),
  /** The customer agrees to the SEPA direct debit mandate (required for direct_debit). */
  mandateConsent: z.boolean().optional(),
  /** Version of the mandate text shown (ZMandateText.version). */
  mandateTextVersion: z.string().max(100).optional(),
  /** The mandate reference shown in that text (nextMandateReference). */
  mandateReference: z.string().max(100).optional(),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/).optional(),
});
export type TBankChangeRequest = z.input<typeof ZBankChangeRequest>;

export const ZBankChangeResult = z.object({
  arrangement: ZBankArrangement,
  request: z.object({ id: z.uuid(), reference: z.string(), status: ZRequestStatus }),
});
export type TBankChangeResult = z.infer<typeof ZBankChangeResult>;
