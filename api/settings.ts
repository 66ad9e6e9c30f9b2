// Tenant settings in the back office (admins): the editable view of the tenant configuration and a
// partial update per section. Shared by server (validation, OpenAPI) and web (forms). The rules that
// need more than a schema (contrast, safe number formats, logo bytes) are checked by the server
// (server/modules/tenants/settings.ts) and answered as field errors.
import { z } from 'zod';
import { DOCUMENT_TYPE_LIMITS, ZDocumentType } from './documents.ts';
import { ZLocale, ZLocalizedText, ZModule, ZRegistrationMethod, ZTenantConfig } from './tenant.ts';

const ZHexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb');

/** Bounds an admin may set (the CLI's tenant files allow a wider range for the operator). */
export const SETTINGS_LIMITS = {
  idleTimeoutMinutes: { min: 5, max: 60 },
  passwordMinLength: { min: 10, max: 64 },
  logoBytes: 512 * 1024,
} as const;

export const ZLogoContentType = z.enum(['image/png', 'image/jpeg', 'image/webp']);
export type TLogoContentType = z.infer<typeof ZLogoContentType>;

/** A logo upload: the bytes as base64 (checked by their first bytes; SVG is refused). */
export const ZLogoUpload = z.strictObject({
  contentType: ZLogoContentType,
  // 512 KiB as base64 is 699,052 characters; a little slack for line breaks.
  dataBase64: z.string().min(8).max(700_000),
});

const ZPhone = z.string().trim().regex(/^\+?[0-9 ()/.-]{3,40}$/, 'phone: digits, spaces and + ( ) / . - only');
/** A display name for the From header: no line breaks, quotes or angle brackets (header injection). */
const ZMailName = z.string().trim().min(1).max(120).regex(/^[^\p{Cc}"<>\\]+$/u, 'no control characters, quotes or angle brackets');

export const ZSettingsPatch = z
  .strictObject({
    general: z
      .strictObject({
        displayName: z.string().trim().min(1).max(120),
        legalName: z.string().trim().min(1).max(200),
        defaultLocale: ZLocale,
        address: z.strictObject({
          street: z.string().trim().min(1).max(120),
          postalCode: z.string().trim().regex(/^\d{4,5}$/),
          city: z.string().trim().min(1).max(80),
        }),
      })
      .partial(),
    contact: z.strictObject({ phone: ZPhone, email: z.email().max(254), hours: ZLocalizedText }).partial(),
    branding: z
      .strictObject({
        primaryColor: ZHexColor,
        accentColor: ZHexColor,
        /** A new logo, or null to remove it. */
        logo: ZLogoUpload.nullable(),
      })
      .partial(),
    legal: z.strictObject({ imprint: ZLocalizedText, privacy: ZLocalizedText, accessibility: ZLocalizedText }).partial(),
    numberFormats: z
      .strictObject({
        customerNumber: z
          .strictObject({ pattern: z.string().min(1).max(200), example: z.string().trim().min(1).max(40), help: ZLocalizedText })
          .partial(),
        meterNumber: z
          .strictObject({
            stripCharacters: z.string().max(20),
            uppercase: z.boolean(),
            stripLeadingZeros: z.boolean(),
            help: ZLocalizedText,
          })
          .partial(),
      })
      .partial(),
    registrationMethods: z.array(ZRegistrationMethod).min(1).max(ZRegistrationMethod.options.length),
    modules: z.array(ZModule).max(ZModule.options.length),
    security: z
      .strictObject({
        idleTimeoutMinutes: z.number().int().min(SETTINGS_LIMITS.idleTimeoutMinutes.min).max(SETTINGS_LIMITS.idleTimeoutMinutes.max),
        passwordMinLength: z.number().int().min(SETTINGS_LIMITS.passwordMinLength.min).max(SETTINGS_LIMITS.passwordMinLength.max),
      })
      .partial(),
    instalments: z
      .strictObject({
        maxIncreasePercent: z.number().int().min(0).max(1000),
        maxDecreasePercent: z.number().int().min(0).max(100),
        instalmentsPerYear: z.union([z.literal(11), z.literal(12)]),
      })
      .partial(),
    mail: z.strictObject({ fromName: ZMailName.nullable(), fromAddress: z.email().max(254).nullable() }).partial(),
    /** The whole list of the utility's document types; a type documents use cannot be removed. */
    documentTypes: z.array(ZDocumentType).max(DOCUMENT_TYPE_LIMITS.types),
    /** The version read (GET); when given and the settings changed meanwhile, the update is refused (409). */
    version: z.string().max(40),
  })
  .partial();
export type TSettingsPatch = z.infer<typeof ZSettingsPatch>;

export const ZSettings = z.object({
  config: ZTenantConfig,
  logo: z.object({ contentType: z.string(), url: z.string() }).nullable(),
  /** Changes with every update; send it back as `version` to detect concurrent edits. */
  version: z.string(),
});
export type TSettings = z.infer<typeof ZSettings>;

/** The live test field of the number formats. */
export const ZNumberFormatTest = z.strictObject({ pattern: z.string().min(1).max(200), value: z.string().max(64) });
export const ZNumberFormatTestResult = z.object({
  /** Whether the pattern itself is usable (compiles, no catastrophic backtracking). */
  valid: z.boolean(),
  /** Whether the value (spaces removed, as at registration) matches the whole pattern. */
  matches: z.boolean(),
  normalized: z.string(),
  /** Why the pattern is not usable, in the caller's language. */
  error: z.string().nullable(),
});
export type TNumberFormatTestResult = z.infer<typeof ZNumberFormatTestResult>;
