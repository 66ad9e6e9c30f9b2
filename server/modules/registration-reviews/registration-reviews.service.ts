// Registrations needing review (ADR 0027). A person whose registration proof did not match sends
// name, postal address, the numbers entered and a note ("Registrierung prüfen lassen"); the review
// joins the back office's work queue. A clerk assigns it to a customer account, which mails the
// identity module's invitation link (it sets the password and activates the access), or rejects it
// with a reason that is mailed. The public form is throttled like registration and answers the same
// way whatever was entered (no account enumeration); every staff action is audited.
import type { TRegistrationReview, TRegistrationReviewReceipt, TRegistrationReviewRequest, TReviewCandidate } from '../../../api/registration-reviews.ts';
import { REVIEW_LIMITS } from '../../../api/registration-reviews.ts';
import { ZRequestStatus } from '../../../api/requests.ts';
import { NOTE_MAX } from '../../../api/backoffice.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { withTenant, withTenantRetryingDuplicates, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError, type FieldError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { customerName } from '../backoffice/backoffice.service.ts';
import { findCustomerName, findStaffName } from '../backoffice/backoffice.repository.ts';
import { createInvitation } from '../identity/account.service.ts';
import type { RequestMeta } from '../identity/identity.service.ts';
import { normalizeCustomerNumber } from '../identity/proof.ts';
import { accountRule, assertNotThrottled, clientRule, recordFailure } from '../identity/throttle.ts';
import { enqueueMail } from '../mail/mail.ts';
import { formatReference } from '../requests/requests.service.ts';
import { nextReferenceNumber } from '../requests/requests.repository.ts';
import type { StaffAuth } from '../staff/staff-auth.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import * as repo from './registration-reviews.repository.ts';

