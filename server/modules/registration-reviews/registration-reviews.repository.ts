// SQL of registrations needing review (ADR 0027). Every function takes the tenant first.
import { sql } from 'kysely';
import type { TenantTransaction } from '../../db/database.ts';

export type ReviewRow = {
  id: string;
  reference: string;
  method: 'customer_meter' | 'customer_name' | 'meter_gp';
  name: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  customerNumber: string | null;
  meterNumber: string | null;
  gpNumber: string | null;
  email: string;
  phone: string | null;
  note: string;
  locale: 'de' | 'en';
  status: string;
  assignedTo: string | null;
  customerId: string | null;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

const reviewColumns = [
  'id',
  'reference',
  sql<ReviewRow['method']>`method`.as('method'),
  'name',
  'street',
  'house_number as houseNumber',
  'postal_code as postalCode',
  'city',
  'customer_number as customerNumber',
  'meter_number as meterNumber',
  'gp_number as gpNumber',
  'email',
  'phone',
  'note',
  sql<'de' | 'en'>`locale`.as('locale'),
  'status',
  'assigned_to as assignedTo',
  'customer_id as customerId',
  'reason',
  'decided_by as decidedBy',
  'decided_at as decidedAt',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;

export type NewReview = {
  reference: string;
  method: ReviewRow['method'];
  name: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  customerNumber: string | null;
  meterNumber: string | null;
  gpNumber: string | null;
  email: string;
  phone: string | null;
  note: string;
  locale: 'de' | 'en';
  idempotencyKey: string | null;
  now: Date;
};

export async function insertReview(trx: TenantTransaction, tenantId: string, review: NewReview): Promise<ReviewRow> {
  return trx
    .insertInto('registration_reviews')
    .values({
      tenant_id: tenantId,
      reference: review.reference,
      method: review.method,
      name: review.name,
      street: review.street,
      house_number: review.houseNumber,
      postal_code: review.postalCode,
      city: review.city,
      customer_number: review.customerNumber,
      meter_number: review.meterNumber,
      gp_number: review.gpNumber,
      email: review.email,
      phone: review.phone,
      note: review.note,
      locale: review.locale,
      idempotency_key: review.idempotencyKey,
      created_at: review.now,
      updated_at: review.now,
    })
    .returning(reviewColumns)
    .executeTakeFirstOrThrow();
}

export async function findByIdempotencyKey(trx: TenantTransaction, tenantId: string, key: string): Promise<ReviewRow | undefined> {
  return trx.selectFrom('registration_reviews').select(reviewColumns).where('tenant_id', '=', tenantId).where('idempotency_key', '=', key).executeTakeFirst();
}

export async function findReview(trx: TenantTransaction, tenantId: string, reviewId: string, forUpdate = false): Promise<ReviewRow | undefined> {
  const query = trx.selectFrom('registration_reviews').select(reviewColumns).where('tenant_id', '=', tenantId).where('id', '=', reviewId);
  return forUpdate ? query.forUpdate().executeTakeFirst() : query.executeTakeFirst();
}

export async function setAssignee(trx: TenantTransaction, tenantId: string, reviewId: string, staffId: string | null, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('registration_reviews')
    .set({ assigned_to: staffId, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', reviewId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function startWork(trx: TenantTransaction, tenantId: string, reviewId: string, staffId: string, now: Date): Promise<void> {
  await trx
    .updateTable('registration_reviews')
    .set((eb) => ({ status: 'in_progress', assigned_to: eb.fn.coalesce('assigned_to', eb.val(staffId)), updated_at: now }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', reviewId)
    .where('status', '=', 'received')
    .execute();
}

export async function decide(
  trx: TenantTransaction,
  tenantId: string,
  reviewId: string,
  decision: { status: 'done' | 'rejected'; customerId: string | null; reason: string | null; staffId: string; now: Date },
): Promise<void> {
  await trx
    .updateTable('registration_reviews')
    .set((eb) => ({
      status: decision.status,
      customer_id: decision.customerId,
      reason: decision.reason,
      decided_by: decision.staffId,
      decided_at: decision.now,
      updated_at: decision.now,
      assigned_to: eb.fn.coalesce('assigned_to', eb.val(decision.staffId)),
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', reviewId)
    .execute();
}

export async function listNotes(trx: TenantTransaction, tenantId: string, reviewId: string): Promise<Array<{ id: string; text: string; author: string | null; at: Date }>> {
  return trx
    .selectFrom('registration_review_notes as n')
    .leftJoin('staff_members as s', (join) => join.onRef('s.tenant_id', '=', 'n.tenant_id').onRef('s.id', '=', 'n.staff_id'))
    .select(['n.id', 'n.text', 's.name as author', 'n.created_at as at'])
    .where('n.tenant_id', '=', tenantId)
    .where('n.review_id', '=', reviewId)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .execute();
}

export async function insertNote(trx: TenantTransaction, tenantId: string, note: { reviewId: string; staffId: string; text: string; now: Date }): Promise<string> {
  const row = await trx
    .insertInto('registration_review_notes')
    .values({ tenant_id: tenantId, review_id: note.reviewId, staff_id: note.staffId, text: note.text, created_at: note.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type CandidateRow = {
  id: string;
  customerNumber: string;
  kind: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
  byNumber: boolean;
  byMeter: boolean;
  byName: boolean;
  byAddress: boolean;
  hasActiveLogin: boolean;
};

/**
 * Customer accounts that may be the person's: the customer number (or GP-Nr) as entered, a meter
 * number compared without spaces and separators, one of the name's words as last or company name
 * at the same postal code, or the same street and postal code. At most `limit`, best matches first.
 */
export async function candidates(
  trx: TenantTransaction,
  tenantId: string,
  probe: { numbers: string[]; compactMeter: string | null; nameWords: string[]; street: string; postalCode: string },
  limit: number,
): Promise<CandidateRow[]> {
  const numbers = probe.numbers.length > 0 ? probe.numbers : ['\u0000'];
  const words = probe.nameWords.length > 0 ? probe.nameWords : ['\u0000'];
  const compactStreet = probe.street.toLowerCase().replace(/[^a-z0-9äöüß]/g, '');
  const byNumber = sql<boolean>`c.customer_number in (${sql.join(numbers)})`;
  const byMeter = probe.compactMeter
    ? sql<boolean>`exists (select 1 from premises p join meters m on m.tenant_id = p.tenant_id and m.premise_id = p.id
        where p.tenant_id = c.tenant_id and p.customer_id = c.id and upper(regexp_replace(m.meter_number, '[^A-Za-z0-9]', '', 'g')) = ${probe.compactMeter})`
    : sql<boolean>`false`;
  const byName = sql<boolean>`(c.postal_code = ${probe.postalCode} and (lower(coalesce(c.last_name, '')) in (${sql.join(words)})
    or exists (select 1 from unnest(array[${sql.join(words)}]::text[]) w where length(w) > 2 and lower(coalesce(c.company_name, '')) like '%' || w || '%')))`;
  const byAddress = sql<boolean>`(c.postal_code = ${probe.postalCode} and regexp_replace(lower(c.street), '[^a-z0-9äöüß]', '', 'g') = ${compactStreet})`;
  return trx
    .selectFrom('customers as c')
    .select([
      'c.id',
      'c.customer_number as customerNumber',
      'c.kind',
      'c.first_name as firstName',
      'c.last_name as lastName',
      'c.company_name as companyName',
      'c.street',
      'c.house_number as houseNumber',
      'c.postal_code as postalCode',
      'c.city',
      byNumber.as('byNumber'),
      byMeter.as('byMeter'),
      byName.as('byName'),
      byAddress.as('byAddress'),
      sql<boolean>`exists (select 1 from login_customers lc join logins l on l.tenant_id = lc.tenant_id and l.id = lc.login_id
        where lc.tenant_id = c.tenant_id and lc.customer_id = c.id and l.status = 'active')`.as('hasActiveLogin'),
    ])
    .where('c.tenant_id', '=', tenantId)
    .where(sql<boolean>`(${byNumber} or ${byMeter} or ${byName} or ${byAddress})`)
    .orderBy(sql`(${byNumber})::int + (${byMeter})::int + (${byName})::int + (${byAddress})::int`, 'desc')
    .orderBy('c.customer_number')
    .limit(limit)
    .execute();
}

/** Whether a customer account has a login that is active (then nobody is invited for it). */
export async function hasActiveLogin(trx: TenantTransaction, tenantId: string, customerId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('login_customers as lc')
    .innerJoin('logins as l', (join) => join.onRef('l.tenant_id', '=', 'lc.tenant_id').onRef('l.id', '=', 'lc.login_id'))
    .select('l.id')
    .where('lc.tenant_id', '=', tenantId)
    .where('lc.customer_id', '=', customerId)
    .where('l.status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}
