// Bulk upserts of the billing system's data, keyed by its own ids (customer number, external ids,
// contract, meter and invoice numbers). One batch is one transaction: every record is checked
// (shape, references, check digits) and either all are written or, when any is invalid, nothing,
// with every error named by the record's position. Used by the API and the CLI import alike.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  integrationEntities,
  MAX_PDF_BYTES,
  MAX_RECORDS_PER_BATCH,
  type TContractRecord,
  type TCustomerRecord,
  type TDocumentRecord,
  type TInstalmentPlanRecord,
  type TIntegrationEntity,
  type TInvoiceRecord,
  type TMeterRecord,
  type TPremiseRecord,
  type TReadingRecord,
  type TRecordError,
  type TTariffRecord,
  type TTransactionRecord,
  type TUpsertResult,
} from '../../../api/integration.ts';
import type { TDocumentType } from '../../../api/documents.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { withTenantRetryingDuplicates, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { isValidMaloId } from '../../demo/ids.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { enqueueMail } from '../mail/mail.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { withIdempotency } from './idempotency.ts';
import * as repo from './upsert.repository.ts';

type Code =
  | 'duplicate_in_batch'
  | 'unknown_reference'
  | 'check_digit'
  | 'format'
  | 'required'
  | 'date_order'
  | 'not_pdf'
  | 'too_large'
  | 'sum_mismatch'
  | 'division_mismatch'
  | 'too_many_digits'
  | 'ambiguous'
  | 'unknown_document_type'
  | 'document_type_kind';

const messages: Record<Code, { de: string; en: string }> = {
  duplicate_in_batch: { de: 'Dieser Schlüssel kommt im Stapel mehrfach vor.', en: 'This key appears more than once in the batch.' },
  unknown_reference: { de: 'Nicht gefunden (weder im Portal noch weiter vorn im Stapel).', en: 'Not found (neither in the portal nor earlier in the batch).' },
  check_digit: { de: 'Die Prüfziffer der MaLo-ID stimmt nicht (BDEW-Verfahren).', en: 'The MaLo-ID check digit is wrong (BDEW method).' },
  format: { de: 'Das Format passt nicht zu den Vorgaben des Versorgers.', en: "The format does not match the utility's rules." },
  required: { de: 'Dieses Feld ist hier erforderlich.', en: 'This field is required here.' },
  date_order: { de: 'Das Ende liegt vor dem Beginn.', en: 'The end is before the start.' },
  not_pdf: { de: 'Der Inhalt ist kein PDF (beginnt nicht mit %PDF).', en: 'The content is not a PDF (does not start with %PDF).' },
  too_large: { de: 'Die Datei ist größer als 10 MB.', en: 'The file is larger than 10 MB.' },
  sum_mismatch: { de: 'Brutto ist nicht Netto plus Umsatzsteuer.', en: 'Gross is not net plus VAT.' },
  division_mismatch: { de: 'Die Sparte passt nicht zum Tarif.', en: 'The division does not match the tariff.' },
  too_many_digits: { de: 'Der Wert hat mehr Vorkommastellen als das Zählwerk.', en: 'The value has more digits than the register.' },
  ambiguous: { de: 'Mehrere Zähler mit dieser Nummer passen; bitte installedOn angeben.', en: 'Several meters with this number match; please give installedOn.' },
  unknown_document_type: {
    de: 'Diese Dokumentart ist in den Einstellungen des Versorgers nicht angelegt.',
    en: "This document type is not defined in the utility's settings.",
  },
  document_type_kind: { de: 'Die Dokumentart gehört zu einer anderen Art (kind).', en: 'The document type belongs to a different kind.' },
};

class RecordsInvalid extends Error {
  readonly errors: TRecordError[];
  constructor(errors: TRecordError[]) {
    super('records invalid');
    this.errors = errors;
  }
}

type Item<R> = { index: number; key: string; record: R };

type Ctx = {
  trx: TenantTransaction;
  tenant: Tenant;
  now: Date;
  locale: TLocale;
  errors: TRecordError[];
  customers: Map<string, string | null>;
};

