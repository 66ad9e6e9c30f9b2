// SQL of the back office: the work queue over customer requests, notes and assignment, the customer
// search and view, and the dashboard counts. Every function takes the tenant first.
import { sql } from 'kysely';
import type { TQueueQuery } from '../../../api/backoffice.ts';
import type { TenantTransaction } from '../../db/database.ts';
import { customerColumns } from '../customer-data/customer-data.repository.ts';
import { requestColumns } from '../requests/requests.repository.ts';

export type QueueRow = {
  source: 'request' | 'registration' | 'gp_number';
  id: string;
  reference: string | null;
  kind: string;
  subject: string;
  status: string;
  createdAt: Date;
  updatedAt: Date;
  customerId: string | null;
  customerNumber: string | null;
  kindOfCustomer: string | null;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  person: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  notes: number;
};

const statusSets: Record<TQueueQuery['status'], string[] | null> = {
  open: ['received', 'in_progress'],
  received: ['received'],
  in_progress: ['in_progress'],
  done: ['done'],
  rejected: ['rejected'],
  all: null,
};

/**
 * Everything the queue holds, in one shape: customer requests, registrations needing review
 * (ADR 0027) and GP-Nr requests (open is 'received', a sent letter 'done'; no reference, no
 * assignment, no notes). The filters apply to the union; PostgreSQL pushes them into each part.
 */
function queueItems(trx: TenantTransaction, tenantId: string) {
  const requests = trx
    .selectFrom('customer_requests as r')
    .innerJoin('customers as c', (join) => join.onRef('c.tenant_id', '=', 'r.tenant_id').onRef('c.id', '=', 'r.customer_id'))
    .select([
      sql<QueueRow['source']>`'request'`.as('source'),
      'r.id',
      sql<string | null>`r.reference`.as('reference'),
      'r.kind',
      'r.subject',
      'r.status',
      'r.created_at as createdAt',
      'r.updated_at as updatedAt',
      sql<string | null>`c.id`.as('customerId'),
      sql<string | null>`c.customer_number`.as('customerNumber'),
      sql<string | null>`c.kind`.as('kindOfCustomer'),
      'c.first_name as firstName',
      'c.last_name as lastName',
      'c.company_name as companyName',
      sql<string | null>`null::text`.as('person'),
      'r.assigned_to as assignedTo',
      sql<number>`(select count(*)::int from request_notes n where n.tenant_id = r.tenant_id and n.request_id = r.id)`.as('notes'),
    ])
    .where('r.tenant_id', '=', tenantId);
  const registrations = trx
    .selectFrom('registration_reviews as g')
    .leftJoin('customers as c', (join) => join.onRef('c.tenant_id', '=', 'g.tenant_id').onRef('c.id', '=', 'g.customer_id'))
    .select([
      sql<QueueRow['source']>`'registration'`.as('source'),
      'g.id',
      sql<string | null>`g.reference`.as('reference'),
      sql<string>`'registration'`.as('kind'),
      // The numbers the person entered (what the clerk compares first).
      sql<string>`concat_ws(' · ', g.customer_number, g.meter_number, g.gp_number)`.as('subject'),
      'g.status',
      'g.created_at as createdAt',
      'g.updated_at as updatedAt',
      sql<string | null>`c.id`.as('customerId'),
      sql<string | null>`c.customer_number`.as('customerNumber'),
      sql<string | null>`c.kind`.as('kindOfCustomer'),
      'c.first_name as firstName',
      'c.last_name as lastName',
      'c.company_name as companyName',
      sql<string | null>`g.name`.as('person'),
      'g.assigned_to as assignedTo',
      sql<number>`(select count(*)::int from registration_review_notes n where n.tenant_id = g.tenant_id and n.review_id = g.id)`.as('notes'),
    ])
    .where('g.tenant_id', '=', tenantId);
  const gpRequests = trx
    .selectFrom('gp_number_requests as p')
    .select([
      sql<QueueRow['source']>`'gp_number'`.as('source'),
      'p.id',
      sql<string | null>`null::text`.as('reference'),
      sql<string>`'gp_number'`.as('kind'),
      sql<string>`p.meter_number`.as('subject'),
      sql<string>`case p.status when 'open' then 'received' when 'letter_sent' then 'done' else 'rejected' end`.as('status'),
      'p.created_at as createdAt',
      sql<Date>`coalesce(p.sent_at, p.created_at)`.as('updatedAt'),
      sql<string | null>`null::uuid`.as('customerId'),
      sql<string | null>`null::text`.as('customerNumber'),
      sql<string | null>`null::text`.as('kindOfCustomer'),
      sql<string | null>`null::text`.as('firstName'),
      sql<string | null>`null::text`.as('lastName'),
      sql<string | null>`null::text`.as('companyName'),
      sql<string | null>`p.name`.as('person'),
      sql<string | null>`null::uuid`.as('assignedTo'),
      sql<number>`0`.as('notes'),
    ])
    .where('p.tenant_id', '=', tenantId);
  return requests.unionAll(registrations).unionAll(gpRequests);
}

