// SQL of the personal-data export. Every function takes the tenant first and reads explicit columns;
// customer data is reached only through the customer id (premises, meters and registers are joined
// back to it), so the export of one account can never pick up another account's rows.
// Never selected: password hashes, TOTP secrets, passkey keys, token and recovery-code hashes.
import { sql } from 'kysely';
import type { TenantTransaction } from '../../db/database.ts';

export const EXPORT_ACTION = 'personal_data.exported';

export type LoginDetails = {
  id: string;
  email: string;
  locale: string;
  status: string;
  registrationMethod: string | null;
  createdAt: Date;
  lastLoginAt: Date | null;
  emailVerifiedAt: Date | null;
  passwordChangedAt: Date | null;
  selectedCustomerId: string | null;
};

/** The login, locked until the end of the transaction (one export at a time per login). */
export async function lockLogin(trx: TenantTransaction, tenantId: string, loginId: string): Promise<LoginDetails | undefined> {
  return trx
    .selectFrom('logins')
    .select([
      'id',
      'email',
      'locale',
      'status',
      'registration_method as registrationMethod',
      'created_at as createdAt',
      'last_login_at as lastLoginAt',
      'email_verified_at as emailVerifiedAt',
      'password_changed_at as passwordChangedAt',
      'selected_customer_id as selectedCustomerId',
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', loginId)
    .forUpdate()
    .executeTakeFirst();
}

/** When the login last downloaded its data. */
export async function lastExportAt(trx: TenantTransaction, tenantId: string, loginId: string): Promise<Date | null> {
  const row = await trx
    .selectFrom('audit_log')
    .select('at')
    .where('tenant_id', '=', tenantId)
    .where('action', '=', EXPORT_ACTION)
    .where('target_type', '=', 'login')
    .where('target_id', '=', loginId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.at ?? null;
}

export type CustomerRow = {
  id: string;
  customerNumber: string;
  kind: string;
  salutation: string | null;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  country: string;
  email: string | null;
  phone: string | null;
  createdAt: Date;
  linkedAt: Date;
};

/** The customer accounts linked to the login, by customer number. */
export async function listLinkedCustomers(trx: TenantTransaction, tenantId: string, loginId: string): Promise<CustomerRow[]> {
  return trx
    .selectFrom('login_customers as lc')
    .innerJoin('customers as c', (join) => join.onRef('c.tenant_id', '=', 'lc.tenant_id').onRef('c.id', '=', 'lc.customer_id'))
    .select([
      'c.id',
      'c.customer_number as customerNumber',
      'c.kind',
      'c.salutation',
      'c.first_name as firstName',
      'c.last_name as lastName',
      'c.company_name as companyName',
      'c.street',
      'c.house_number as houseNumber',
      'c.postal_code as postalCode',
      'c.city',
      'c.country',
      'c.email',
      'c.phone',
      'c.created_at as createdAt',
      'lc.linked_at as linkedAt',
    ])
    .where('lc.tenant_id', '=', tenantId)
    .where('lc.login_id', '=', loginId)
    .orderBy('c.customer_number')
    .execute();
}

export async function listFactors(
  trx: TenantTransaction,
  tenantId: string,
  loginId: string,
): Promise<Array<{ kind: string; label: string; transports: string[] | null; backedUp: boolean | null; createdAt: Date; confirmedAt: Date | null; lastUsedAt: Date | null }>> {
  return trx
    .selectFrom('login_factors')
    .select(['kind', 'label', 'transports', 'backed_up as backedUp', 'created_at as createdAt', 'confirmed_at as confirmedAt', 'last_used_at as lastUsedAt'])
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .orderBy('created_at')
    .execute();
}

/** How many recovery codes exist and are used (never the codes or their hashes). */
export async function recoveryCodeCounts(trx: TenantTransaction, tenantId: string, loginId: string): Promise<{ total: number; used: number; createdAt: Date | null }> {
  const row = await trx
    .selectFrom('recovery_codes')
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(used_at)::int`.as('used'),
      sql<Date | null>`max(created_at)`.as('createdAt'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .executeTakeFirstOrThrow();
  return row;
}

export type SessionRow = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  reauthenticatedAt: Date | null;
  userAgent: string | null;
  factorPending: boolean;
};

export async function listSessions(trx: TenantTransaction, tenantId: string, loginId: string): Promise<SessionRow[]> {
  return trx
    .selectFrom('sessions')
    .select([
      'id',
      'created_at as createdAt',
      'last_seen_at as lastSeenAt',
      'idle_expires_at as idleExpiresAt',
      'absolute_expires_at as absoluteExpiresAt',
      'reauthenticated_at as reauthenticatedAt',
      'user_agent as userAgent',
      'factor_pending as factorPending',
    ])
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .orderBy('created_at')
    .execute();
}

/** Links sent by mail (activation, password reset, e-mail change), without the tokens. */
export async function listMailedLinks(
  trx: TenantTransaction,
  tenantId: string,
  loginId: string,
): Promise<Array<{ purpose: string; email: string; createdAt: Date; expiresAt: Date; usedAt: Date | null }>> {
  return trx
    .selectFrom('auth_tokens')
    .select(['purpose', 'email', 'created_at as createdAt', 'expires_at as expiresAt', 'used_at as usedAt'])
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .orderBy('created_at')
    .execute();
}

export type GpNumberRequestRow = {
  name: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  connectionStreet: string | null;
  connectionHouseNumber: string | null;
  connectionPostalCode: string | null;
  connectionCity: string | null;
  meterNumber: string;
  email: string;
  status: string;
  createdAt: Date;
};

/** Requests for a GP-Nr sent from the login's e-mail address. */
export async function listGpNumberRequests(trx: TenantTransaction, tenantId: string, email: string): Promise<GpNumberRequestRow[]> {
  return trx
    .selectFrom('gp_number_requests')
    .select([
      'name',
      'street',
      'house_number as houseNumber',
      'postal_code as postalCode',
      'city',
      'connection_street as connectionStreet',
      'connection_house_number as connectionHouseNumber',
      'connection_postal_code as connectionPostalCode',
      'connection_city as connectionCity',
      'meter_number as meterNumber',
      'email',
      'status',
      'created_at as createdAt',
    ])
    .where('tenant_id', '=', tenantId)
    .where('email', '=', email)
    .orderBy('created_at')
    .execute();
}

/** Mails queued for the login's address: which one and when (not their content, which holds links). */
export async function listMailsTo(
  trx: TenantTransaction,
  tenantId: string,
  email: string,
): Promise<Array<{ template: string; createdAt: Date; status: string; doneAt: Date | null }>> {
  return trx
    .selectFrom('outbox')
    .select([sql<string>`payload->>'template'`.as('template'), 'created_at as createdAt', 'status', 'done_at as doneAt'])
    .where('tenant_id', '=', tenantId)
    .where('topic', '=', 'mail.send')
    .where(sql<string>`payload->>'to'`, '=', email)
    .orderBy('id')
    .execute();
}

export type AuditRow = { at: Date; actorType: string; actorId: string | null; action: string; targetType: string | null; targetId: string | null; details: unknown };

const auditColumns = ['at', 'actor_type as actorType', 'actor_id as actorId', 'action', 'target_type as targetType', 'target_id as targetId', 'details'] as const;

/** Audit entries of what the login did or what was done to it. */
export async function listLoginAudit(trx: TenantTransaction, tenantId: string, loginId: string): Promise<AuditRow[]> {
  return trx
    .selectFrom('audit_log')
    .select(auditColumns)
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb.and([eb('actor_type', '=', 'customer'), eb('actor_id', '=', loginId)]),
        eb.and([eb('target_type', '=', 'login'), eb('target_id', '=', loginId)]),
      ]),
    )
    .orderBy('id')
    .execute();
}

/** Audit entries about a customer account and its requests. */
export async function listCustomerAudit(trx: TenantTransaction, tenantId: string, customerId: string, requestIds: readonly string[]): Promise<AuditRow[]> {
  return trx
    .selectFrom('audit_log')
    .select(auditColumns)
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb.and([eb('target_type', '=', 'customer'), eb('target_id', '=', customerId)]),
        ...(requestIds.length > 0 ? [eb.and([eb('target_type', '=', 'customer_request'), eb('target_id', 'in', requestIds)])] : []),
      ]),
    )
    .orderBy('id')
    .execute();
}

export type PremiseRow = { id: string; street: string; houseNumber: string; postalCode: string; city: string; country: string; maloId: string | null; createdAt: Date };

export async function listPremises(trx: TenantTransaction, tenantId: string, customerId: string): Promise<PremiseRow[]> {
  return trx
    .selectFrom('premises')
    .select(['id', 'street', 'house_number as houseNumber', 'postal_code as postalCode', 'city', 'country', 'malo_id as maloId', 'created_at as createdAt'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('postal_code')
    .orderBy('street')
    .orderBy('house_number')
    .execute();
}

export type ContractRow = {
  id: string;
  contractNumber: string;
  premiseId: string;
  division: string;
  direction: string;
  startDate: string;
  endDate: string | null;
  minimumTermMonths: number;
  noticePeriodWeeks: number;
  annualForecastMilli: number | null;
  tariffCode: string;
  tariffName: string;
  energyPriceCt: string;
  basePriceCentsPerYear: number;
  tariffValidFrom: string;
};

export async function listContracts(trx: TenantTransaction, tenantId: string, customerId: string): Promise<ContractRow[]> {
  return trx
    .selectFrom('contracts as k')
    .innerJoin('tariffs as t', (join) => join.onRef('t.tenant_id', '=', 'k.tenant_id').onRef('t.id', '=', 'k.tariff_id'))
    .select([
      'k.id',
      'k.contract_number as contractNumber',
      'k.premise_id as premiseId',
      'k.division',
      'k.direction',
      'k.start_date as startDate',
      'k.end_date as endDate',
      'k.minimum_term_months as minimumTermMonths',
      'k.notice_period_weeks as noticePeriodWeeks',
      'k.annual_forecast_milli as annualForecastMilli',
      't.code as tariffCode',
      't.name as tariffName',
      't.energy_price_ct as energyPriceCt',
      't.base_price_cents_per_year as basePriceCentsPerYear',
      't.valid_from as tariffValidFrom',
    ])
    .where('k.tenant_id', '=', tenantId)
    .where('k.customer_id', '=', customerId)
    .orderBy('k.start_date')
    .orderBy('k.contract_number')
    .execute();
}

export type RegisterRow = {
  registerId: string;
  obis: string;
  label: string | null;
  unit: string;
  digits: number;
  decimals: number;
  meterId: string;
  meterNumber: string;
  premiseId: string;
  division: string;
  meterKind: string;
  meteringPointId: string | null;
  dataGranularity: string | null;
  installedOn: string;
  removedOn: string | null;
};

/** Every register of every meter at the customer's consumption points, with its meter. */
export async function listRegisters(trx: TenantTransaction, tenantId: string, customerId: string): Promise<RegisterRow[]> {
  return trx
    .selectFrom('meters as m')
    .innerJoin('premises as p', (join) => join.onRef('p.tenant_id', '=', 'm.tenant_id').onRef('p.id', '=', 'm.premise_id'))
    .innerJoin('meter_registers as r', (join) => join.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.meter_id', '=', 'm.id'))
    .select([
      'r.id as registerId',
      'r.obis',
      'r.label',
      'r.unit',
      'r.digits',
      'r.decimals',
      'm.id as meterId',
      'm.meter_number as meterNumber',
      'm.premise_id as premiseId',
      'm.division',
      'm.meter_kind as meterKind',
      'm.metering_point_id as meteringPointId',
      'm.data_granularity as dataGranularity',
      'm.installed_on as installedOn',
      'm.removed_on as removedOn',
    ])
    .where('m.tenant_id', '=', tenantId)
    .where('p.customer_id', '=', customerId)
    .orderBy('m.installed_on')
    .orderBy('m.meter_number')
    .orderBy('r.obis')
    .execute();
}

export type ReadingRow = { registerId: string; readOn: string; value: string; source: string; reason: string; status: string; createdAt: Date };

export async function listReadings(trx: TenantTransaction, tenantId: string, customerId: string): Promise<ReadingRow[]> {
  return trx
    .selectFrom('meter_readings as mr')
    .innerJoin('meter_registers as r', (join) => join.onRef('r.tenant_id', '=', 'mr.tenant_id').onRef('r.id', '=', 'mr.register_id'))
    .innerJoin('meters as m', (join) => join.onRef('m.tenant_id', '=', 'r.tenant_id').onRef('m.id', '=', 'r.meter_id'))
    .innerJoin('premises as p', (join) => join.onRef('p.tenant_id', '=', 'm.tenant_id').onRef('p.id', '=', 'm.premise_id'))
    .select(['mr.register_id as registerId', 'mr.read_on as readOn', 'mr.value', 'mr.source', 'mr.reason', 'mr.status', 'mr.created_at as createdAt'])
    .where('mr.tenant_id', '=', tenantId)
    .where('p.customer_id', '=', customerId)
    .orderBy('m.meter_number')
    .orderBy('mr.register_id')
    .orderBy('mr.read_on')
    .orderBy('mr.created_at')
    .execute();
}

export async function listDailyConsumption(
  trx: TenantTransaction,
  tenantId: string,
  customerId: string,
): Promise<Array<{ registerId: string; day: string; quantityMilli: number; quality: number }>> {
  return trx
    .selectFrom('consumption_daily as d')
    .innerJoin('meter_registers as r', (join) => join.onRef('r.tenant_id', '=', 'd.tenant_id').onRef('r.id', '=', 'd.register_id'))
    .innerJoin('meters as m', (join) => join.onRef('m.tenant_id', '=', 'r.tenant_id').onRef('m.id', '=', 'r.meter_id'))
    .innerJoin('premises as p', (join) => join.onRef('p.tenant_id', '=', 'm.tenant_id').onRef('p.id', '=', 'm.premise_id'))
    .select(['d.register_id as registerId', 'd.day', 'd.quantity_milli as quantityMilli', 'd.quality'])
    .where('d.tenant_id', '=', tenantId)
    .where('p.customer_id', '=', customerId)
    .orderBy('m.meter_number')
    .orderBy('d.register_id')
    .orderBy('d.day')
    .execute();
}

/** Which registers of the customer have 15-minute values in which (local) years. */
export async function listIntervalYears(trx: TenantTransaction, tenantId: string, customerId: string): Promise<Array<{ registerId: string; year: number; days: number }>> {
  return trx
    .selectFrom('interval_values as v')
    .innerJoin('meter_registers as r', (join) => join.onRef('r.tenant_id', '=', 'v.tenant_id').onRef('r.id', '=', 'v.register_id'))
    .innerJoin('meters as m', (join) => join.onRef('m.tenant_id', '=', 'r.tenant_id').onRef('m.id', '=', 'r.meter_id'))
    .innerJoin('premises as p', (join) => join.onRef('p.tenant_id', '=', 'm.tenant_id').onRef('p.id', '=', 'm.premise_id'))
    .select(['v.register_id as registerId', sql<number>`extract(year from v.day)::int`.as('year'), sql<number>`count(*)::int`.as('days')])
    .where('v.tenant_id', '=', tenantId)
    .where('p.customer_id', '=', customerId)
    .groupBy(['v.register_id', sql`extract(year from v.day)`])
    .orderBy('v.register_id')
    .orderBy('year')
    .execute();
}

/** One year of one register's 15-minute values, only when the register is the customer's. */
export async function listIntervalDays(
  trx: TenantTransaction,
  tenantId: string,
  customerId: string,
  registerId: string,
  year: number,
): Promise<Array<{ day: string; valuesMilli: number[]; quality: number[] | null }>> {
  return trx
    .selectFrom('interval_values as v')
    .innerJoin('meter_registers as r', (join) => join.onRef('r.tenant_id', '=', 'v.tenant_id').onRef('r.id', '=', 'v.register_id'))
    .innerJoin('meters as m', (join) => join.onRef('m.tenant_id', '=', 'r.tenant_id').onRef('m.id', '=', 'r.meter_id'))
    .innerJoin('premises as p', (join) => join.onRef('p.tenant_id', '=', 'm.tenant_id').onRef('p.id', '=', 'm.premise_id'))
    .select(['v.day', 'v.values_milli as valuesMilli', 'v.quality'])
    .where('v.tenant_id', '=', tenantId)
    .where('p.customer_id', '=', customerId)
    .where('v.register_id', '=', registerId)
    .where('v.day', '>=', `${String(year)}-01-01`)
    .where('v.day', '<=', `${String(year)}-12-31`)
    .orderBy('v.day')
    .execute();
}

export type InvoiceRow = {
  invoiceNumber: string;
  kind: string;
  invoiceDate: string;
  periodStart: string;
  periodEnd: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
  instalmentsPaidCents: number;
  balanceCents: number;
  dueDate: string;
  documentId: string | null;
};

export async function listInvoices(trx: TenantTransaction, tenantId: string, customerId: string): Promise<InvoiceRow[]> {
  return trx
    .selectFrom('invoices')
    .select([
      'invoice_number as invoiceNumber',
      'kind',
      'invoice_date as invoiceDate',
      'period_start as periodStart',
      'period_end as periodEnd',
      'net_cents as netCents',
      'vat_cents as vatCents',
      'gross_cents as grossCents',
      'instalments_paid_cents as instalmentsPaidCents',
      'balance_cents as balanceCents',
      'due_date as dueDate',
      'document_id as documentId',
    ])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('invoice_date')
    .orderBy('invoice_number')
    .execute();
}

export type DocumentRow = { id: string; kind: string; title: string; fileName: string; contentType: string; sizeBytes: number; createdAt: Date; readAt: Date | null };

/** The customer's documents without their bytes (those are read one at a time while streaming). */
export async function listDocuments(trx: TenantTransaction, tenantId: string, customerId: string): Promise<DocumentRow[]> {
  return trx
    .selectFrom('documents')
    .select(['id', 'kind', 'title', 'file_name as fileName', 'content_type as contentType', 'size_bytes as sizeBytes', 'created_at as createdAt', 'read_at as readAt'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('file_name')
    .execute();
}

export async function documentContent(trx: TenantTransaction, tenantId: string, customerId: string, documentId: string): Promise<Buffer | null> {
  const row = await trx
    .selectFrom('documents')
    .select('content')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('id', '=', documentId)
    .executeTakeFirst();
  return row?.content ?? null;
}

export type TransactionRow = {
  bookingDate: string;
  dueDate: string | null;
  kind: string;
  description: string;
  amountCents: number;
  reference: string | null;
  invoiceNumber: string | null;
  cleared: boolean;
};

export async function listTransactions(trx: TenantTransaction, tenantId: string, customerId: string): Promise<TransactionRow[]> {
  return trx
    .selectFrom('account_transactions as a')
    .leftJoin('invoices as i', (join) => join.onRef('i.tenant_id', '=', 'a.tenant_id').onRef('i.id', '=', 'a.invoice_id'))
    .select([
      'a.booking_date as bookingDate',
      'a.due_date as dueDate',
      'a.kind',
      'a.description',
      'a.amount_cents as amountCents',
      'a.reference',
      'i.invoice_number as invoiceNumber',
      'a.cleared',
    ])
    .where('a.tenant_id', '=', tenantId)
    .where('a.customer_id', '=', customerId)
    .orderBy('a.booking_date')
    .orderBy('a.id')
    .execute();
}

export type InstalmentPlanRow = { contractNumber: string; division: string; amountCents: number; validFrom: string; validTo: string | null; dueDay: number; createdAt: Date };

export async function listInstalmentPlans(trx: TenantTransaction, tenantId: string, customerId: string): Promise<InstalmentPlanRow[]> {
  return trx
    .selectFrom('instalment_plans as ip')
    .innerJoin('contracts as k', (join) => join.onRef('k.tenant_id', '=', 'ip.tenant_id').onRef('k.id', '=', 'ip.contract_id'))
    .select([
      'k.contract_number as contractNumber',
      'k.division',
      'ip.amount_cents as amountCents',
      'ip.valid_from as validFrom',
      'ip.valid_to as validTo',
      'ip.due_day as dueDay',
      'ip.created_at as createdAt',
    ])
    .where('ip.tenant_id', '=', tenantId)
    .where('k.customer_id', '=', customerId)
    .orderBy('k.contract_number')
    .orderBy('ip.valid_from')
    .execute();
}

export type RequestRow = {
  id: string;
  reference: string;
  premiseId: string | null;
  kind: string;
  subject: string;
  payload: unknown;
  status: string;
  createdAt: Date;
  updatedAt: Date;
};

export async function listRequests(trx: TenantTransaction, tenantId: string, customerId: string): Promise<RequestRow[]> {
  return trx
    .selectFrom('customer_requests')
    .select(['id', 'reference', 'premise_id as premiseId', 'kind', 'subject', 'payload', 'status', 'created_at as createdAt', 'updated_at as updatedAt'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('reference')
    .execute();
}

export async function listRequestEvents(
  trx: TenantTransaction,
  tenantId: string,
  customerId: string,
): Promise<Array<{ requestId: string; status: string; reason: string | null; actorType: string; createdAt: Date }>> {
  return trx
    .selectFrom('request_events as e')
    .innerJoin('customer_requests as r', (join) => join.onRef('r.tenant_id', '=', 'e.tenant_id').onRef('r.id', '=', 'e.request_id'))
    .select(['e.request_id as requestId', 'e.status', 'e.reason', 'e.actor_type as actorType', 'e.created_at as createdAt'])
    .where('e.tenant_id', '=', tenantId)
    .where('r.customer_id', '=', customerId)
    .orderBy('e.id')
    .execute();
}

export async function listRequestAttachments(
  trx: TenantTransaction,
  tenantId: string,
  customerId: string,
): Promise<Array<{ id: string; requestId: string; fileName: string; contentType: string; sizeBytes: number; createdAt: Date }>> {
  return trx
    .selectFrom('request_attachments as a')
    .innerJoin('customer_requests as r', (join) => join.onRef('r.tenant_id', '=', 'a.tenant_id').onRef('r.id', '=', 'a.request_id'))
    .select(['a.id', 'a.request_id as requestId', 'a.file_name as fileName', 'a.content_type as contentType', 'a.size_bytes as sizeBytes', 'a.created_at as createdAt'])
    .where('a.tenant_id', '=', tenantId)
    .where('r.customer_id', '=', customerId)
    .orderBy('a.created_at')
    .orderBy('a.file_name')
    .execute();
}

export async function attachmentContent(trx: TenantTransaction, tenantId: string, customerId: string, attachmentId: string): Promise<Buffer | null> {
  const row = await trx
    .selectFrom('request_attachments as a')
    .innerJoin('customer_requests as r', (join) => join.onRef('r.tenant_id', '=', 'a.tenant_id').onRef('r.id', '=', 'a.request_id'))
    .select('a.content')
    .where('a.tenant_id', '=', tenantId)
    .where('r.customer_id', '=', customerId)
    .where('a.id', '=', attachmentId)
    .executeTakeFirst();
  return row?.content ?? null;
}

export type ReadingSubmissionRow = {
  meterNumber: string;
  readOn: string;
  status: string;
  comment: string | null;
  findings: unknown;
  requestReference: string | null;
  byThisLogin: boolean;
  createdAt: Date;
};

/** Readings the customer sent through the portal, with the plausibility findings and the review request. */
export async function listReadingSubmissions(trx: TenantTransaction, tenantId: string, customerId: string, loginId: string): Promise<ReadingSubmissionRow[]> {
  return trx
    .selectFrom('reading_submissions as s')
    .innerJoin('meters as m', (join) => join.onRef('m.tenant_id', '=', 's.tenant_id').onRef('m.id', '=', 's.meter_id'))
    .leftJoin('customer_requests as r', (join) => join.onRef('r.tenant_id', '=', 's.tenant_id').onRef('r.id', '=', 's.request_id'))
    .select([
      'm.meter_number as meterNumber',
      's.read_on as readOn',
      's.status',
      's.comment',
      's.findings',
      'r.reference as requestReference',
      sql<boolean>`coalesce(s.login_id = ${loginId}, false)`.as('byThisLogin'),
      's.created_at as createdAt',
    ])
    .where('s.tenant_id', '=', tenantId)
    .where('s.customer_id', '=', customerId)
    .orderBy('s.created_at')
    .execute();
}

export type BankAccountRow = {
  id: string;
  paymentMethod: string;
  allPremises: boolean;
  holder: string | null;
  ibanMasked: string | null;
  bic: string | null;
  validFrom: string;
  creditorId: string | null;
  mandateReference: string | null;
  consentTextVersion: string | null;
  consentText: string | null;
  consentLocale: string | null;
  consentedAt: Date | null;
  consentChannel: string | null;
  status: string;
  requestReference: string | null;
  createdAt: Date;
};

/** Payment arrangements (SEPA mandates, transfer) with their consent record; the IBAN only masked, never the sealed one. */
export async function listBankAccounts(trx: TenantTransaction, tenantId: string, customerId: string): Promise<BankAccountRow[]> {
  return trx
    .selectFrom('bank_accounts as b')
    .leftJoin('customer_requests as r', (join) => join.onRef('r.tenant_id', '=', 'b.tenant_id').onRef('r.id', '=', 'b.request_id'))
    .select([
      'b.id',
      'b.payment_method as paymentMethod',
      'b.all_premises as allPremises',
      'b.holder',
      'b.iban_masked as ibanMasked',
      'b.bic',
      'b.valid_from as validFrom',
      'b.creditor_id as creditorId',
      'b.mandate_reference as mandateReference',
      'b.consent_text_version as consentTextVersion',
      'b.consent_text as consentText',
      'b.consent_locale as consentLocale',
      'b.consented_at as consentedAt',
      'b.consent_channel as consentChannel',
      'b.status',
      'r.reference as requestReference',
      'b.created_at as createdAt',
    ])
    .where('b.tenant_id', '=', tenantId)
    .where('b.customer_id', '=', customerId)
    .orderBy('b.valid_from')
    .orderBy('b.created_at')
    .execute();
}

/** The consumption points an arrangement applies to when it is not for all of them. */
export async function listBankAccountPremises(trx: TenantTransaction, tenantId: string, customerId: string): Promise<Array<{ bankAccountId: string; premiseId: string }>> {
  return trx
    .selectFrom('bank_account_premises as bp')
    .innerJoin('bank_accounts as b', (join) => join.onRef('b.tenant_id', '=', 'bp.tenant_id').onRef('b.id', '=', 'bp.bank_account_id'))
    .select(['bp.bank_account_id as bankAccountId', 'bp.premise_id as premiseId'])
    .where('bp.tenant_id', '=', tenantId)
    .where('b.customer_id', '=', customerId)
    .execute();
}