function fail(ctx: Ctx, item: { index: number; key: string }, field: string, code: Code): void {
  ctx.errors.push({ index: item.index, externalId: item.key, field, code, message: messages[code][ctx.locale] });
}

/** The key of a record (what the billing system names it by), for duplicates and answers. */
export function recordKey(entity: TIntegrationEntity, record: Record<string, unknown>): string | null {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  switch (entity) {
    case 'tariffs':
      return text(record.code) && text(record.validFrom) ? `${text(record.code)}@${text(record.validFrom)}` : null;
    case 'readings':
      return text(record.meterNumber) && text(record.obis) && text(record.readOn) ? `${text(record.meterNumber)}|${text(record.obis)}|${text(record.readOn)}` : null;
    default:
      return text(record[integrationEntities[entity].key]);
  }
}

async function customerId(ctx: Ctx, item: Item<unknown>, number: string, field = 'customerNumber'): Promise<string | null> {
  if (!ctx.customers.has(number)) {
    const row = await ctx.trx.selectFrom('customers').select('id').where('tenant_id', '=', ctx.tenant.id).where('customer_number', '=', number).executeTakeFirst();
    ctx.customers.set(number, row?.id ?? null);
  }
  const id = ctx.customers.get(number) ?? null;
  if (!id) fail(ctx, item, field, 'unknown_reference');
  return id;
}

async function idBy(ctx: Ctx, item: Item<unknown>, table: repo.UpsertTable, column: string, value: string, field: string): Promise<string | null> {
  const row = await repo.findRow(ctx.trx, ctx.tenant.id, table, { [column]: value });
  if (!row) fail(ctx, item, field, 'unknown_reference');
  return row ? String(row.id) : null;
}

function fixed(value: string | number, decimals: number): string {
  const [whole = '0', fraction = ''] = String(value).split('.');
  return decimals === 0 ? whole : `${whole}.${fraction.padEnd(decimals, '0').slice(0, decimals)}`;
}

// --- per entity ---------------------------------------------------------------------------------

async function upsertCustomer(ctx: Ctx, item: Item<TCustomerRecord>): Promise<repo.UpsertOutcome | null> {
  const r = item.record;
  const pattern = new RegExp(`^(?:${ctx.tenant.config.customerNumber.pattern})$`, 'u');
  if (!pattern.test(r.customerNumber)) fail(ctx, item, 'customerNumber', 'format');
  if (r.kind === 'person' && !r.lastName) fail(ctx, item, 'lastName', 'required');
  if (r.kind === 'company' && !r.companyName) fail(ctx, item, 'companyName', 'required');
  const existing = await repo.findRow(ctx.trx, ctx.tenant.id, 'customers', { customer_number: r.customerNumber });
  const outcome = await repo.upsertRow(ctx.trx, ctx.tenant.id, 'customers', existing, {
    customer_number: r.customerNumber,
    kind: r.kind,
    salutation: r.salutation ?? null,
    first_name: r.firstName || null,
    last_name: r.lastName || null,
    company_name: r.companyName || null,
    street: r.street,
    house_number: r.houseNumber,
    postal_code: r.postalCode,
    city: r.city,
    country: r.country,
    email: r.email?.toLowerCase() ?? null,
    phone: r.phone || null,
  });
  ctx.customers.set(r.customerNumber, outcome.id);
  return outcome;
}

async function upsertPremise(ctx: Ctx, item: Item<TPremiseRecord>): Promise<repo.UpsertOutcome | null> {
  const r = item.record;
  const customer = await customerId(ctx, item, r.customerNumber);
  const malo = r.maloId || null;
  if (malo !== null && !isValidMaloId(malo)) fail(ctx, item, 'maloId', /^[1-9]\d{10}$/.test(malo) ? 'check_digit' : 'format');
  if (!customer || (malo !== null && !isValidMaloId(malo))) return null;
  const existing = await repo.findRow(ctx.trx, ctx.tenant.id, 'premises', { external_id: r.externalId });
  return repo.upsertRow(ctx.trx, ctx.tenant.id, 'premises', existing, {
    external_id: r.externalId,
    customer_id: customer,
    street: r.street,
    house_number: r.houseNumber,
    postal_code: r.postalCode,
    city: r.city,
    country: r.country,
    malo_id: malo,
  });
}

