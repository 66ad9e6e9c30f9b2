// Integration API (/api/v1/integration): the utility's billing system (SAP IS-U, Schleupen,
// Wilken, ...) signs in with OAuth2 client credentials and upserts master and billing data keyed by
// its own ids. Shared by the server (validation, OpenAPI) and the back office.
import { z } from 'zod';
import { ZDocumentTypeCode } from './documents.ts';

/**
 * Every scope a client may hold. `supply:write` covers consumption points, tariffs, contracts and
 * meters; `billing:write` invoices, documents, instalment plans and account transactions; `requests:write`
 * sets the status of customer requests the billing system has processed.
 */
export const INTEGRATION_SCOPES = [
  'customers:write',
  'supply:write',
  'readings:write',
  'readings:read',
  'billing:write',
  'intervals:write',
  'requests:read',
  'requests:write',
  'webhooks:manage',
] as const;
export const ZIntegrationScope = z.enum(INTEGRATION_SCOPES);
export type TIntegrationScope = z.infer<typeof ZIntegrationScope>;

/** Lifetime of an access token in seconds (15 minutes). */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 900;

/** Name of the bearer security scheme in the OpenAPI document. */
export const INTEGRATION_SECURITY_SCHEME = 'integrationBearer';

// --- clients (back office and CLI) --------------------------------------------------------------

export const ZCreateClientRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ZIntegrationScope).min(1),
});
export type TCreateClientRequest = z.infer<typeof ZCreateClientRequest>;

export const ZIntegrationClient = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The public client identifier (RFC 6749 `client_id`). */
  clientId: z.string(),
  scopes: z.array(ZIntegrationScope),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type TIntegrationClient = z.infer<typeof ZIntegrationClient>;

/** A new client with its secret: the only time the secret is shown. */
export const ZCreatedClient = ZIntegrationClient.extend({ clientSecret: z.string() });
export type TCreatedClient = z.infer<typeof ZCreatedClient>;

// --- token endpoint (RFC 6749 §4.4) -------------------------------------------------------------

/**
 * The token request, as `application/x-www-form-urlencoded` (RFC 6749) or JSON. Unknown parameters
 * are ignored as the RFC requires. The client authenticates with HTTP Basic or with
 * `client_id`/`client_secret` in the body (not both).
 */
export const ZTokenRequest = z
  .object({
    grant_type: z.string().meta({ example: 'client_credentials' }),
    client_id: z.string().optional(),
    client_secret: z.string().optional(),
    /** Space-separated scopes to narrow the token to; all of the client's scopes when omitted. */
    scope: z.string().optional().meta({ example: 'customers:write supply:write' }),
  })
  .meta({ id: 'IntegrationTokenRequest' });
export type TTokenRequest = z.infer<typeof ZTokenRequest>;

export const ZTokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
    scope: z.string(),
  })
  .meta({
    id: 'IntegrationTokenResponse',
    example: { access_token: 'kpat_…', token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_SECONDS, scope: 'customers:write supply:write' },
  });
export type TTokenResponse = z.infer<typeof ZTokenResponse>;

