// Customer requests: the one place where requests of every kind are created and change status.
// Other modules (address, bank, instalment, reading changes) call createRequest in their own
// transaction; the back office and the integration API call changeStatus. Both mail the customer
// through the outbox and write the audit log.
import {
  REQUEST_LIMITS,
  type TAttachmentType,
  type TCreatedRequest,
  type TMessageRequest,
  type TPremise,
  type TRequestActor,
  type TRequestDetail,
  type TRequestKind,
  type TRequestListItem,
  type TRequestStatus,
  ZRequestActor,
  ZRequestKind,
  ZRequestStatus,
} from '../../../api/requests.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { withTenant, withTenantRetryingDuplicates, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError, type FieldError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { RequestMeta } from '../identity/identity.service.ts';
import { selectedCustomer, type AuthContext } from '../identity/sessions.ts';
import { enqueueMail } from '../mail/mail.ts';
import { recordRequestCreated, recordRequestStatusChanged } from '../integration/events.service.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { checkAttachment, type CheckedAttachment } from './attachments.ts';
import { applySettledRequest } from './completion.ts';
import { requestDetails } from './request-details.ts';
import * as repo from './requests.repository.ts';

export type RequestActor = { type: TRequestActor; id: string | null };

/** Where a request's page is in the portal (mails link to it). */
export function requestPath(requestId: string): string {
  return `/anliegen/${requestId}`;
}

/** Which status may follow which: done and rejected are final. */
export const allowedTransitions: Readonly<Record<TRequestStatus, readonly TRequestStatus[]>> = {
  received: ['in_progress', 'done', 'rejected'],
  in_progress: ['done', 'rejected'],
  done: [],
  rejected: [],
};

export function formatReference(year: number, number: number): string {
  return `A-${String(year)}-${String(number).padStart(6, '0')}`;
}

function yearIn(timeZone: string, now: Date): number {
  return Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone }).format(now));
}

export type NewRequest = {
  customerId: string;
  /** The login that sends it (gets the confirmation); null when made for the customer by staff. */
  loginId: string | null;
  premiseId: string | null;
  kind: TRequestKind;
  subject: string;
  /** Kind-specific data, kept as JSON. */
  payload: Record<string, unknown>;
  attachments: readonly CheckedAttachment[];
  /** The same key from the same login returns the first request instead of a second one. */
  idempotencyKey: string | null;
  actor: RequestActor;
  /** Language of the confirmation mail. */
  locale: TLocale;
  /** False when the calling module mails its own, more specific confirmation (with the reference). */
  receiptMail?: boolean;
  now: Date;
  /** The HTTP request id, for the audit log. */
  traceId?: string;
};

/**
 * Creates a request with status 'received', its first history entry and attachments, and mails the
 * confirmation with the reference number to the login. The premise must be checked by the caller.
 */
export async function createRequest(trx: TenantTransaction, tenant: Tenant, input: NewRequest): Promise<TCreatedRequest & { created: boolean }> {
  if (input.idempotencyKey && input.loginId) {
    const existing = await repo.findByIdempotencyKey(trx, tenant.id, input.loginId, input.idempotencyKey);
    if (existing) return { id: existing.id, reference: existing.reference, status: ZRequestStatus.parse(existing.status), created: false };
  }
  const year = yearIn(tenant.config.timeZone, input.now);
  const reference = formatReference(year, await repo.nextReferenceNumber(trx, tenant.id, year));
  const row = await repo.insertRequest(trx, tenant.id, {
    reference,
    customerId: input.customerId,
    loginId: input.loginId,
    premiseId: input.premiseId,
    kind: input.kind,
    subject: input.subject,
    payload: input.payload,
    idempotencyKey: input.loginId ? input.idempotencyKey : null,
    now: input.now,
  });
  await repo.insertEvent(trx, tenant.id, { requestId: row.id, status: 'received', reason: null, actorType: input.actor.type, actorId: input.actor.id, now: input.now });
  for (const file of input.attachments) {
    await repo.insertAttachment(trx, tenant.id, { requestId: row.id, fileName: file.fileName, contentType: file.contentType, content: file.content, now: input.now });
  }
  const login = input.loginId && input.receiptMail !== false ? await repo.findLoginContact(trx, tenant.id, input.loginId) : undefined;
  if (login) {
    await enqueueMail(
      trx,
      tenant.id,
      { to: login.email, locale: input.locale, template: 'request_received', data: { reference, subject: input.subject, kind: input.kind, path: requestPath(row.id) } },
      `request-received:${row.id}`,
    );
  }
  await recordAudit(trx, tenant.id, {
    actorType: input.actor.type,
    actorId: input.actor.id,
    action: 'request.created',
    targetType: 'customer_request',
    targetId: row.id,
    requestId: input.traceId ?? null,
    details: { kind: input.kind, reference, attachments: input.attachments.length },
  });
  // The export feed and webhooks of the billing system (ADR 0023), in this transaction.
  await recordRequestCreated(trx, tenant.id, { ...input, id: row.id, reference });
  return { id: row.id, reference, status: 'received', created: true };
}