async function upsertTariff(ctx: Ctx, item: Item<TTariffRecord>): Promise<repo.UpsertOutcome | null> {
  const r = item.record;
  const existing = await repo.findRow(ctx.trx, ctx.tenant.id, 'tariffs', { code: r.code, valid_from: r.validFrom });
  return repo.upsertRow(ctx.trx, ctx.tenant.id, 'tariffs', existing, {
    code: r.code,
    valid_from: r.validFrom,
    name: r.name,
    division: r.division,
    energy_price_ct: fixed(r.energyPriceCt, 4),
    base_price_cents_per_year: r.basePriceCentsPerYear,
  });
}

async function upsertContract(ctx: Ctx, item: Item<TContractRecord>): Promise<repo.UpsertOutcome | null> {
  const r = item.record;
  const customer = await customerId(ctx, item, r.customerNumber);
  const premise = await idBy(ctx, item, 'premises', 'external_id', r.premiseId, 'premiseId');
  const tariff = await repo.tariffFor(ctx.trx, ctx.tenant.id, r.tariffCode, r.startDate);
  if (!tariff) fail(ctx, item, 'tariffCode', 'unknown_reference');
  else if (tariff.division !== r.division) fail(ctx, item, 'division', 'division_mismatch');
  if (r.endDate && r.endDate < r.startDate) fail(ctx, item, 'endDate', 'date_order');
  if (!customer || !premise || !tariff || tariff.division !== r.division || (r.endDate && r.endDate < r.startDate)) return null;
  const existing = await repo.findRow(ctx.trx, ctx.tenant.id, 'contracts', { contract_number: r.contractNumber });
  return repo.upsertRow(ctx.trx, ctx.tenant.id, 'contracts', existing, {
    contract_number: r.contractNumber,
    customer_id: customer,
    premise_id: premise,
    division: r.division,
    direction: r.direction,
    tariff_id: tariff.id,
    start_date: r.startDate,
    end_date: r.endDate ?? null,
    minimum_term_months: r.minimumTermMonths,
    notice_period_weeks: r.noticePeriodWeeks,
    annual_forecast_milli: r.annualForecast === null || r.annualForecast === undefined ? null : Math.round(r.annualForecast * 1000),
  });
}

/**
 * A meter by its number: the row installed on the same day, else the one row with that number
 * unless it was removed before this installation (then the meter was installed again: a new row).
 */
async function existingMeter(ctx: Ctx, item: Item<TMeterRecord>): Promise<Record<string, unknown> | undefined | 'ambiguous'> {
  const rows = await repo.findRowsBy(ctx.trx, ctx.tenant.id, 'meters', 'meter_number', item.record.meterNumber);
  const sameDay = rows.find((row) => row.installed_on === item.record.installedOn);
  if (sameDay) return sameDay;
  const current = rows.filter((row) => row.removed_on === null || (row.removed_on as string) >= item.record.installedOn);
  if (current.length > 1) return 'ambiguous';
  return current[0];
}

