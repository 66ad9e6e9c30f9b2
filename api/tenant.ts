// Tenant configuration: the stored shape (validated by the CLI and the back office) and the public
// shape that reaches the browser. Shared by server and web.
import { z } from 'zod';
import { DOCUMENT_TYPE_LIMITS, ZDocumentType } from './documents.ts';
import { isValidCreditorId } from './sepa.ts';

export const ZLocale = z.enum(['de', 'en']);
export type TLocale = z.infer<typeof ZLocale>;

/** A text in both UI languages. German is required, English falls back to German. */
export const ZLocalizedText = z.strictObject({
  de: z.string().min(1).max(20_000),
  en: z.string().max(20_000).optional(),
});
export type TLocalizedText = z.infer<typeof ZLocalizedText>;

export const ZTenantSlug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'slug: lower-case letters, digits and dashes, 1-40 characters');

const ZHexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'colour must be #rrggbb');

export const ZRegistrationMethod = z.enum([
  'customer_meter', // customer number + meter number
  'customer_name', // customer number + name
  'meter_gp', // meter number + grid business-partner number (GP-Nr)
  'invitation', // one-time invitation link
]);
export type TRegistrationMethod = z.infer<typeof ZRegistrationMethod>;

export const ZModule = z.enum([
  'readings',
  'consumption',
  'invoices',
  'instalments',
  'banking',
  'contracts',
  'account_statement',
  'requests',
  'smart_meter',
  'energy_sharing',
]);
export type TModule = z.infer<typeof ZModule>;

export const ZDivision = z.enum(['electricity', 'gas', 'water', 'heat']);
export type TDivision = z.infer<typeof ZDivision>;

export const ZTenantConfig = z.strictObject({
  displayName: z.string().min(1).max(120),
  legalName: z.string().min(1).max(200),
  country: z.enum(['DE', 'AT']),
  timeZone: z.enum(['Europe/Berlin', 'Europe/Vienna']),
  defaultLocale: ZLocale.default('de'),
  address: z.strictObject({
    street: z.string().min(1).max(120),
    postalCode: z.string().regex(/^\d{4,5}$/),
    city: z.string().min(1).max(80),
  }),
  contact: z.strictObject({
    phone: z.string().min(3).max(40),
    email: z.email(),
    hours: ZLocalizedText,
  }),
  branding: z.strictObject({
    primaryColor: ZHexColor,
    accentColor: ZHexColor,
  }),
  divisions: z.array(ZDivision).min(1),
  customerNumber: z.strictObject({
    pattern: z.string().min(1).max(200),
    example: z.string().min(1).max(40),
    help: ZLocalizedText,
  }),
  meterNumber: z.strictObject({
    /** Characters removed before comparing (spaces are always removed). */
    stripCharacters: z.string().max(20).default('-./'),
    uppercase: z.boolean().default(true),
    stripLeadingZeros: z.boolean().default(false),
    help: ZLocalizedText,
  }),
  registrationMethods: z.array(ZRegistrationMethod).default(['customer_meter']),
  modules: z.array(ZModule).default([]),
  session: z
    .strictObject({
      idleTimeoutMinutes: z.number().int().min(2).max(120).default(15),
    })
    .default({ idleTimeoutMinutes: 15 }),
  passwordMinLength: z.number().int().min(8).max(64).default(10),
  instalmentLimits: z
    .strictObject({
      maxIncreasePercent: z.number().int().min(0).max(1000).default(100),
      maxDecreasePercent: z.number().int().min(0).max(100).default(15),
    })
    .default({ maxIncreasePercent: 100, maxDecreasePercent: 15 }),
  /** Instalments per year: 12, or 11 when the 12th month is settled by the annual bill (DOMAIN.md §4). */
  instalmentsPerYear: z.union([z.literal(11), z.literal(12)]).default(12),
  /**
   * Plausibility of meter readings: the consumption since the last reading as a factor of the
   * expected consumption (DOMAIN.md §3). Outside the warn band the customer confirms it with a
   * comment (and may add a photo); outside the block band it cannot be submitted.
   */
  plausibility: z
    .strictObject({
      warnBelow: z.number().min(0).max(1).default(0.6),
      warnAbove: z.number().min(1).max(100).default(1.7),
      blockBelow: z.number().min(0).max(1).default(0.3),
      blockAbove: z.number().min(1).max(100).default(3),
    })
    .refine((p) => p.blockBelow <= p.warnBelow && p.warnAbove <= p.blockAbove, 'the block band must contain the warn band')
    .default({ warnBelow: 0.6, warnAbove: 1.7, blockBelow: 0.3, blockAbove: 3 }),
  /**
   * Gas: m3 read on the meter -> kWh billed = m3 x calorific value (Brennwert, kWh/m3) x Zustandszahl.
   * One pair per utility; the values of the latest annual bill.
   */
  gasConversion: z
    .strictObject({
      calorificValue: z.number().min(8).max(13).default(11.3),
      zNumber: z.number().min(0.8).max(1.1).default(0.9636),
    })
    .default({ calorificValue: 11.3, zNumber: 0.9636 }),
  /** SEPA direct debit: the utility's creditor identifier (Gläubiger-ID); required by the banking module. */
  sepa: z
    .strictObject({
      creditorId: z.string().refine(isValidCreditorId, 'not a valid SEPA creditor identifier'),
    })
    .optional(),
  retention: z
    .strictObject({
      invoicesYears: z.number().int().min(1).max(30),
      auditYears: z.number().int().min(1).max(30).default(3),
    }),
  legal: z.strictObject({
    imprint: ZLocalizedText,
    privacy: ZLocalizedText,
    accessibility: ZLocalizedText,
  }),
  mail: z
    .strictObject({
      fromName: z.string().min(1).max(120).optional(),
      fromAddress: z.email().optional(),
    })
    .default({}),
  /** The utility's own document types (ADR 0026); documents of the integration API may name one. */
  documentTypes: z.array(ZDocumentType).max(DOCUMENT_TYPE_LIMITS.types).default([]),
})
  .refine((c) => new Set(c.documentTypes.map((type) => type.code)).size === c.documentTypes.length, {
    message: 'document type codes must be unique',
    path: ['documentTypes'],
  })
  .refine((c) => !c.modules.includes('banking') || c.sepa !== undefined, {
    message: 'the banking module needs sepa.creditorId',
    path: ['sepa'],
  });