const statusMessages = {
  final: {
    de: 'Dieses Anliegen ist abgeschlossen; sein Status kann nicht mehr geändert werden.',
    en: 'This request is closed; its status cannot be changed any more.',
  },
  notAllowed: { de: 'Dieser Statuswechsel ist nicht möglich.', en: 'This status change is not possible.' },
  reasonRequired: { de: 'Bitte geben Sie einen Grund für die Ablehnung an.', en: 'Please give a reason for the rejection.' },
  reasonTooLong: { de: 'Der Grund darf höchstens 2000 Zeichen lang sein.', en: 'The reason may be at most 2000 characters long.' },
};

export type StatusChange = {
  status: TRequestStatus;
  /** Required for 'rejected' (shown to the customer); a comment otherwise. */
  reason?: string | null;
  actor: RequestActor;
  now: Date;
  /** Language of error messages for the caller. */
  locale?: TLocale;
  traceId?: string;
};

/**
 * Changes the status of a request (back office, integration API): enforces the allowed
 * transitions, records the history and the audit entry, and mails the customer's login (if it
 * still exists). 404 for an unknown id, 409 for a change that is not allowed.
 */
export async function changeStatus(trx: TenantTransaction, tenant: Tenant, requestId: string, change: StatusChange): Promise<void> {
  const locale = change.locale ?? 'de';
  const reason = change.reason?.trim() ? change.reason.trim() : null;
  if (change.status === 'rejected' && !reason) throw new AppError('validation_failed', { fields: [{ field: 'reason', message: statusMessages.reasonRequired[locale] }] });
  if (reason && reason.length > 2000) throw new AppError('validation_failed', { fields: [{ field: 'reason', message: statusMessages.reasonTooLong[locale] }] });
  const request = await repo.findRequestForUpdate(trx, tenant.id, requestId);
  if (!request) throw new AppError('not_found');
  const current = ZRequestStatus.parse(request.status);
  if (!allowedTransitions[current].includes(change.status)) {
    throw new AppError('conflict', { detail: allowedTransitions[current].length === 0 ? statusMessages.final[locale] : statusMessages.notAllowed[locale] });
  }
  await repo.updateStatus(trx, tenant.id, request.id, change.status, change.now);
  if (change.status === 'done' || change.status === 'rejected') await applySettledRequest(trx, tenant.id, request, change.status);
  await repo.insertEvent(trx, tenant.id, { requestId: request.id, status: change.status, reason, actorType: change.actor.type, actorId: change.actor.id, now: change.now });
  const login = request.loginId ? await repo.findLoginContact(trx, tenant.id, request.loginId) : undefined;
  if (login) {
    await enqueueMail(
      trx,
      tenant.id,
      {
        to: login.email,
        locale: login.locale === 'en' ? 'en' : 'de',
        template: 'request_status_changed',
        data: { reference: request.reference, subject: request.subject, status: change.status, reason, path: requestPath(request.id) },
      },
      `request-status:${request.id}:${change.status}`,
    );
  }
  await recordAudit(trx, tenant.id, {
    actorType: change.actor.type,
    actorId: change.actor.id,
    action: 'request.status_changed',
    targetType: 'customer_request',
    targetId: request.id,
    requestId: change.traceId ?? null,
    details: { from: current, to: change.status },
  });
  await recordRequestStatusChanged(trx, tenant.id, { ...request, from: current, to: change.status, reason, actor: change.actor, now: change.now });
}