async function upsertMeter(ctx: Ctx, item: Item<TMeterRecord>): Promise<repo.UpsertOutcome | null> {
  const r = item.record;
  const premise = await idBy(ctx, item, 'premises', 'external_id', r.premiseId, 'premiseId');
  if (r.removedOn && r.removedOn < r.installedOn) fail(ctx, item, 'removedOn', 'date_order');
  const obis = r.registers.map((g) => g.obis);
  obis.forEach((o, i) => {
    if (obis.indexOf(o) !== i) fail(ctx, item, `registers.${i}.obis`, 'duplicate_in_batch');
  });
  const existing = await existingMeter(ctx, item);
  if (existing === 'ambiguous') fail(ctx, item, 'installedOn', 'ambiguous');
  if (!premise || existing === 'ambiguous' || (r.removedOn && r.removedOn < r.installedOn) || new Set(obis).size !== obis.length) return null;
  const meter = await repo.upsertRow(ctx.trx, ctx.tenant.id, 'meters', existing, {
    premise_id: premise,
    meter_number: r.meterNumber,
    division: r.division,
    meter_kind: r.kind,
    metering_point_id: r.meteringPointId ?? null,
    data_granularity: r.dataGranularity ?? null,
    installed_on: r.installedOn,
    removed_on: r.removedOn ?? null,
  });
  let registersChanged = false;
  for (const register of r.registers) {
    const row = meter.result === 'created' ? undefined : await repo.findRow(ctx.trx, ctx.tenant.id, 'meter_registers', { meter_id: meter.id, obis: register.obis });
    const outcome = await repo.upsertRow(ctx.trx, ctx.tenant.id, 'meter_registers', row, {
      meter_id: meter.id,
      obis: register.obis,
      label: register.label || null,
      unit: register.unit,
      digits: register.digits,
      decimals: register.decimals,
    });
    if (outcome.result !== 'unchanged') registersChanged = true;
  }
  return meter.result === 'unchanged' && registersChanged ? { id: meter.id, result: 'updated' } : meter;
}

async function upsertReading(ctx: Ctx, item: Item<TReadingRecord>): Promise<repo.UpsertOutcome | null> {
  const r = item.record;
  const meter = await repo.meterOn(ctx.trx, ctx.tenant.id, r.meterNumber, r.readOn);
  if (!meter) {
    fail(ctx, item, 'meterNumber', 'unknown_reference');
    return null;
  }
  const register = await ctx.trx
    .selectFrom('meter_registers')
    .select(['id', 'digits'])
    .where('tenant_id', '=', ctx.tenant.id)
    .where('meter_id', '=', meter.id)
    .where('obis', '=', r.obis)
    .executeTakeFirst();
  if (!register) {
    fail(ctx, item, 'obis', 'unknown_reference');
    return null;
  }
  const whole = r.value.split('.')[0] ?? '';
  if (whole.replace(/^0+(?=.)/, '').length > register.digits) {
    fail(ctx, item, 'value', 'too_many_digits');
    return null;
  }
  // Only the billing system's own readings of that day are its to change; customers' stay as sent.
  const existing = await ctx.trx
    .selectFrom('meter_readings')
    .selectAll()
    .where('tenant_id', '=', ctx.tenant.id)
    .where('register_id', '=', register.id)
    .where('read_on', '=', r.readOn)
    .where('source', 'in', ['utility', 'estimated'])
    .where('submission_id', 'is', null)
    .orderBy('created_at')
    .forUpdate()
    .executeTakeFirst();
  return repo.upsertRow(ctx.trx, ctx.tenant.id, 'meter_readings', existing, {
    register_id: register.id,
    read_on: r.readOn,
    value: fixed(r.value, 3),
    source: r.kind === 'estimated' ? 'estimated' : 'utility',
    reason: r.reason,
    status: 'accepted',
  });
}

async function upsertInstalmentPlan(ctx: Ctx, item: Item<TInstalmentPlanRecord>): Promise<repo.UpsertOutcome | null> {
  const r = item.record;
  const contract = await idBy(ctx, item, 'contracts', 'contract_number', r.contractNumber, 'contractNumber');
  if (r.validTo && r.validTo < r.validFrom) fail(ctx, item, 'validTo', 'date_order');
  if (!contract || (r.validTo && r.validTo < r.validFrom)) return null;
  const existing = await repo.findRow(ctx.trx, ctx.tenant.id, 'instalment_plans', { external_id: r.externalId });
  return repo.upsertRow(ctx.trx, ctx.tenant.id, 'instalment_plans', existing, {
    external_id: r.externalId,
    contract_id: contract,
    amount_cents: r.amountCents,
    valid_from: r.validFrom,
    valid_to: r.validTo ?? null,
    due_day: r.dueDay,
  });
}