/** The queue, oldest first for open items (first in, first out), newest first otherwise. */
export async function queue(trx: TenantTransaction, tenantId: string, query: TQueueQuery, staffId: string, now: Date): Promise<{ total: number; rows: QueueRow[] }> {
  let base = trx
    .selectFrom(queueItems(trx, tenantId).as('q'))
    .leftJoin('staff_members as s', (join) => join.on('s.tenant_id', '=', tenantId).onRef('s.id', '=', 'q.assignedTo'));
  const statuses = statusSets[query.status];
  if (statuses) base = base.where('q.status', 'in', statuses);
  if (query.kind) base = base.where('q.kind', '=', query.kind);
  if (query.assigned === 'me') base = base.where('q.assignedTo', '=', staffId);
  else if (query.assigned === 'none') base = base.where('q.assignedTo', 'is', null);
  else if (query.assigned) base = base.where('q.assignedTo', '=', query.assigned);
  if (query.minAgeDays !== undefined) base = base.where('q.createdAt', '<=', new Date(now.getTime() - query.minAgeDays * 86_400_000));
  if (query.maxAgeDays !== undefined) base = base.where('q.createdAt', '>', new Date(now.getTime() - query.maxAgeDays * 86_400_000));
  if (query.q) {
    const q = query.q;
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
    base = base.where((eb) =>
      eb.or([
        eb('q.reference', '=', q.toUpperCase()),
        eb('q.customerNumber', '=', q),
        eb(sql`lower(coalesce(q."lastName", '') || ' ' || coalesce(q."firstName", '') || ' ' || coalesce(q."companyName", '') || ' ' || coalesce(q.person, ''))`, 'like', like),
      ]),
    );
  }
  const total = await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const open = query.status === 'open' || query.status === 'received' || query.status === 'in_progress';
  const rows = await base
    .select([
      'q.source',
      'q.id',
      'q.reference',
      'q.kind',
      'q.subject',
      'q.status',
      'q.createdAt',
      'q.updatedAt',
      'q.customerId',
      'q.customerNumber',
      'q.kindOfCustomer',
      'q.firstName',
      'q.lastName',
      'q.companyName',
      'q.person',
      's.id as assigneeId',
      's.name as assigneeName',
      'q.notes',
    ])
    .orderBy('q.createdAt', open ? 'asc' : 'desc')
    .orderBy('q.id', open ? 'asc' : 'desc')
    .offset(query.offset)
    .limit(query.limit)
    .execute();
  return { total: Number(total.n), rows };
}

export type CustomerNameRow = { id: string; customerNumber: string; kind: string; firstName: string | null; lastName: string | null; companyName: string | null };