type Texts = Record<TLocale, string>;
const m = {
  nameRequired: { de: 'Bitte geben Sie Ihren Namen ein, wie er auf Ihrer Rechnung steht.', en: 'Please enter your name as it appears on your bill.' },
  streetRequired: { de: 'Bitte geben Sie Straße und Hausnummer ein.', en: 'Please enter street and house number.' },
  postalCodeInvalid: { de: 'Bitte geben Sie eine Postleitzahl mit 4 oder 5 Ziffern ein.', en: 'Please enter a postal code with 4 or 5 digits.' },
  cityRequired: { de: 'Bitte geben Sie den Ort ein.', en: 'Please enter the town or city.' },
  numberRequired: {
    de: 'Bitte geben Sie mindestens eine der Nummern ein, die Sie bei der Registrierung verwendet haben.',
    en: 'Please enter at least one of the numbers you used when registering.',
  },
  emailInvalid: { de: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.', en: 'Please enter a valid e-mail address, e.g. name@example.com.' },
  phoneInvalid: {
    de: 'Bitte geben Sie die Telefonnummer nur mit Ziffern, Leerzeichen und den Zeichen + / - ( ) ein, z. B. 0123 456789.',
    en: 'Please enter the phone number with digits, spaces and the characters + / - ( ) only, e.g. 0123 456789.',
  },
  tooLong: { de: (max: number) => `Höchstens ${String(max)} Zeichen.`, en: (max: number) => `At most ${String(max)} characters.` },
  noteEmpty: { de: 'Bitte geben Sie eine Notiz ein.', en: 'Please enter a note.' },
  reasonRequired: { de: 'Bitte geben Sie einen Grund für die Ablehnung an; er wird der Person gemailt.', en: 'Please give a reason for the rejection; it is mailed to the person.' },
  final: { de: 'Diese Prüfung ist abgeschlossen.', en: 'This review is closed.' },
  hasLogin: {
    de: 'Dieses Kundenkonto hat bereits einen aktiven Zugang. Bitte wählen Sie ein anderes Konto oder lehnen Sie die Prüfung mit einem Hinweis auf den bestehenden Zugang ab.',
    en: 'This customer account has an active access already. Please choose another account, or reject the review pointing to the existing access.',
  },
  assigneeUnknown: { de: 'Diese Mitarbeiterin oder dieser Mitarbeiter ist nicht (mehr) aktiv.', en: 'This staff member is not active (any more).' },
  keyReused: { de: 'Dieses Formular wurde bereits mit anderen Angaben gesendet. Bitte laden Sie die Seite neu.', en: 'This form was sent already with other details. Please reload the page.' },
} satisfies Record<string, Texts | { de: (n: number) => string; en: (n: number) => string }>;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;
const phonePattern = /^\+?[0-9][0-9 ()/-]{3,}$/u;
const postalPattern = /^\d{4,5}$/u;

function clean(value: string | undefined): string {
  return (value ?? '').trim().replace(/\s+/gu, ' ');
}

type CheckedReview = Omit<repo.NewReview, 'reference' | 'now' | 'idempotencyKey'>;

/** The form's checks, with translated messages on the fields. */
export function checkReviewInput(input: TRegistrationReviewRequest): CheckedReview {
  const locale = input.locale;
  const fields: FieldError[] = [];
  const text = (field: string, value: string | undefined, max: number, required: Texts | null): string => {
    const v = clean(value);
    if (!v && required) fields.push({ field, message: required[locale] });
    else if (v.length > max) fields.push({ field, message: m.tooLong[locale](max) });
    return v;
  };
  const name = text('name', input.name, REVIEW_LIMITS.name, m.nameRequired);
  const street = text('street', input.street, REVIEW_LIMITS.street, m.streetRequired);
  const houseNumber = text('houseNumber', input.houseNumber, REVIEW_LIMITS.houseNumber, m.streetRequired);
  const postalCode = clean(input.postalCode);
  if (!postalPattern.test(postalCode)) fields.push({ field: 'postalCode', message: m.postalCodeInvalid[locale] });
  const city = text('city', input.city, REVIEW_LIMITS.city, m.cityRequired);
  const customerNumber = text('customerNumber', input.customerNumber, REVIEW_LIMITS.number, null);
  const meterNumber = text('meterNumber', input.meterNumber, REVIEW_LIMITS.number, null);
  const gpNumber = text('gpNumber', input.gpNumber, REVIEW_LIMITS.number, null);
  if (!customerNumber && !meterNumber && !gpNumber) fields.push({ field: input.method === 'meter_gp' ? 'meterNumber' : 'customerNumber', message: m.numberRequired[locale] });
  const email = clean(input.email).toLowerCase();
  if (email.length > 254 || !emailPattern.test(email)) fields.push({ field: 'email', message: m.emailInvalid[locale] });
  const phone = clean(input.phone);
  if (phone && (phone.length > REVIEW_LIMITS.phone || !phonePattern.test(phone))) fields.push({ field: 'phone', message: m.phoneInvalid[locale] });
  const note = (input.note ?? '').trim();
  if (note.length > REVIEW_LIMITS.note) fields.push({ field: 'note', message: m.tooLong[locale](REVIEW_LIMITS.note) });
  if (fields.length > 0) throw new AppError('validation_failed', { fields });
  return {
    method: input.method,
    name,
    street,
    houseNumber,
    postalCode,
    city,
    customerNumber: customerNumber || null,
    meterNumber: meterNumber || null,
    gpNumber: gpNumber || null,
    email,
    phone: phone || null,
    note,
    locale,
  };
}

function yearIn(timeZone: string, now: Date): number {
  return Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }).format(now));
}

const numberLabels = {
  customerNumber: { de: 'Kundennummer', en: 'Customer number' },
  meterNumber: { de: 'Zählernummer', en: 'Meter number' },
  gpNumber: { de: 'GP-Nr.', en: 'GP-Nr' },
};

/**
 * "Registrierung prüfen lassen" (public). Only for a registration method the utility offers; the
 * answer is the reference whatever was entered, and the receipt goes to the address given.
 */