async function upsertTransaction(ctx: Ctx, item: Item<TTransactionRecord>): Promise<repo.UpsertOutcome | null> {
  const r = item.record;
  const customer = await customerId(ctx, item, r.customerNumber);
  let invoice: string | null = null;
  if (r.invoiceNumber) {
    const row = await repo.findRow(ctx.trx, ctx.tenant.id, 'invoices', { invoice_number: r.invoiceNumber });
    if (!row || row.customer_id !== customer) fail(ctx, item, 'invoiceNumber', 'unknown_reference');
    else invoice = String(row.id);
  }
  if (!customer || (r.invoiceNumber && !invoice)) return null;
  const existing = await repo.findRow(ctx.trx, ctx.tenant.id, 'account_transactions', { external_id: r.externalId });
  return repo.upsertRow(ctx.trx, ctx.tenant.id, 'account_transactions', existing, {
    external_id: r.externalId,
    customer_id: customer,
    booking_date: r.bookingDate,
    due_date: r.dueDate ?? null,
    kind: r.kind,
    description: r.description,
    amount_cents: r.amountCents,
    reference: r.reference || null,
    invoice_id: invoice,
    cleared: r.cleared,
  });
}

/** Decodes and checks a PDF; null (with an error on `field`) when it is too large or no PDF. */
function pdfOf(ctx: Ctx, item: Item<unknown>, base64: string, field: string): Buffer | null {
  // Base64 of 10 MB is about 13.4 million characters: refuse before decoding more than that.
  if (base64.length > Math.ceil(MAX_PDF_BYTES / 3) * 4 + 4) {
    fail(ctx, item, field, 'too_large');
    return null;
  }
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > MAX_PDF_BYTES) {
    fail(ctx, item, field, 'too_large');
    return null;
  }
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    fail(ctx, item, field, 'not_pdf');
    return null;
  }
  return bytes;
}

async function upsertDocumentRow(
  ctx: Ctx,
  item: Item<unknown>,
  document: Omit<TDocumentRecord, 'customerNumber'>,
  customer: string,
  fieldPrefix: string,
): Promise<repo.UpsertOutcome | null> {
  const type = document.type ? ctx.tenant.config.documentTypes.find((candidate) => candidate.code === document.type) : undefined;
  if (document.type && !type) fail(ctx, item, `${fieldPrefix}type`, 'unknown_document_type');
  else if (type && type.kind !== document.kind) fail(ctx, item, `${fieldPrefix}type`, 'document_type_kind');
  const pdf = pdfOf(ctx, item, document.contentBase64, `${fieldPrefix}contentBase64`);
  if (!pdf || (document.type && type?.kind !== document.kind)) return null;
  const existing = await repo.documentByExternalId(ctx.trx, ctx.tenant.id, document.externalId);
  if (existing && existing.customer_id !== customer) {
    fail(ctx, item, `${fieldPrefix}externalId`, 'unknown_reference');
    return null;
  }
  const sameContent = existing?.content_sha256 === createHash('sha256').update(pdf).digest('hex');
  const outcome = await repo.upsertRow(ctx.trx, ctx.tenant.id, 'documents', existing, {
    external_id: document.externalId,
    customer_id: customer,
    kind: document.kind,
    // Omitted: the type stays; null: the document has no type any more.
    ...(document.type === undefined ? {} : { type_code: document.type }),
    title: document.title,
    file_name: document.fileName,
    content_type: 'application/pdf',
    size_bytes: pdf.length,
    ...(sameContent ? {} : { content: pdf }),
    ...(document.createdAt ? { created_at: new Date(document.createdAt) } : existing ? {} : { created_at: ctx.now }),
  });
  if (outcome.result === 'created' && type?.notify) await noticeNewDocument(ctx, customer, outcome.id, document.title, type);
  return outcome;
}

