// Identity API: registration, activation, sign-in, sessions, passwords, linked customer accounts.
// Shared by server (validation, OpenAPI) and web (forms, response parsing).
import { z } from 'zod';
import { ZLocale } from './tenant.ts';

/** E-mail as typed: trimmed, lower-cased, at most 254 characters. */
export const ZEmail = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** A password as typed: never trimmed or changed; the tenant minimum is checked by the server. */
export const ZPassword = z.string().min(1).max(256);

const ZNumberInput = z.string().trim().min(1).max(64);

export const ZRegisterCustomerMeter = z.strictObject({
  method: z.literal('customer_meter'),
  customerNumber: ZNumberInput,
  meterNumber: ZNumberInput,
  email: ZEmail,
  password: ZPassword,
  locale: ZLocale,
});

export const ZRegisterCustomerName = z.strictObject({
  method: z.literal('customer_name'),
  customerNumber: ZNumberInput,
  /** Last name or company name, as on the bill; first names optional. */
  name: z.string().trim().min(1).max(200),
  email: ZEmail,
  locale: ZLocale,
});

export const ZRegisterMeterGp = z.strictObject({
  method: z.literal('meter_gp'),
  meterNumber: ZNumberInput,
  gpNumber: ZNumberInput,
  email: ZEmail,
  locale: ZLocale,
});

/** Proof of being a customer (the same proofs serve registration and linking another account). */
export const ZProof = z.discriminatedUnion('method', [
  ZRegisterCustomerMeter.pick({ method: true, customerNumber: true, meterNumber: true }),
  ZRegisterCustomerName.pick({ method: true, customerNumber: true, name: true }),
  ZRegisterMeterGp.pick({ method: true, meterNumber: true, gpNumber: true }),
]);
export type TProof = z.infer<typeof ZProof>;

/**
 * Link another customer account to the signed-in login. If that account is registered already
 * (by another login), that login's password is required too and the two logins become one.
 */
export const ZLinkAccountRequest = z.strictObject({
  proof: ZProof,
  otherPassword: ZPassword.optional(),
});

/** "Request your GP-Nr" (Plusportal): the utility sends the number by letter. */
const ZAddress = z.strictObject({
  street: z.string().trim().min(1).max(120),
  houseNumber: z.string().trim().min(1).max(20),
  postalCode: z.string().trim().regex(/^\d{4,5}$/),
  city: z.string().trim().min(1).max(80),
});
export const ZGpNumberRequest = z.strictObject({
  name: z.string().trim().min(2).max(200),
  address: ZAddress,
  /** Address of the connection (Anschlussobjekt) when it differs from the postal address. */
  connectionAddress: ZAddress.optional(),
  meterNumber: ZNumberInput,
  email: ZEmail,
  locale: ZLocale,
});
export type TGpNumberRequest = z.infer<typeof ZGpNumberRequest>;

export const ZRegisterRequest = z.discriminatedUnion('method', [
  ZRegisterCustomerMeter,
  ZRegisterCustomerName,
  ZRegisterMeterGp,
]);
export type TRegisterRequest = z.infer<typeof ZRegisterRequest>;

/**
 * Registration always answers the same way once the proof matched, whether or not the e-mail address
 * is registered already (that address gets a notice instead): the user is told to look for a mail.
 */
export const ZRegisterResponse = z.object({ status: z.literal('check_email'), email: z.string() });
export type TRegisterResponse = z.infer<typeof ZRegisterResponse>;

export const ZTokenRequest = z.strictObject({ token: z.string().min(20).max(200) });

/** Activation of a registration. Methods without a password need one now (`password`). */
export const ZActivateRequest = z.strictObject({
  token: z.string().min(20).max(200),
  password: ZPassword.optional(),
});

export const ZTokenInfo = z.object({
  /** What the token is for, so the page can show the right form. */
  purpose: z.enum(['activation', 'password_reset', 'email_change', 'invitation']),
  email: z.string(),
  needsPassword: z.boolean(),
});
export type TTokenInfo = z.infer<typeof ZTokenInfo>;

export const ZResendActivationRequest = z.strictObject({ email: ZEmail, locale: ZLocale });

export const ZLoginRequest = z.strictObject({
  /** E-mail address or customer number. */
  identifier: z.string().trim().min(1).max(254),
  password: ZPassword,
});

export const ZForgotPasswordRequest = z.strictObject({ email: ZEmail, locale: ZLocale });

export const ZResetPasswordRequest = z.strictObject({
  token: z.string().min(20).max(200),
  password: ZPassword,
});

export const ZChangePasswordRequest = z.strictObject({
  currentPassword: ZPassword,
  newPassword: ZPassword,
  newPasswordRepeat: ZPassword,
});

export const ZChangeEmailRequest = z.strictObject({
  newEmail: ZEmail,
  newEmailRepeat: ZEmail,
  password: ZPassword,
});

export const ZPasswordConfirmation = z.strictObject({ password: ZPassword });

export const ZSelectAccountRequest = z.strictObject({ customerId: z.uuid() });

export const ZCustomerAccount = z.object({
  customerId: z.string(),
  customerNumber: z.string(),
  /** "Schmidt, Anna" or the company name. */
  name: z.string(),
  /** First line of the billing address, e.g. "Mühlenweg 62, 59995 Neudorf". */
  address: z.string(),
});
export type TCustomerAccount = z.infer<typeof ZCustomerAccount>;

export const ZSession = z.object({
  login: z.object({
    email: z.string(),
    /** The address as shown where it must not be read over a shoulder: "an***@example.com". */
    maskedEmail: z.string(),
    locale: ZLocale,
    lastLoginAt: z.string().nullable(),
  }),
  accounts: z.array(ZCustomerAccount),
  selectedCustomerId: z.string().nullable(),
  /** When the session ends without activity (ISO 8601). */
  idleExpiresAt: z.string(),
  /** When the session ends regardless of activity (ISO 8601). */
  absoluteExpiresAt: z.string(),
  idleTimeoutSeconds: z.number().int(),
});
export type TSession = z.infer<typeof ZSession>;

export const ZSessionListItem = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  /** Browser and operating system, derived from the User-Agent. */
  device: z.string(),
});
export type TSessionListItem = z.infer<typeof ZSessionListItem>;

export const ZPasswordCheckRequest = z.strictObject({ password: ZPassword });
export const ZPasswordCheckResponse = z.object({
  acceptable: z.boolean(),
  /** Reason codes: too_short, too_long, common. */
  problems: z.array(z.enum(['too_short', 'too_long', 'common'])),
  minLength: z.number().int(),
});
export type TPasswordCheckResponse = z.infer<typeof ZPasswordCheckResponse>;