export async function submitReview(database: Database, tenant: Tenant, input: TRegistrationReviewRequest, meta: RequestMeta): Promise<TRegistrationReviewReceipt> {
  if (!tenant.config.registrationMethods.includes(input.method)) throw new AppError('not_found');
  const review = checkReviewInput(input);
  const keys = [
    { key: `registration-review:client:${meta.ip}`, rule: clientRule },
    { key: `registration-review:email:${review.email}`, rule: accountRule },
  ];
  return withTenantRetryingDuplicates(database, tenant.id, async (trx) => {
    if (input.idempotencyKey) {
      const existing = await repo.findByIdempotencyKey(trx, tenant.id, input.idempotencyKey);
      if (existing && existing.email === review.email) return { status: 'received' as const, reference: existing.reference };
      if (existing) throw new AppError('conflict', { detail: m.keyReused[input.locale] });
    }
    await assertNotThrottled(trx, tenant.id, keys, meta.now);
    // Every submission counts (like the GP-Nr request): a flood from one client or for one address slows down.
    await recordFailure(trx, tenant.id, keys, meta.now);
    const year = yearIn(tenant.config.timeZone, meta.now);
    const reference = formatReference(year, await nextReferenceNumber(trx, tenant.id, year));
    const row = await repo.insertReview(trx, tenant.id, { ...review, reference, idempotencyKey: input.idempotencyKey ?? null, now: meta.now });
    const numbers = (['customerNumber', 'meterNumber', 'gpNumber'] as const).flatMap((key): Array<[string, string]> => {
      const value = review[key];
      return value ? [[numberLabels[key][review.locale], value]] : [];
    });
    await enqueueMail(
      trx,
      tenant.id,
      { to: review.email, locale: review.locale, template: 'registration_review_received', data: { reference, name: review.name, numbers } },
      `registration-review-received:${row.id}`,
    );
    await recordAudit(trx, tenant.id, {
      actorType: 'customer',
      action: 'registration_review.submitted',
      targetType: 'registration_review',
      targetId: row.id,
      requestId: meta.requestId,
      details: { ip: meta.ip, method: review.method, reference },
    });
    return { status: 'received' as const, reference };
  });
}

// --- back office ---------------------------------------------------------------------------------

function dayAge(createdAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - createdAt.getTime()) / 86_400_000));
}

async function candidatesFor(trx: TenantTransaction, tenant: Tenant, row: repo.ReviewRow): Promise<TReviewCandidate[]> {
  const numbers = [row.customerNumber, row.gpNumber].flatMap((n) => (n ? [normalizeCustomerNumber(n)] : []));
  const compactMeter = row.meterNumber ? row.meterNumber.replace(/[^A-Za-z0-9]/g, '').toUpperCase() : null;
  const nameWords = row.name
    .toLowerCase()
    .split(/[^\p{L}0-9-]+/u)
    .filter((w) => w.length > 1);
  const rows = await repo.candidates(trx, tenant.id, { numbers, compactMeter: compactMeter || null, nameWords, street: row.street, postalCode: row.postalCode }, 20);
  return rows.map((c) => ({
    id: c.id,
    customerNumber: c.customerNumber,
    name: customerName(c),
    address: `${c.street} ${c.houseNumber}, ${c.postalCode} ${c.city}`,
    matches: [
      ...(c.byNumber ? (row.gpNumber && !row.customerNumber ? (['gp_number'] as const) : (['customer_number'] as const)) : []),
      ...(c.byMeter ? (['meter_number'] as const) : []),
      ...(c.byName ? (['name'] as const) : []),
      ...(c.byAddress ? (['address'] as const) : []),
    ],
    hasActiveLogin: c.hasActiveLogin,
  }));
}