/** Mails the customer's logins that a new document of a type with `notify` is in the portal (outbox). */
async function noticeNewDocument(ctx: Ctx, customer: string, documentId: string, title: string, type: TDocumentType): Promise<void> {
  for (const login of await repo.loginsOfCustomer(ctx.trx, ctx.tenant.id, customer)) {
    const locale = login.locale === 'en' ? 'en' : 'de';
    await enqueueMail(
      ctx.trx,
      ctx.tenant.id,
      { to: login.email, locale, template: 'document_available', data: { title, typeLabel: locale === 'en' ? (type.label.en ?? type.label.de) : type.label.de, path: '/dokumente' } },
      `document_available:${documentId}:${login.email}`,
    );
  }
}

async function upsertDocument(ctx: Ctx, item: Item<TDocumentRecord>): Promise<repo.UpsertOutcome | null> {
  const customer = await customerId(ctx, item, item.record.customerNumber);
  if (!customer) return null;
  return upsertDocumentRow(ctx, item, item.record, customer, '');
}

async function upsertInvoice(ctx: Ctx, item: Item<TInvoiceRecord>): Promise<repo.UpsertOutcome | null> {
  const r = item.record;
  const customer = await customerId(ctx, item, r.customerNumber);
  if (r.periodEnd < r.periodStart) fail(ctx, item, 'periodEnd', 'date_order');
  if (r.grossCents !== r.netCents + r.vatCents) fail(ctx, item, 'grossCents', 'sum_mismatch');
  if (r.document && r.documentId) fail(ctx, item, 'documentId', 'ambiguous');
  if (!customer || r.periodEnd < r.periodStart || r.grossCents !== r.netCents + r.vatCents || (r.document && r.documentId)) return null;
  let documentId: string | null = null;
  let documentChanged = false;
  if (r.document) {
    const doc = await upsertDocumentRow(ctx, item, { ...r.document, kind: 'invoice' }, customer, 'document.');
    if (!doc) return null;
    documentId = doc.id;
    documentChanged = doc.result !== 'unchanged';
  } else if (r.documentId) {
    const doc = await repo.documentByExternalId(ctx.trx, ctx.tenant.id, r.documentId);
    if (!doc || doc.customer_id !== customer) {
      fail(ctx, item, 'documentId', 'unknown_reference');
      return null;
    }
    documentId = doc.id;
  }
  const existing = await repo.findRow(ctx.trx, ctx.tenant.id, 'invoices', { invoice_number: r.invoiceNumber });
  const outcome = await repo.upsertRow(ctx.trx, ctx.tenant.id, 'invoices', existing, {
    invoice_number: r.invoiceNumber,
    customer_id: customer,
    kind: r.kind,
    invoice_date: r.invoiceDate,
    period_start: r.periodStart,
    period_end: r.periodEnd,
    net_cents: r.netCents,
    vat_cents: r.vatCents,
    gross_cents: r.grossCents,
    instalments_paid_cents: r.instalmentsPaidCents,
    balance_cents: r.balanceCents,
    due_date: r.dueDate,
    // An invoice keeps its document when a later delivery names none.
    ...(documentId ? { document_id: documentId } : {}),
  });
  return outcome.result === 'unchanged' && documentChanged ? { id: outcome.id, result: 'updated' } : outcome;
}

const handlers: { [E in TIntegrationEntity]: (ctx: Ctx, item: Item<z.output<(typeof integrationEntities)[E]['record']>>) => Promise<repo.UpsertOutcome | null> } = {
  customers: upsertCustomer,
  premises: upsertPremise,
  tariffs: upsertTariff,
  contracts: upsertContract,
  meters: upsertMeter,
  readings: upsertReading,
  'instalment-plans': upsertInstalmentPlan,
  transactions: upsertTransaction,
  invoices: upsertInvoice,
  documents: upsertDocument,
};

// --- the batch ----------------------------------------------------------------------------------

export type UpsertActor = { type: 'integration' | 'operator'; id: string };