/** RFC 6749 §5.2 error answer of the token endpoint. */
export const ZTokenError = z
  .object({
    error: z.enum(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']),
    error_description: z.string().optional(),
  })
  .meta({ id: 'IntegrationTokenError' });
export type TTokenError = z.infer<typeof ZTokenError>;

const scopeDescriptions: Record<TIntegrationScope, string> = {
  'customers:write': 'Upsert customers (master data, contact data, billing address)',
  'supply:write': 'Upsert consumption points, tariffs, contracts and meters with registers (incl. exchanges)',
  'readings:write': 'Upsert meter readings',
  'readings:read': 'Read meter readings (e.g. those customers submitted)',
  'billing:write': 'Upsert invoices, documents with their PDF, instalment plans and account transactions',
  'intervals:write': 'Import interval data (15-minute values, MSCONS)',
  'requests:read': 'Read customer requests',
  'requests:write': 'Set the status of customer requests the billing system has processed',
  'webhooks:manage': 'Manage webhook subscriptions',
};

/** OpenAPI security schemes of the integration API (merged into the document's components). */
export const integrationSecuritySchemes = {
  [INTEGRATION_SECURITY_SCHEME]: {
    type: 'oauth2',
    description:
      'OAuth2 client credentials (RFC 6749 §4.4). Clients are created per utility in the back office; the access token ' +
      `(Authorization: Bearer …) lives ${ACCESS_TOKEN_LIFETIME_SECONDS / 60} minutes and only works on the host of its utility.`,
    flows: { clientCredentials: { tokenUrl: '/api/v1/integration/oauth/token', scopes: scopeDescriptions } },
  },
} as const;

// --- bulk upserts -------------------------------------------------------------------------------

/** At most this many records per request (413 beyond), and these body limits. */
export const MAX_RECORDS_PER_BATCH = 1000;
export const UPSERT_BODY_LIMIT_BYTES = 5 * 1024 * 1024;
/** Invoices and documents carry PDFs (base64): a larger body, at most 10 MB per PDF. */
export const DOCUMENT_BODY_LIMIT_BYTES = 50 * 1024 * 1024;
export const MAX_PDF_BYTES = 10 * 1024 * 1024;

const ZDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date');
const ZCents = z.number().int().min(-1e13).max(1e13);
const ZText = (max: number) => z.string().trim().min(1).max(max);
const ZOptionalText = (max: number) => z.string().trim().max(max).nullish();
const ZKey = z.string().trim().min(1).max(100).regex(/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/, 'printable ASCII');
const ZCountry = z.enum(['DE', 'AT']);
const ZDivisionValue = z.enum(['electricity', 'gas', 'water', 'heat']);

export const ZCustomerRecord = z
  .strictObject({
    customerNumber: ZKey,
    kind: z.enum(['person', 'company']),
    salutation: z.enum(['mr', 'ms', 'diverse', 'company']).nullish(),
    firstName: ZOptionalText(100),
    lastName: ZOptionalText(100),
    companyName: ZOptionalText(200),
    street: ZText(100),
    houseNumber: ZText(20),
    postalCode: z.string().trim().regex(/^\d{4,5}$/),
    city: ZText(100),
    country: ZCountry,
    email: z.email().max(254).nullish(),
    phone: ZOptionalText(40),
  })
  .meta({
    id: 'IntegrationCustomer',
    example: {
      customerNumber: '41234567',
      kind: 'person',
      salutation: 'ms',
      firstName: 'Erika',
      lastName: 'Mustermann',
      street: 'Hauptstraße',
      houseNumber: '5',
      postalCode: '12345',
      city: 'Musterstadt',
      country: 'DE',
      email: 'erika@example.org',
    },
  });
export type TCustomerRecord = z.infer<typeof ZCustomerRecord>;

export const ZPremiseRecord = z
  .strictObject({
    /** The billing system's id of the consumption point (Verbrauchsstelle / Anlage). */
    externalId: ZKey,
    customerNumber: ZKey,
    street: ZText(100),
    houseNumber: ZText(20),
    postalCode: z.string().trim().regex(/^\d{4,5}$/),
    city: ZText(100),
    country: ZCountry,
    /** Market location id (DE), 11 digits with the BDEW check digit. */
    maloId: z.string().trim().nullish(),
  })
  .meta({
    id: 'IntegrationPremise',
    example: { externalId: 'ANL-100200', customerNumber: '41234567', street: 'Lindenweg', houseNumber: '3', postalCode: '12345', city: 'Musterstadt', country: 'DE', maloId: '51238696781' },
  });
export type TPremiseRecord = z.infer<typeof ZPremiseRecord>;

export const ZTariffRecord = z
  .strictObject({
    /** The product code; one record per price version (code + validFrom). */
    code: ZKey,
    validFrom: ZDate,
    name: ZText(200),
    division: ZDivisionValue,
    /** Net energy price in cent per kWh (water: per m³), up to 4 decimals, e.g. "28.4500". */
    energyPriceCt: z.string().trim().regex(/^\d{1,6}(\.\d{1,4})?$/, 'decimal with a dot, up to 4 decimals'),
    basePriceCentsPerYear: z.number().int().min(0).max(1e11),
  })
  .meta({
    id: 'IntegrationTariff',
    example: { code: 'STROM-BASIS', validFrom: '2026-01-01', name: 'Strom Basis', division: 'electricity', energyPriceCt: '28.4500', basePriceCentsPerYear: 12000 },
  });
export type TTariffRecord = z.infer<typeof ZTariffRecord>;

export const ZContractRecord = z
  .strictObject({
    contractNumber: ZKey,
    customerNumber: ZKey,
    /** externalId of the consumption point. */
    premiseId: ZKey,
    /** Tariff code; the contract refers to the price version valid at its start. */
    tariffCode: ZKey,
    division: ZDivisionValue,
    direction: z.enum(['consumption', 'feed_in']).default('consumption'),
    startDate: ZDate,
    endDate: ZDate.nullish(),
    minimumTermMonths: z.number().int().min(0).max(120).default(0),
    noticePeriodWeeks: z.number().int().min(0).max(104).default(4),
    /** Annual forecast in kWh (water: m³), up to 3 decimals. */
    annualForecast: z.number().min(0).max(1e9).nullish(),
  })
  .meta({
    id: 'IntegrationContract',
    example: { contractNumber: 'V-2026-0001', customerNumber: '41234567', premiseId: 'ANL-100200', tariffCode: 'STROM-BASIS', division: 'electricity', startDate: '2026-01-01', annualForecast: 2500 },
  });
export type TContractRecord = z.infer<typeof ZContractRecord>;

export const ZRegisterRecord = z.strictObject({
  obis: z.string().trim().regex(/^\d{1,3}-\d{1,3}:\d{1,3}\.\d{1,3}\.\d{1,3}$/, 'OBIS code like 1-0:1.8.0'),
  label: ZOptionalText(60),
  unit: z.enum(['kWh', 'm3']),
  digits: z.number().int().min(3).max(12),
  decimals: z.number().int().min(0).max(3).default(0),
});

export const ZMeterRecord = z
  .strictObject({
    meterNumber: ZKey,
    /** externalId of the consumption point the meter is installed at. */
    premiseId: ZKey,
    division: ZDivisionValue,
    kind: z.enum(['conventional', 'modern', 'smart']).default('conventional'),
    /** Zählpunkt / MeLo-ID (33 characters). */
    meteringPointId: z.string().trim().regex(/^[A-Z]{2}\d{11}[A-Z0-9]{20}$/, '33 characters: country, 11 digits, 20 letters or digits').nullish(),
    dataGranularity: z.enum(['OPT_OUT', 'DAILY', 'QUARTER_HOUR']).nullish(),
    installedOn: ZDate,
    /** Set when the meter was removed (exchanged); the new meter is a record of its own. */
    removedOn: ZDate.nullish(),
    registers: z.array(ZRegisterRecord).min(1).max(12),
  })
  .meta({
    id: 'IntegrationMeter',
    example: { meterNumber: '1EMH0012345678', premiseId: 'ANL-100200', division: 'electricity', installedOn: '2020-03-01', registers: [{ obis: '1-0:1.8.0', unit: 'kWh', digits: 6 }] },
  });
export type TMeterRecord = z.infer<typeof ZMeterRecord>;

export const ZReadingRecord = z
  .strictObject({
    meterNumber: ZKey,
    obis: z.string().trim().min(1).max(20),
    readOn: ZDate,
    /** Decimal with a dot in the register's unit, e.g. "12345.6". */
    value: z.string().trim().regex(/^\d{1,13}(\.\d{1,3})?$/, 'decimal with a dot, up to 3 decimals'),
    /** `actual` (read by the utility or the customer) or `estimated`. */
    kind: z.enum(['actual', 'estimated']).default('actual'),
    reason: z.enum(['periodic', 'move_in', 'move_out', 'meter_installed', 'meter_removed', 'interim', 'billing']).default('periodic'),
  })
  .meta({ id: 'IntegrationReading', example: { meterNumber: '1EMH0012345678', obis: '1-0:1.8.0', readOn: '2025-12-31', value: '12345.6', reason: 'billing' } });
export type TReadingRecord = z.infer<typeof ZReadingRecord>;

export const ZInstalmentPlanRecord = z
  .strictObject({
    externalId: ZKey,
    contractNumber: ZKey,
    amountCents: z.number().int().min(0).max(1e9),
    validFrom: ZDate,
    validTo: ZDate.nullish(),
    dueDay: z.number().int().min(1).max(28).default(15),
  })
  .meta({ id: 'IntegrationInstalmentPlan', example: { externalId: 'AB-77', contractNumber: 'V-2026-0001', amountCents: 8000, validFrom: '2026-02-15', dueDay: 15 } });
export type TInstalmentPlanRecord = z.infer<typeof ZInstalmentPlanRecord>;

export const ZTransactionRecord = z
  .strictObject({
    externalId: ZKey,
    customerNumber: ZKey,
    bookingDate: ZDate,
    dueDate: ZDate.nullish(),
    kind: z.enum(['invoice', 'instalment', 'payment', 'credit', 'refund', 'fee']),
    description: ZText(200),
    /** > 0 the customer owes, < 0 payments and credits. */
    amountCents: ZCents,
    reference: ZOptionalText(100),
    /** The invoice the booking belongs to (its number). */
    invoiceNumber: ZKey.nullish(),
    cleared: z.boolean().default(false),
  })
  .meta({ id: 'IntegrationTransaction', example: { externalId: 'BU-2026-000123', customerNumber: '41234567', bookingDate: '2026-02-15', dueDate: '2026-02-15', kind: 'instalment', description: 'Abschlag Februar', amountCents: 8000 } });
export type TTransactionRecord = z.infer<typeof ZTransactionRecord>;

/** A PDF in the record, base64-encoded (at most 10 MB decoded, must start with %PDF). */
export const ZDocumentRecord = z
  .strictObject({
    externalId: ZKey,
    customerNumber: ZKey,
    kind: z.enum(['invoice', 'contract', 'letter', 'notice', 'other']),
    /** One of the utility's document types (back office settings), e.g. `mahnung`; its kind must be `kind`. */
    type: ZDocumentTypeCode.nullish(),
    title: ZText(200),
    fileName: z.string().trim().min(1).max(150).regex(/^[^/\\\p{Cc}]+\.pdf$/iu, 'a file name ending in .pdf'),
    contentBase64: z.string().min(1).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64'),
    /** When the document was made (shown as its date); the time of the upsert when omitted. */
    createdAt: z.iso.datetime({ offset: true }).nullish(),
  })
  .meta({ id: 'IntegrationDocument', example: { externalId: 'DOC-2026-0042', customerNumber: '41234567', kind: 'letter', title: 'Preisanpassung 2026', fileName: 'Preisanpassung.pdf', contentBase64: 'JVBERi0xLjQK…' } });
export type TDocumentRecord = z.infer<typeof ZDocumentRecord>;

export const ZInvoiceRecord = z
  .strictObject({
    invoiceNumber: ZKey,
    customerNumber: ZKey,
    kind: z.enum(['annual', 'final', 'interim', 'credit_note']),
    invoiceDate: ZDate,
    periodStart: ZDate,
    periodEnd: ZDate,
    netCents: ZCents,
    vatCents: ZCents,
    grossCents: ZCents,
    instalmentsPaidCents: ZCents.default(0),
    balanceCents: ZCents,
    dueDate: ZDate,
    /** The invoice's PDF (kind `invoice`, same customer); or `documentId` of one delivered before. */
    document: ZDocumentRecord.omit({ customerNumber: true, kind: true }).nullish(),
    documentId: ZKey.nullish(),
  })
  .meta({
    id: 'IntegrationInvoice',
    example: {
      invoiceNumber: 'R-2026-000123',
      customerNumber: '41234567',
      kind: 'annual',
      invoiceDate: '2026-01-20',
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
      netCents: 80000,
      vatCents: 15200,
      grossCents: 95200,
      instalmentsPaidCents: 88000,
      balanceCents: 7200,
      dueDate: '2026-02-05',
      document: { externalId: 'DOC-R-2026-000123', title: 'Jahresrechnung 2025', fileName: 'Rechnung_R-2026-000123.pdf', contentBase64: 'JVBERi0xLjQK…' },
    },
  });
export type TInvoiceRecord = z.infer<typeof ZInvoiceRecord>;

export const INTEGRATION_ENTITIES = [
  'customers',
  'premises',
  'tariffs',
  'contracts',
  'meters',
  'readings',
  'instalment-plans',
  'transactions',
  'invoices',
  'documents',
] as const;
export type TIntegrationEntity = (typeof INTEGRATION_ENTITIES)[number];

export const integrationEntities = {
  customers: { scope: 'customers:write', record: ZCustomerRecord, key: 'customerNumber', bodyLimit: UPSERT_BODY_LIMIT_BYTES },
  premises: { scope: 'supply:write', record: ZPremiseRecord, key: 'externalId', bodyLimit: UPSERT_BODY_LIMIT_BYTES },
  tariffs: { scope: 'supply:write', record: ZTariffRecord, key: 'code', bodyLimit: UPSERT_BODY_LIMIT_BYTES },
  contracts: { scope: 'supply:write', record: ZContractRecord, key: 'contractNumber', bodyLimit: UPSERT_BODY_LIMIT_BYTES },
  meters: { scope: 'supply:write', record: ZMeterRecord, key: 'meterNumber', bodyLimit: UPSERT_BODY_LIMIT_BYTES },
  readings: { scope: 'readings:write', record: ZReadingRecord, key: 'meterNumber', bodyLimit: UPSERT_BODY_LIMIT_BYTES },
  'instalment-plans': { scope: 'billing:write', record: ZInstalmentPlanRecord, key: 'externalId', bodyLimit: UPSERT_BODY_LIMIT_BYTES },
  transactions: { scope: 'billing:write', record: ZTransactionRecord, key: 'externalId', bodyLimit: UPSERT_BODY_LIMIT_BYTES },
  invoices: { scope: 'billing:write', record: ZInvoiceRecord, key: 'invoiceNumber', bodyLimit: DOCUMENT_BODY_LIMIT_BYTES },
  documents: { scope: 'billing:write', record: ZDocumentRecord, key: 'externalId', bodyLimit: DOCUMENT_BODY_LIMIT_BYTES },
} as const satisfies Record<TIntegrationEntity, { scope: TIntegrationScope; record: z.ZodType; key: string; bodyLimit: number }>;

export const ZRecordError = z.object({
  /** Position of the record in `records` (0-based). */
  index: z.number().int(),
  /** The record's key (customer number, external id, ...) when it could be read. */
  externalId: z.string().nullable(),
  /** The field, dotted (`registers.0.obis`); empty for the record as a whole. */
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type TRecordError = z.infer<typeof ZRecordError>;

/** 422 when any record is invalid: nothing of the batch was written. */
export const ZRecordsProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    requestId: z.string(),
    errors: z.array(ZRecordError),
  })
  .meta({ id: 'IntegrationRecordsProblem' });
export type TRecordsProblem = z.infer<typeof ZRecordsProblem>;

export const ZUpsertResult = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    /** Per record in order: its key, the portal's id and what happened. */
    records: z.array(z.object({ index: z.number().int(), key: z.string(), id: z.uuid(), result: z.enum(['created', 'updated', 'unchanged']) })),
  })
  .meta({ id: 'IntegrationUpsertResult', example: { created: 1, updated: 0, unchanged: 0, records: [{ index: 0, key: '41234567', id: '6f1c0e9e-9a51-4a3e-9d43-1f5c2b7f4a10', result: 'created' }] } });
export type TUpsertResult = z.infer<typeof ZUpsertResult>;