async function detail(trx: TenantTransaction, auth: StaffAuth, reviewId: string, now: Date): Promise<TRegistrationReview> {
  const tenantId = auth.tenant.id;
  const row = await repo.findReview(trx, tenantId, reviewId);
  if (!row) throw new AppError('not_found');
  const assignee = row.assignedTo ? await findStaffName(trx, tenantId, row.assignedTo) : undefined;
  const decider = row.decidedBy ? await findStaffName(trx, tenantId, row.decidedBy) : undefined;
  const customer = row.customerId ? await findCustomerName(trx, tenantId, row.customerId) : undefined;
  const notes = await repo.listNotes(trx, tenantId, row.id);
  const open = row.status === 'received' || row.status === 'in_progress';
  return {
    id: row.id,
    reference: row.reference,
    status: ZRequestStatus.parse(row.status),
    method: row.method,
    name: row.name,
    address: { street: row.street, houseNumber: row.houseNumber, postalCode: row.postalCode, city: row.city },
    customerNumber: row.customerNumber,
    meterNumber: row.meterNumber,
    gpNumber: row.gpNumber,
    email: row.email,
    phone: row.phone,
    note: row.note,
    locale: row.locale,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ageDays: dayAge(row.createdAt, now),
    assignee: assignee ? { id: assignee.id, name: assignee.name } : null,
    customer: customer ? { id: customer.id, customerNumber: customer.customerNumber, name: customerName(customer) } : null,
    reason: row.reason,
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
    decidedBy: decider?.name ?? null,
    notes: notes.map((note) => ({ id: note.id, text: note.text, author: note.author, at: note.at.toISOString() })),
    candidates: open ? await candidatesFor(trx, auth.tenant, row) : [],
  };
}

/** A review with its candidates; opening it is audited (it holds a person's data). */
export async function getReview(database: Database, auth: StaffAuth, reviewId: string, meta: RequestMeta): Promise<TRegistrationReview> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    const review = await detail(trx, auth, reviewId, meta.now);
    await recordAudit(trx, auth.tenant.id, { actorType: 'staff', actorId: auth.staffId, action: 'registration_review.viewed', targetType: 'registration_review', targetId: reviewId, requestId: meta.requestId });
    return review;
  });
}

async function openForUpdate(trx: TenantTransaction, auth: StaffAuth, reviewId: string, locale: TLocale): Promise<repo.ReviewRow> {
  const row = await repo.findReview(trx, auth.tenant.id, reviewId, true);
  if (!row) throw new AppError('not_found');
  if (row.status !== 'received' && row.status !== 'in_progress') throw new AppError('conflict', { detail: m.final[locale] });
  return row;
}

/** Takes the review "in progress" (and assigns it to the member when nobody has it). */
export async function startReview(database: Database, auth: StaffAuth, reviewId: string, meta: RequestMeta): Promise<TRegistrationReview> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    await openForUpdate(trx, auth, reviewId, meta.locale);
    await repo.startWork(trx, auth.tenant.id, reviewId, auth.staffId, meta.now);
    await recordAudit(trx, auth.tenant.id, { actorType: 'staff', actorId: auth.staffId, action: 'registration_review.started', targetType: 'registration_review', targetId: reviewId, requestId: meta.requestId });
    return detail(trx, auth, reviewId, meta.now);
  });
}

export async function assignReview(database: Database, auth: StaffAuth, reviewId: string, staffId: string | null, meta: RequestMeta): Promise<TRegistrationReview> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    if (staffId) {
      const staff = await findStaffName(trx, auth.tenant.id, staffId);
      if (staff?.status !== 'active') throw new AppError('validation_failed', { fields: [{ field: 'staffId', message: m.assigneeUnknown[meta.locale] }] });
    }
    if (!(await repo.setAssignee(trx, auth.tenant.id, reviewId, staffId, meta.now))) throw new AppError('not_found');
    await recordAudit(trx, auth.tenant.id, { actorType: 'staff', actorId: auth.staffId, action: 'registration_review.assigned', targetType: 'registration_review', targetId: reviewId, requestId: meta.requestId, details: { to: staffId } });
    return detail(trx, auth, reviewId, meta.now);
  });
}