export type TTenantConfig = z.infer<typeof ZTenantConfig>;
export type TTenantConfigInput = z.input<typeof ZTenantConfig>;

/** What the CLI reads from a JSON file: the config plus slug, domains and an optional logo. */
export const ZTenantFile = z.strictObject({
  slug: ZTenantSlug,
  domains: z.array(z.string().toLowerCase().regex(/^[a-z0-9.-]+$/)).default([]),
  /** Path of an SVG or PNG file, relative to the JSON file. */
  logo: z.string().optional(),
  config: ZTenantConfig,
});
export type TTenantFile = z.infer<typeof ZTenantFile>;

/** The tenant as the browser sees it (GET /api/v1/tenant). Nothing internal. */
export const ZPublicTenant = z.object({
  slug: z.string(),
  displayName: z.string(),
  legalName: z.string(),
  country: z.enum(['DE', 'AT']),
  timeZone: z.string(),
  defaultLocale: ZLocale,
  address: z.object({ street: z.string(), postalCode: z.string(), city: z.string() }),
  contact: z.object({ phone: z.string(), email: z.string(), hours: ZLocalizedText }),
  branding: z.object({
    primaryColor: z.string(),
    accentColor: z.string(),
    /** URL of the logo, or null when the tenant has none. */
    logoUrl: z.string().nullable(),
  }),
  divisions: z.array(ZDivision),
  customerNumber: z.object({ pattern: z.string(), example: z.string(), help: ZLocalizedText }),
  meterNumberHelp: ZLocalizedText,
  registrationMethods: z.array(ZRegistrationMethod),
  modules: z.array(ZModule),
  idleTimeoutMinutes: z.number().int(),
  passwordMinLength: z.number().int(),
  demo: z.boolean(),
});
export type TPublicTenant = z.infer<typeof ZPublicTenant>;

export const ZLegalPageKind = z.enum(['imprint', 'privacy', 'accessibility']);
export type TLegalPageKind = z.infer<typeof ZLegalPageKind>;

export const ZLegalPage = z.object({
  kind: ZLegalPageKind,
  locale: ZLocale,
  /** Plain text; paragraphs separated by blank lines, lines starting with "# " are headings. */
  text: z.string(),
});
export type TLegalPage = z.infer<typeof ZLegalPage>;

/** Demo accounts (GET /dev/demo-accounts.json, demo mode only). */
export const ZDemoAccounts = z.object({
  tenants: z.array(
    z.object({
      slug: z.string(),
      displayName: z.string(),
      url: z.string(),
      /** How customers of this tenant register (invitations: POST /dev/invitations in the demo). */
      registrationMethods: z.array(ZRegistrationMethod),
      logins: z.array(
        z.object({
          email: z.string(),
          password: z.string(),
          customerNumbers: z.array(z.string()),
          note: z.string(),
        }),
      ),
      unregistered: z.array(
        z.object({
          customerNumber: z.string(),
          name: z.string(),
          meterNumbers: z.array(z.string()),
          /** Further registration proof, e.g. Zählpunkt or GP-Nr. */
          proof: z.record(z.string(), z.string()),
        }),
      ),
      /** Back-office staff (sign-in at /backoffice): password, and the demo authenticator secret with its current code. */
      staff: z.array(
        z.object({
          email: z.string(),
          name: z.string(),
          role: z.enum(['admin', 'clerk', 'read_only']),
          password: z.string(),
          totpSecret: z.string(),
          currentCode: z.string(),
        }),
      ),
    }),
  ),
  /** Platform operators (console at /betrieb on the installation host), like the staff. */
  operators: z.array(z.object({ email: z.string(), name: z.string(), password: z.string(), totpSecret: z.string(), currentCode: z.string() })),
});
export type TDemoAccounts = z.infer<typeof ZDemoAccounts>;