export type UpsertOptions = {
  actor: UpsertActor;
  locale: TLocale;
  now: Date;
  requestId?: string | null;
  /** With a client and key: the stored answer for a replay (REL-02). */
  idempotency?: { clientId: string; key: string | null; requestHash: string };
};

export type UpsertAnswer = { ok: true; status: number; body: TUpsertResult; replayed: boolean } | { ok: false; errors: TRecordError[] };

function shapeErrors(entity: TIntegrationEntity, index: number, raw: unknown): { errors: TRecordError[]; record: unknown } {
  const parsed = integrationEntities[entity].record.safeParse(raw);
  if (parsed.success) return { errors: [], record: parsed.data };
  const key = raw && typeof raw === 'object' ? recordKey(entity, raw as Record<string, unknown>) : null;
  return {
    record: null,
    errors: parsed.error.issues.map((issue) => ({
      index,
      externalId: key,
      field: issue.code === 'unrecognized_keys' ? issue.keys.join(',') : issue.path.map(String).join('.'),
      code: issue.code,
      message: issue.message,
    })),
  };
}

/**
 * Upserts a batch of one entity for the tenant. Answers the counts and per-record outcome, or the
 * positioned errors of every invalid record (then nothing was written).
 */
export async function upsertRecords(database: Database, tenant: Tenant, entity: TIntegrationEntity, records: readonly unknown[], options: UpsertOptions): Promise<UpsertAnswer> {
  if (records.length > MAX_RECORDS_PER_BATCH) throw new AppError('payload_too_large', { detail: `At most ${MAX_RECORDS_PER_BATCH} records per request.` });
  if (records.length === 0) throw new AppError('validation_failed', { fields: [{ field: 'records', message: 'at least one record' }] });
  const errors: TRecordError[] = [];
  const items: Array<Item<unknown>> = [];
  const seen = new Map<string, number>();
  records.forEach((raw, index) => {
    const shape = shapeErrors(entity, index, raw);
    errors.push(...shape.errors);
    if (shape.errors.length > 0) return;
    const key = recordKey(entity, shape.record as Record<string, unknown>) ?? '';
    if (seen.has(key)) {
      errors.push({ index, externalId: key, field: integrationEntities[entity].key, code: 'duplicate_in_batch', message: messages.duplicate_in_batch[options.locale] });
      return;
    }
    seen.set(key, index);
    items.push({ index, key, record: shape.record });
  });

  try {
    return await withTenantRetryingDuplicates(database, tenant.id, async (trx) => {
      const run = async () => {
        const ctx: Ctx = { trx, tenant, now: options.now, locale: options.locale, errors: [...errors], customers: new Map() };
        const handler = handlers[entity] as (ctx: Ctx, item: Item<unknown>) => Promise<repo.UpsertOutcome | null>;
        const outcomes: TUpsertResult['records'] = [];
        for (const item of items) {
          const outcome = await handler(ctx, item);
          if (outcome) outcomes.push({ index: item.index, key: item.key, ...outcome });
        }
        if (ctx.errors.length > 0) throw new RecordsInvalid(ctx.errors.sort((a, b) => a.index - b.index));
        const count = (result: string) => outcomes.filter((o) => o.result === result).length;
        const body: TUpsertResult = { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), records: outcomes };
        await recordAudit(trx, tenant.id, {
          actorType: options.actor.type,
          actorId: options.actor.id,
          action: 'integration.upserted',
          targetType: entity,
          requestId: options.requestId ?? null,
          details: { records: records.length, created: body.created, updated: body.updated, unchanged: body.unchanged },
        });
        return { status: 200, body };
      };
      const idempotency = options.idempotency;
      const answer = idempotency
        ? await withIdempotency(trx, tenant.id, { clientId: idempotency.clientId, key: idempotency.key, requestHash: idempotency.requestHash, now: options.now }, run)
        : { ...(await run()), replayed: false };
      return { ok: true as const, ...answer };
    });
  } catch (error) {
    if (error instanceof RecordsInvalid) return { ok: false, errors: error.errors };
    throw error;
  }
}