export async function findCustomerName(trx: TenantTransaction, tenantId: string, customerId: string): Promise<CustomerNameRow | undefined> {
  return trx
    .selectFrom('customers')
    .select(['id', 'customer_number as customerNumber', 'kind', 'first_name as firstName', 'last_name as lastName', 'company_name as companyName'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirst();
}

export async function findRequest(trx: TenantTransaction, tenantId: string, requestId: string) {
  return trx
    .selectFrom('customer_requests')
    .select([...requestColumns, 'assigned_to as assignedTo'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', requestId)
    .executeTakeFirst();
}

export async function findStaffName(trx: TenantTransaction, tenantId: string, staffId: string): Promise<{ id: string; name: string; status: string } | undefined> {
  return trx.selectFrom('staff_members').select(['id', 'name', 'status']).where('tenant_id', '=', tenantId).where('id', '=', staffId).executeTakeFirst();
}

export async function assign(trx: TenantTransaction, tenantId: string, requestId: string, staffId: string | null): Promise<boolean> {
  const result = await trx.updateTable('customer_requests').set({ assigned_to: staffId }).where('tenant_id', '=', tenantId).where('id', '=', requestId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listNotes(trx: TenantTransaction, tenantId: string, requestId: string): Promise<Array<{ id: string; text: string; author: string | null; at: Date }>> {
  return trx
    .selectFrom('request_notes as n')
    .leftJoin('staff_members as s', (join) => join.onRef('s.tenant_id', '=', 'n.tenant_id').onRef('s.id', '=', 'n.staff_id'))
    .select(['n.id', 'n.text', 's.name as author', 'n.created_at as at'])
    .where('n.tenant_id', '=', tenantId)
    .where('n.request_id', '=', requestId)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
}

export async function insertNote(trx: TenantTransaction, tenantId: string, note: { requestId: string; staffId: string; text: string; now: Date }): Promise<string> {
  const row = await trx
    .insertInto('request_notes')
    .values({ tenant_id: tenantId, request_id: note.requestId, staff_id: note.staffId, text: note.text, created_at: note.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findAttachment(
  trx: TenantTransaction,
  tenantId: string,
  requestId: string,
  attachmentId: string,
): Promise<{ fileName: string; contentType: string; content: Buffer } | undefined> {
  return trx
    .selectFrom('request_attachments')
    .select(['file_name as fileName', 'content_type as contentType', 'content'])
    .where('tenant_id', '=', tenantId)
    .where('request_id', '=', requestId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

// --- customers -----------------------------------------------------------------------------------

export async function searchCustomers(trx: TenantTransaction, tenantId: string, q: string, limit: number) {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`).toLowerCase()}%`;
  const compact = q.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return trx
    .selectFrom('customers as c')
    .select([
      'c.id',
      ...customerColumns,
      sql<number>`(select count(*)::int from login_customers lc where lc.tenant_id = c.tenant_id and lc.customer_id = c.id)`.as('logins'),
    ])
    .where('c.tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or([
        eb('c.customer_number', '=', q),
        eb(sql`lower(coalesce(c.last_name, '') || ' ' || coalesce(c.first_name, '') || ' ' || coalesce(c.company_name, ''))`, 'like', like),
        eb(sql`lower(c.street || ' ' || c.house_number || ' ' || c.postal_code || ' ' || c.city)`, 'like', like),
        eb.exists(
          eb
            .selectFrom('premises as p')
            .innerJoin('meters as m', (join) => join.onRef('m.tenant_id', '=', 'p.tenant_id').onRef('m.premise_id', '=', 'p.id'))
            .select(sql`1`.as('one'))
            .whereRef('p.tenant_id', '=', 'c.tenant_id')
            .whereRef('p.customer_id', '=', 'c.id')
            .where((inner) => inner.or([inner(sql`upper(regexp_replace(m.meter_number, '[^A-Za-z0-9]', '', 'g'))`, '=', compact), inner('p.malo_id', '=', q)])),
        ),
        eb.exists(
          eb
            .selectFrom('login_customers as lc')
            .innerJoin('logins as l', (join) => join.onRef('l.tenant_id', '=', 'lc.tenant_id').onRef('l.id', '=', 'lc.login_id'))
            .select(sql`1`.as('one'))
            .whereRef('lc.tenant_id', '=', 'c.tenant_id')
            .whereRef('lc.customer_id', '=', 'c.id')
            .where('l.email', '=', q.toLowerCase()),
        ),
      ]),
    )
    .orderBy('c.customer_number')
    .limit(limit)
    .execute();
}

export async function findCustomer(trx: TenantTransaction, tenantId: string, customerId: string) {
  return trx
    .selectFrom('customers')
    .select(['id', ...customerColumns])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', customerId)
    .executeTakeFirst();
}

/** Logins of a customer account: never password hashes, only whether a second factor is on. */
export async function loginsOfCustomer(trx: TenantTransaction, tenantId: string, customerId: string, now: Date) {
  return trx
    .selectFrom('login_customers as lc')
    .innerJoin('logins as l', (join) => join.onRef('l.tenant_id', '=', 'lc.tenant_id').onRef('l.id', '=', 'lc.login_id'))
    .select([
      'l.id',
      'l.email',
      'l.status',
      'l.registration_method as registrationMethod',
      'l.created_at as createdAt',
      'l.last_login_at as lastLoginAt',
      sql<boolean>`exists (select 1 from login_factors f where f.tenant_id = l.tenant_id and f.login_id = l.id and f.confirmed_at is not null)`.as('secondFactor'),
      sql<number>`(select count(*)::int from sessions s where s.tenant_id = l.tenant_id and s.login_id = l.id and s.idle_expires_at > ${now} and not s.factor_pending)`.as('activeSessions'),
    ])
    .where('lc.tenant_id', '=', tenantId)
    .where('lc.customer_id', '=', customerId)
    .orderBy('l.created_at')
    .execute();
}

export async function isLoginOfCustomer(trx: TenantTransaction, tenantId: string, customerId: string, loginId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('login_customers')
    .select('login_id')
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .where('login_id', '=', loginId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function setLoginStatus(trx: TenantTransaction, tenantId: string, loginId: string, from: string, to: string): Promise<boolean> {
  const result = await trx.updateTable('logins').set({ status: to }).where('tenant_id', '=', tenantId).where('id', '=', loginId).where('status', '=', from).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function premisesWithMeters(trx: TenantTransaction, tenantId: string, customerId: string) {
  return trx
    .selectFrom('premises as p')
    .leftJoin('meters as m', (join) => join.onRef('m.tenant_id', '=', 'p.tenant_id').onRef('m.premise_id', '=', 'p.id'))
    .leftJoin('meter_registers as g', (join) => join.onRef('g.tenant_id', '=', 'm.tenant_id').onRef('g.meter_id', '=', 'm.id'))
    .select([
      'p.id as premiseId',
      'p.street',
      'p.house_number as houseNumber',
      'p.postal_code as postalCode',
      'p.city',
      'p.malo_id as maloId',
      'm.id as meterId',
      'm.meter_number as meterNumber',
      'm.division',
      'm.meter_kind as meterKind',
      'm.installed_on as installedOn',
      'm.removed_on as removedOn',
      'g.id as registerId',
      'g.obis',
      'g.label',
      'g.unit',
    ])
    .where('p.tenant_id', '=', tenantId)
    .where('p.customer_id', '=', customerId)
    .orderBy('p.postal_code')
    .orderBy('p.street')
    .orderBy('p.house_number')
    .orderBy('m.installed_on', 'desc')
    .orderBy('g.obis')
    .execute();
}

/** The latest `perRegister` readings of each register. */
export async function latestReadings(trx: TenantTransaction, tenantId: string, registerIds: readonly string[], perRegister: number) {
  if (registerIds.length === 0) return [];
  return trx
    .selectFrom((eb) =>
      eb
        .selectFrom('meter_readings')
        .select([
          'register_id as registerId',
          'read_on as readOn',
          'value',
          'source',
          'status',
          sql<number>`row_number() over (partition by register_id order by read_on desc, created_at desc)`.as('rank'),
        ])
        .where('tenant_id', '=', tenantId)
        .where('register_id', 'in', registerIds)
        .as('ranked'),
    )
    .selectAll()
    .where('rank', '<=', perRegister)
    .orderBy('registerId')
    .orderBy('readOn', 'desc')
    .execute();
}

export async function contractsOf(trx: TenantTransaction, tenantId: string, customerId: string, today: string) {
  return trx
    .selectFrom('contracts as k')
    .innerJoin('tariffs as t', (join) => join.onRef('t.tenant_id', '=', 'k.tenant_id').onRef('t.id', '=', 'k.tariff_id'))
    .select([
      'k.contract_number as contractNumber',
      'k.division',
      't.name as tariff',
      'k.start_date as startDate',
      'k.end_date as endDate',
      sql<number | null>`(select p.amount_cents from instalment_plans p where p.tenant_id = k.tenant_id and p.contract_id = k.id
        and p.valid_from <= ${today}::date and (p.valid_to is null or p.valid_to >= ${today}::date) order by p.valid_from desc limit 1)`.as('instalmentCents'),
    ])
    .where('k.tenant_id', '=', tenantId)
    .where('k.customer_id', '=', customerId)
    .orderBy('k.start_date', 'desc')
    .execute();
}

export async function invoicesOf(trx: TenantTransaction, tenantId: string, customerId: string, limit: number) {
  return trx
    .selectFrom('invoices')
    .select(['id', 'invoice_number as invoiceNumber', 'kind', 'invoice_date as invoiceDate', 'gross_cents as grossCents', 'balance_cents as balanceCents', 'due_date as dueDate'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('invoice_date', 'desc')
    .limit(limit)
    .execute();
}

// --- dashboard -----------------------------------------------------------------------------------

export async function dashboardCounts(trx: TenantTransaction, tenantId: string, now: Date) {
  const day = 86_400_000;
  const d2 = new Date(now.getTime() - 2 * day);
  const d7 = new Date(now.getTime() - 7 * day);
  const d30 = new Date(now.getTime() - 30 * day);
  const registrations = await trx
    .selectFrom('logins')
    .select([
      sql<number>`count(*) filter (where created_at > ${d7})::int`.as('last7Days'),
      sql<number>`count(*) filter (where created_at > ${d30})::int`.as('last30Days'),
      sql<number>`count(*) filter (where status = 'pending')::int`.as('pendingActivation'),
    ])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const open = await trx
    .selectFrom('customer_requests')
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) filter (where created_at > ${d2})::int`.as('under2Days'),
      sql<number>`count(*) filter (where created_at <= ${d2} and created_at > ${d7})::int`.as('days2to7'),
      sql<number>`count(*) filter (where created_at <= ${d7})::int`.as('over7Days'),
      sql<number>`count(*) filter (where assigned_to is null)::int`.as('unassigned'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', ['received', 'in_progress'])
    .executeTakeFirstOrThrow();
  const byKind = await trx
    .selectFrom('customer_requests')
    .select(['kind', sql<number>`count(*)::int`.as('count')])
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', ['received', 'in_progress'])
    .groupBy('kind')
    .orderBy('kind')
    .execute();
  const readings = await trx
    .selectFrom('reading_submissions')
    .select([
      sql<number>`count(*) filter (where created_at > ${d7})::int`.as('last7Days'),
      sql<number>`count(*) filter (where created_at > ${d30})::int`.as('last30Days'),
      sql<number>`count(*) filter (where status = 'pending_review')::int`.as('pendingReview'),
    ])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  const gp = await trx
    .selectFrom('gp_number_requests')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return { registrations, open: { ...open, byKind }, readings, gpPending: gp.n };
}

export async function requestsOf(trx: TenantTransaction, tenantId: string, customerId: string) {
  return trx
    .selectFrom('customer_requests')
    .select(['id', 'reference', 'kind', 'subject', 'status', 'created_at as createdAt'])
    .where('tenant_id', '=', tenantId)
    .where('customer_id', '=', customerId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}
