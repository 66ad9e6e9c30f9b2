// Second factors (TOTP, passkeys, recovery codes) and the second step of signing in: shared by the
// server (validation, OpenAPI) and the web app.
import { z } from 'zod';

/** A six-digit code from the authenticator app; spaces typed between the digits are dropped. */
export const ZTotpCode = z
  .string()
  .max(20)
  .transform((value) => value.replace(/[\s-]/g, ''));

/** A recovery code as printed ("abcd-efgh-ijkl"); case, spaces and dashes are ignored. */
export const ZRecoveryCode = z
  .string()
  .max(40)
  .transform((value) => value.replace(/[\s-]/g, '').toLowerCase());

export const ZSecondFactorKind = z.enum(['totp', 'passkey', 'recovery_code']);
export type TSecondFactorKind = z.infer<typeof ZSecondFactorKind>;

/** Answer of sign-in when the password was right and a second factor is needed. */
export const ZSecondFactorRequired = z.object({
  status: z.literal('second_factor_required'),
  /** The factors this login can use, in the order the page offers them. */
  factors: z.array(ZSecondFactorKind),
  /** When the half-finished sign-in ends (ISO 8601). */
  expiresAt: z.string(),
});
export type TSecondFactorRequired = z.infer<typeof ZSecondFactorRequired>;

export const ZSecondFactorRequest = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('totp'), code: ZTotpCode }),
  z.strictObject({ method: z.literal('recovery_code'), code: ZRecoveryCode }),
]);
export type TSecondFactorRequest = z.input<typeof ZSecondFactorRequest>;

/** WebAuthn options for navigator.credentials (JSON form), with the id of the stored challenge. */
export const ZWebAuthnOptions = z.object({
  challengeId: z.uuid(),
  options: z.looseObject({ challenge: z.string() }),
});
export type TWebAuthnOptions = z.infer<typeof ZWebAuthnOptions>;

const base64url = z.string().max(4096).regex(/^[A-Za-z0-9_-]*$/, 'base64url');

/** A credential as the browser returns it (RegistrationResponseJSON / AuthenticationResponseJSON). */
const ZCredentialBase = {
  id: base64url,
  rawId: base64url,
  type: z.literal('public-key'),
  clientExtensionResults: z.looseObject({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};

export const ZRegistrationCredential = z.object({
  ...ZCredentialBase,
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url.max(16384),
    authenticatorData: base64url.optional(),
    transports: z.array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
});

export const ZAuthenticationCredential = z.object({
  ...ZCredentialBase,
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
});

export const ZPasskeyLoginRequest = z.strictObject({ challengeId: z.uuid(), credential: ZAuthenticationCredential });
export type TPasskeyLoginRequest = z.infer<typeof ZPasskeyLoginRequest>;

export const ZAddPasskeyRequest = z.strictObject({
  challengeId: z.uuid(),
  credential: ZRegistrationCredential,
  /** A name the user recognises it by ("Laptop", "Handy"). */
  label: z.string().trim().min(1).max(60),
});
export type TAddPasskeyRequest = z.infer<typeof ZAddPasskeyRequest>;

export const ZTotpSetup = z.object({
  /** Base32 secret for typing into the app by hand. */
  secret: z.string(),
  /** otpauth:// URI (what the QR code holds). */
  uri: z.string(),
  /** The QR code as an SVG data URL. */
  qrCode: z.string(),
});
export type TTotpSetup = z.infer<typeof ZTotpSetup>;

export const ZTotpConfirmRequest = z.strictObject({ code: ZTotpCode });

/** Recovery codes, shown once when created. */
export const ZRecoveryCodes = z.object({ codes: z.array(z.string()) });
export type TRecoveryCodes = z.infer<typeof ZRecoveryCodes>;

export const ZFactors = z.object({
  totp: z.object({ createdAt: z.string(), lastUsedAt: z.string().nullable() }).nullable(),
  passkeys: z.array(z.object({ id: z.string(), label: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), synced: z.boolean() })),
  recoveryCodesLeft: z.number().int(),
});
export type TFactors = z.infer<typeof ZFactors>;

export const ZFactorChangeResult = z.object({
  factors: ZFactors,
  /** New recovery codes when this change created them (the first factor), else null. */
  recoveryCodes: z.array(z.string()).nullable(),
});
export type TFactorChangeResult = z.infer<typeof ZFactorChangeResult>;