export async function addReviewNote(database: Database, auth: StaffAuth, reviewId: string, text: string, meta: RequestMeta): Promise<TRegistrationReview> {
  const trimmed = text.trim();
  if (!trimmed) throw new AppError('validation_failed', { fields: [{ field: 'text', message: m.noteEmpty[meta.locale] }] });
  if (trimmed.length > NOTE_MAX) throw new AppError('validation_failed', { fields: [{ field: 'text', message: m.tooLong[meta.locale](NOTE_MAX) }] });
  return withTenant(database, auth.tenant.id, async (trx) => {
    if (!(await repo.findReview(trx, auth.tenant.id, reviewId))) throw new AppError('not_found');
    const id = await repo.insertNote(trx, auth.tenant.id, { reviewId, staffId: auth.staffId, text: trimmed, now: meta.now });
    await recordAudit(trx, auth.tenant.id, { actorType: 'staff', actorId: auth.staffId, action: 'registration_review.note_added', targetType: 'registration_review', targetId: reviewId, requestId: meta.requestId, details: { note: id } });
    return detail(trx, auth, reviewId, meta.now);
  });
}

/**
 * Assigns the review to a customer account of this tenant without an active login: the invitation
 * link goes to the address the person gave (whatever the tenant's self-registration methods are).
 */
export async function acceptReview(database: Database, auth: StaffAuth, reviewId: string, customerId: string, meta: RequestMeta): Promise<TRegistrationReview> {
  const tenantId = auth.tenant.id;
  return withTenant(database, tenantId, async (trx) => {
    const row = await openForUpdate(trx, auth, reviewId, meta.locale);
    // Another tenant's customer is as unknown as a made-up id (row-level security finds nothing).
    if (!(await findCustomerName(trx, tenantId, customerId))) throw new AppError('not_found');
    if (await repo.hasActiveLogin(trx, tenantId, customerId)) throw new AppError('conflict', { detail: m.hasLogin[meta.locale] });
    await createInvitation(trx, auth.tenant, { email: row.email, customerId, locale: row.locale, invitedBy: auth.staffId, now: meta.now, byStaff: true, traceId: meta.requestId });
    await repo.decide(trx, tenantId, reviewId, { status: 'done', customerId, reason: null, staffId: auth.staffId, now: meta.now });
    await recordAudit(trx, tenantId, {
      actorType: 'staff',
      actorId: auth.staffId,
      action: 'registration_review.accepted',
      targetType: 'registration_review',
      targetId: reviewId,
      requestId: meta.requestId,
      details: { customer: customerId },
    });
    return detail(trx, auth, reviewId, meta.now);
  });
}

/** Rejects the review; the reason is mailed to the person. */
export async function rejectReview(database: Database, auth: StaffAuth, reviewId: string, reason: string, meta: RequestMeta): Promise<TRegistrationReview> {
  const text = reason.trim();
  if (!text) throw new AppError('validation_failed', { fields: [{ field: 'reason', message: m.reasonRequired[meta.locale] }] });
  if (text.length > REVIEW_LIMITS.reason) throw new AppError('validation_failed', { fields: [{ field: 'reason', message: m.tooLong[meta.locale](REVIEW_LIMITS.reason) }] });
  const tenantId = auth.tenant.id;
  return withTenant(database, tenantId, async (trx) => {
    const row = await openForUpdate(trx, auth, reviewId, meta.locale);
    await repo.decide(trx, tenantId, reviewId, { status: 'rejected', customerId: null, reason: text, staffId: auth.staffId, now: meta.now });
    await enqueueMail(
      trx,
      tenantId,
      { to: row.email, locale: row.locale, template: 'registration_review_rejected', data: { reference: row.reference, name: row.name, reason: text } },
      `registration-review-rejected:${row.id}`,
    );
    await recordAudit(trx, tenantId, { actorType: 'staff', actorId: auth.staffId, action: 'registration_review.rejected', targetType: 'registration_review', targetId: reviewId, requestId: meta.requestId });
    return detail(trx, auth, reviewId, meta.now);
  });
}