function present(row: repo.RequestRow): TRequestListItem {
  return {
    id: row.id,
    reference: row.reference,
    kind: ZRequestKind.parse(row.kind),
    subject: row.subject,
    status: ZRequestStatus.parse(row.status),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function presentPremise(row: repo.PremiseRow): TPremise {
  return { id: row.id, address: `${row.street} ${row.houseNumber}, ${row.postalCode} ${row.city}`, maloId: row.maloId };
}

/** Requests of a customer account still open (received or in progress): how many, and the newest `limit`. */
export async function openRequests(trx: TenantTransaction, tenantId: string, customerId: string, limit: number): Promise<{ openCount: number; open: TRequestListItem[] }> {
  const open = (await repo.listCustomerRequests(trx, tenantId, customerId)).filter((row) => row.status === 'received' || row.status === 'in_progress');
  return { openCount: open.length, open: open.slice(0, limit).map(present) };
}

/** The selected customer account's requests, newest first. */
export async function listRequests(database: Database, auth: AuthContext): Promise<TRequestListItem[]> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    return (await repo.listCustomerRequests(trx, auth.tenant.id, customerId)).map(present);
  });
}

function messageOf(row: repo.RequestRow): TRequestDetail['message'] {
  if (row.kind !== 'message' || typeof row.payload !== 'object' || row.payload === null) return null;
  const payload = row.payload as Record<string, unknown>;
  return { text: typeof payload.text === 'string' ? payload.text : '', phone: typeof payload.phone === 'string' ? payload.phone : '' };
}

/** One request of the selected customer account with history and attachment metadata; 404 otherwise. */
export async function getRequest(database: Database, auth: AuthContext, requestId: string, locale: TLocale): Promise<TRequestDetail> {
  const tenantId = auth.tenant.id;
  return withTenant(database, tenantId, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const row = await repo.findCustomerRequest(trx, tenantId, customerId, requestId);
    if (!row) throw new AppError('not_found');
    return requestDetailOf(trx, tenantId, row, locale);
  });
}

/** A request as its page shows it (customer portal and back office): details, history, attachments. */
export async function requestDetailOf(trx: TenantTransaction, tenantId: string, row: repo.RequestRow, locale: TLocale): Promise<TRequestDetail> {
  const premise = row.premiseId ? await repo.findPremise(trx, tenantId, row.customerId, row.premiseId) : undefined;
  const events = await repo.listEvents(trx, tenantId, row.id);
  const attachments = await repo.listAttachments(trx, tenantId, row.id);
  return {
    ...present(row),
    premise: premise ? presentPremise(premise) : null,
    message: messageOf(row),
    details: requestDetails(ZRequestKind.parse(row.kind), row.payload, locale),
    events: events.map((event) => ({
      status: ZRequestStatus.parse(event.status),
      reason: event.reason,
      actor: ZRequestActor.parse(event.actorType),
      at: event.createdAt.toISOString(),
    })),
    attachments: attachments.map((file) => ({ ...file, contentType: file.contentType as TAttachmentType })),
  };
}

export async function getAttachment(
  database: Database,
  auth: AuthContext,
  requestId: string,
  attachmentId: string,
): Promise<{ fileName: string; contentType: string; content: Buffer }> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const file = await repo.findCustomerAttachment(trx, auth.tenant.id, customerId, requestId, attachmentId);
    if (!file) throw new AppError('not_found');
    return file;
  });
}

