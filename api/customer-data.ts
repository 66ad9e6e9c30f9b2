// Customer data ("Persönliche Daten"): name, customer number, billing address and contact data of the
// selected customer account; the contact data change and the billing address change. Shared by the
// server (validation, OpenAPI) and the web app.
import { z } from 'zod';
import { ZCreatedRequest, ZRequestStatus } from './requests.ts';

/** Lengths the server checks with translated messages (the form shows them as hints). */
export const CUSTOMER_DATA_LIMITS = { phone: 30, email: 254, street: 100, houseNumber: 20, city: 80 } as const;

export const ZCountry = z.enum(['DE', 'AT']);
export type TCountry = z.infer<typeof ZCountry>;

/** Postal codes: five digits in Germany, four in Austria. */
export const POSTAL_CODE_DIGITS: Record<TCountry, number> = { DE: 5, AT: 4 };

export function isPostalCode(value: string, country: TCountry): boolean {
  return new RegExp(`^\\d{${String(POSTAL_CODE_DIGITS[country])}}$`).test(value);
}

/** Phone numbers: digits, spaces and + / - ( ), at least four characters, e.g. "0123 456789". */
export const PHONE_PATTERN = /^\+?[0-9][0-9 ()/-]{3,}$/;

export const ZBillingAddress = z.object({
  street: z.string(),
  houseNumber: z.string(),
  postalCode: z.string(),
  city: z.string(),
  country: ZCountry,
});
export type TBillingAddress = z.infer<typeof ZBillingAddress>;

export const ZPendingAddressChange = z.object({
  requestId: z.uuid(),
  reference: z.string(),
  status: ZRequestStatus,
  createdAt: z.string(),
  address: ZBillingAddress,
  validFrom: z.string(),
});
export type TPendingAddressChange = z.infer<typeof ZPendingAddressChange>;

export const ZCustomerData = z.object({
  customerNumber: z.string(),
  kind: z.enum(['person', 'company']),
  /** "Erika Mustermann" or the company name. */
  name: z.string(),
  billingAddress: ZBillingAddress,
  phone: z.string().nullable(),
  /** Where the utility may contact the customer; may differ from the login's e-mail address. */
  contactEmail: z.string().nullable(),
  /** The e-mail address of the login (changed under "Mein Zugang"), for reference. */
  loginEmail: z.string(),
  /** A billing address change the utility has not finished yet. */
  pendingAddressChange: ZPendingAddressChange.nullable(),
});
export type TCustomerData = z.infer<typeof ZCustomerData>;

/**
 * Phone number and contact e-mail address; an empty value removes it. Applied at once and recorded
 * as a request of kind 'contact' (ADR 0016).
 */
export const ZContactChange = z.strictObject({
  phone: z.string().max(200),
  contactEmail: z.string().max(500),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/).optional(),
});
export type TContactChange = z.infer<typeof ZContactChange>;

export const ZContactChangeResult = z.object({
  request: ZCreatedRequest,
  phone: z.string().nullable(),
  contactEmail: z.string().nullable(),
});
export type TContactChangeResult = z.infer<typeof ZContactChangeResult>;

/**
 * A new billing address from `validFrom` (`YYYY-MM-DD`), confirmed with the login's password in the
 * same request. Becomes a request of kind 'address' that the utility processes.
 */
export const ZAddressChange = z.strictObject({
  street: z.string().max(500),
  houseNumber: z.string().max(100),
  postalCode: z.string().max(50),
  city: z.string().max(500),
  country: z.string().max(10),
  validFrom: z.string().max(20),
  password: z.string().max(1000),
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/).optional(),
});
export type TAddressChange = z.infer<typeof ZAddressChange>;