/** The consumption points (Verbrauchsstellen) of the selected customer account. */
export async function listPremises(database: Database, auth: AuthContext): Promise<TPremise[]> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    return (await repo.listPremises(trx, auth.tenant.id, customerId)).map(presentPremise);
  });
}

const formMessages = {
  subjectRequired: { de: 'Bitte geben Sie einen Betreff ein.', en: 'Please enter a subject.' },
  subjectTooLong: { de: `Der Betreff darf höchstens ${String(REQUEST_LIMITS.subject)} Zeichen lang sein.`, en: `The subject may be at most ${String(REQUEST_LIMITS.subject)} characters long.` },
  messageRequired: { de: 'Bitte beschreiben Sie Ihr Anliegen.', en: 'Please describe your request.' },
  messageTooLong: { de: `Ihr Anliegen darf höchstens ${String(REQUEST_LIMITS.message)} Zeichen lang sein.`, en: `Your request may be at most ${String(REQUEST_LIMITS.message)} characters long.` },
  phoneRequired: { de: 'Bitte geben Sie eine Telefonnummer an, unter der wir Sie erreichen.', en: 'Please enter a phone number we can reach you at.' },
  phoneInvalid: {
    de: 'Bitte geben Sie die Telefonnummer nur mit Ziffern, Leerzeichen und den Zeichen + / - ( ) ein, z. B. 0123 456789.',
    en: 'Please enter the phone number with digits, spaces and the characters + / - ( ) only, e.g. 0123 456789.',
  },
};

const phonePattern = /^\+?[0-9][0-9 ()/-]{3,}$/;

/** The contact form: checks the input (translated messages), then creates a request of kind 'message'. */
export async function submitMessage(database: Database, auth: AuthContext, input: TMessageRequest, meta: RequestMeta): Promise<TCreatedRequest & { created: boolean }> {
  const { locale } = meta;
  const subject = input.subject.trim();
  const text = input.message.trim();
  const phone = input.phone.trim().replace(/\s+/g, ' ');
  const fields: FieldError[] = [];
  if (!subject) fields.push({ field: 'subject', message: formMessages.subjectRequired[locale] });
  else if (subject.length > REQUEST_LIMITS.subject) fields.push({ field: 'subject', message: formMessages.subjectTooLong[locale] });
  if (!text) fields.push({ field: 'message', message: formMessages.messageRequired[locale] });
  else if (text.length > REQUEST_LIMITS.message) fields.push({ field: 'message', message: formMessages.messageTooLong[locale] });
  if (!phone) fields.push({ field: 'phone', message: formMessages.phoneRequired[locale] });
  else if (phone.length > REQUEST_LIMITS.phone || !phonePattern.test(phone)) fields.push({ field: 'phone', message: formMessages.phoneInvalid[locale] });
  let attachment: CheckedAttachment | null = null;
  if (input.attachment) {
    const checked = checkAttachment(input.attachment, locale);
    if (checked.ok) attachment = checked.file;
    else fields.push({ field: 'attachment', message: checked.message });
  }
  if (fields.length > 0) throw new AppError('validation_failed', { fields });

  const tenant = auth.tenant;
  return withTenantRetryingDuplicates(database, tenant.id, async (trx) => {
    const customerId = await selectedCustomer(trx, auth);
    const premiseId = input.premiseId ?? null;
    // Another customer's consumption point is as unknown as a made-up one (SEC-16).
    if (premiseId && !(await repo.findPremise(trx, tenant.id, customerId, premiseId))) throw new AppError('not_found');
    return createRequest(trx, tenant, {
      customerId,
      loginId: auth.loginId,
      premiseId,
      kind: 'message',
      subject,
      payload: { text, phone },
      attachments: attachment ? [attachment] : [],
      idempotencyKey: input.idempotencyKey ?? null,
      actor: { type: 'customer', id: auth.loginId },
      locale,
      now: meta.now,
      traceId: meta.requestId,
    });
  });
}
