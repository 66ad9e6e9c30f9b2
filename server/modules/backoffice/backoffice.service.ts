// The back office's work on customers (ADR 0020): the queue of customer requests with assignment,
// internal notes and status changes (through the requests module, so the customer sees them in
// "Meine Anliegen" and gets a mail), the customer view (opening it is audited) with the actions on a
// customer's logins, and the dashboard. Every change is audited with the staff member as actor.
import type { TCustomerHit, TCustomerView, TDashboard, TQueuePage, TQueueQuery, TStaffRequestDetail } from '../../../api/backoffice.ts';
import { NOTE_MAX, ZQueueKind } from '../../../api/backoffice.ts';
import { ZRequestKind, ZRequestStatus, type TRequestStatus } from '../../../api/requests.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { localDate } from '../../clock.ts';
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { sendActivation, type RequestMeta } from '../identity/identity.service.ts';
import { deleteSessionsOfLogin, findLoginById } from '../identity/identity.repository.ts';
import { createInvitation } from '../identity/account.service.ts';
import { allowedTransitions, changeStatus, requestDetailOf } from '../requests/requests.service.ts';
import type { StaffAuth } from '../staff/staff-auth.ts';
import * as repo from './backoffice.repository.ts';
import { importRuns } from './integration-admin.ts';

const messages = {
  noteEmpty: { de: 'Bitte geben Sie eine Notiz ein.', en: 'Please enter a note.' },
  noteTooLong: { de: `Die Notiz darf höchstens ${String(NOTE_MAX)} Zeichen lang sein.`, en: `The note may be at most ${String(NOTE_MAX)} characters long.` },
  assigneeUnknown: { de: 'Diese Mitarbeiterin oder dieser Mitarbeiter ist nicht (mehr) aktiv.', en: 'This staff member is not active (any more).' },
  loginState: {
    lock: { de: 'Der Zugang ist bereits gesperrt oder noch nicht aktiviert.', en: 'The access is locked already or not activated yet.' },
    unlock: { de: 'Der Zugang ist nicht gesperrt.', en: 'The access is not locked.' },
    resend_activation: { de: 'Der Zugang ist bereits aktiviert.', en: 'The access is activated already.' },
  },
  hasActiveLogin: {
    de: 'Dieses Kundenkonto hat bereits einen aktiven Zugang. Eine Einladung ist nur für Kundenkonten ohne Zugang möglich.',
    en: 'This customer account has an active access already. Invitations are only for customer accounts without access.',
  },
};

/**
 * An invitation link for a customer account without an active login, mailed to `email` (ADR 0027):
 * it sets the password and activates the access at once. Staff may always invite, whatever
 * registration methods the utility offers for self-service.
 */
export async function inviteCustomer(database: Database, auth: StaffAuth, customerId: string, input: { email: string; locale: TLocale }, meta: RequestMeta): Promise<void> {
  const tenantId = auth.tenant.id;
  await withTenant(database, tenantId, async (trx) => {
    if (!(await repo.findCustomerName(trx, tenantId, customerId))) throw new AppError('not_found');
    const logins = await repo.loginsOfCustomer(trx, tenantId, customerId, meta.now);
    if (logins.some((login) => login.status === 'active')) throw new AppError('conflict', { detail: messages.hasActiveLogin[meta.locale] });
    await createInvitation(trx, auth.tenant, { email: input.email, customerId, locale: input.locale, invitedBy: auth.staffId, now: meta.now, byStaff: true, traceId: meta.requestId });
  });
}

export function customerName(row: { kind: string; firstName: string | null; lastName: string | null; companyName: string | null }): string {
  if (row.kind === 'company') return row.companyName ?? row.lastName ?? '';
  return [row.lastName, row.firstName].filter(Boolean).join(', ');
}

function dayAge(createdAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - createdAt.getTime()) / 86_400_000));
}

export async function queue(database: Database, auth: StaffAuth, query: TQueueQuery, now: Date): Promise<TQueuePage> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    const { total, rows } = await repo.queue(trx, auth.tenant.id, query, auth.staffId, now);
    return {
      total,
      items: rows.map((row) => ({
        id: row.id,
        reference: row.reference,
        kind: ZQueueKind.parse(row.kind),
        subject: row.subject,
        status: ZRequestStatus.parse(row.status),
        createdAt: new Date(row.createdAt).toISOString(),
        updatedAt: new Date(row.updatedAt).toISOString(),
        ageDays: dayAge(new Date(row.createdAt), now),
        customer:
          row.customerId && row.customerNumber && row.kindOfCustomer
            ? { id: row.customerId, customerNumber: row.customerNumber, name: customerName({ ...row, kind: row.kindOfCustomer }) }
            : null,
        person: row.person,
        assignee: row.assigneeId && row.assigneeName ? { id: row.assigneeId, name: row.assigneeName } : null,
        notes: row.notes,
      })),
    };
  });
}

async function detail(trx: TenantTransaction, auth: StaffAuth, requestId: string, locale: TLocale): Promise<TStaffRequestDetail> {
  const tenantId = auth.tenant.id;
  const row = await repo.findRequest(trx, tenantId, requestId);
  if (!row) throw new AppError('not_found');
  const customer = await repo.findCustomerName(trx, tenantId, row.customerId);
  if (!customer) throw new AppError('not_found');
  const assignee = row.assignedTo ? await repo.findStaffName(trx, tenantId, row.assignedTo) : undefined;
  const notes = await repo.listNotes(trx, tenantId, row.id);
  const base = await requestDetailOf(trx, tenantId, row, locale);
  return {
    ...base,
    customer: { id: customer.id, customerNumber: customer.customerNumber, name: customerName(customer) },
    assignee: assignee ? { id: assignee.id, name: assignee.name } : null,
    notes: notes.map((note) => ({ id: note.id, text: note.text, author: note.author, at: note.at.toISOString() })),
    nextStatuses: [...allowedTransitions[ZRequestStatus.parse(row.status)]],
  };
}

export async function getRequest(database: Database, auth: StaffAuth, requestId: string, locale: TLocale): Promise<TStaffRequestDetail> {
  return withTenant(database, auth.tenant.id, (trx) => detail(trx, auth, requestId, locale));
}

/**
 * Status change by staff: the requests module enforces the transitions, records the history, mails
 * the customer and applies a done change (address, instalment, reviewed reading). Taking a request
 * "in progress" assigns it to the member when nobody has it.
 */
export async function changeRequestStatus(
  database: Database,
  auth: StaffAuth,
  requestId: string,
  change: { status: Exclude<TRequestStatus, 'received'>; reason?: string | null | undefined },
  meta: RequestMeta,
): Promise<TStaffRequestDetail> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    await changeStatus(trx, auth.tenant, requestId, {
      status: change.status,
      reason: change.reason ?? null,
      actor: { type: 'staff', id: auth.staffId },
      now: meta.now,
      locale: meta.locale,
      traceId: meta.requestId,
    });
    const row = await repo.findRequest(trx, auth.tenant.id, requestId);
    if (change.status === 'in_progress' && row && !row.assignedTo) await repo.assign(trx, auth.tenant.id, requestId, auth.staffId);
    return detail(trx, auth, requestId, meta.locale);
  });
}

export async function assign(database: Database, auth: StaffAuth, requestId: string, staffId: string | null, meta: RequestMeta): Promise<TStaffRequestDetail> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    if (staffId) {
      const staff = await repo.findStaffName(trx, auth.tenant.id, staffId);
      if (staff?.status !== 'active') throw new AppError('validation_failed', { fields: [{ field: 'staffId', message: messages.assigneeUnknown[meta.locale] }] });
    }
    if (!(await repo.assign(trx, auth.tenant.id, requestId, staffId))) throw new AppError('not_found');
    await recordAudit(trx, auth.tenant.id, { actorType: 'staff', actorId: auth.staffId, action: 'request.assigned', targetType: 'customer_request', targetId: requestId, requestId: meta.requestId, details: { to: staffId } });
    return detail(trx, auth, requestId, meta.locale);
  });
}

export async function addNote(database: Database, auth: StaffAuth, requestId: string, text: string, meta: RequestMeta): Promise<TStaffRequestDetail> {
  const trimmed = text.trim();
  if (!trimmed) throw new AppError('validation_failed', { fields: [{ field: 'text', message: messages.noteEmpty[meta.locale] }] });
  if (trimmed.length > NOTE_MAX) throw new AppError('validation_failed', { fields: [{ field: 'text', message: messages.noteTooLong[meta.locale] }] });
  return withTenant(database, auth.tenant.id, async (trx) => {
    if (!(await repo.findRequest(trx, auth.tenant.id, requestId))) throw new AppError('not_found');
    const id = await repo.insertNote(trx, auth.tenant.id, { requestId, staffId: auth.staffId, text: trimmed, now: meta.now });
    await recordAudit(trx, auth.tenant.id, { actorType: 'staff', actorId: auth.staffId, action: 'request.note_added', targetType: 'customer_request', targetId: requestId, requestId: meta.requestId, details: { note: id } });
    return detail(trx, auth, requestId, meta.locale);
  });
}

export async function getAttachment(database: Database, auth: StaffAuth, requestId: string, attachmentId: string, requestIdForAudit: string) {
  return withTenant(database, auth.tenant.id, async (trx) => {
    const file = await repo.findAttachment(trx, auth.tenant.id, requestId, attachmentId);
    if (!file) throw new AppError('not_found');
    await recordAudit(trx, auth.tenant.id, { actorType: 'staff', actorId: auth.staffId, action: 'request.attachment_opened', targetType: 'customer_request', targetId: requestId, requestId: requestIdForAudit, details: { attachment: attachmentId } });
    return file;
  });
}

// --- customers -----------------------------------------------------------------------------------

export async function searchCustomers(database: Database, auth: StaffAuth, q: string): Promise<TCustomerHit[]> {
  return withTenant(database, auth.tenant.id, async (trx) =>
    (await repo.searchCustomers(trx, auth.tenant.id, q, 50)).map((row) => ({
      id: row.id,
      customerNumber: row.customerNumber,
      name: customerName(row),
      address: `${row.street} ${row.houseNumber}, ${row.postalCode} ${row.city}`,
      logins: row.logins,
    })),
  );
}

/** Everything of a customer account the back office may see. Opening it is audited (SEC-19). */
export async function customerView(database: Database, auth: StaffAuth, customerId: string, meta: RequestMeta): Promise<TCustomerView> {
  const tenantId = auth.tenant.id;
  return withTenant(database, tenantId, async (trx) => {
    const customer = await repo.findCustomer(trx, tenantId, customerId);
    if (!customer) throw new AppError('not_found');
    await recordAudit(trx, tenantId, { actorType: 'staff', actorId: auth.staffId, action: 'customer.viewed', targetType: 'customer', targetId: customerId, requestId: meta.requestId });
    const logins = await repo.loginsOfCustomer(trx, tenantId, customerId, meta.now);
    const supply = await repo.premisesWithMeters(trx, tenantId, customerId);
    const registerIds = supply.flatMap((row) => (row.registerId ? [row.registerId] : []));
    const readings = await repo.latestReadings(trx, tenantId, registerIds, 5);
    const today = localDate(meta.now, auth.tenant.config.timeZone);
    const contracts = await repo.contractsOf(trx, tenantId, customerId, today);
    const invoices = await repo.invoicesOf(trx, tenantId, customerId, 24);
    const requests = await repo.requestsOf(trx, tenantId, customerId);

    const premises = new Map<string, TCustomerView['premises'][number]>();
    for (const row of supply) {
      let premise = premises.get(row.premiseId);
      if (!premise) {
        premise = { id: row.premiseId, address: `${row.street} ${row.houseNumber}, ${row.postalCode} ${row.city}`, maloId: row.maloId, meters: [] };
        premises.set(row.premiseId, premise);
      }
      if (!row.meterId || !row.meterNumber || !row.division || !row.installedOn) continue;
      let meter = premise.meters.find((m) => m.id === row.meterId);
      if (!meter) {
        meter = { id: row.meterId, meterNumber: row.meterNumber, division: row.division, kind: row.meterKind ?? 'analog', installedOn: row.installedOn, removedOn: row.removedOn, registers: [] };
        premise.meters.push(meter);
      }
      if (row.registerId && row.obis && row.unit) {
        meter.registers.push({
          obis: row.obis,
          label: row.label,
          unit: row.unit,
          readings: readings.filter((r) => r.registerId === row.registerId).map((r) => ({ readOn: r.readOn, value: r.value, source: r.source, status: r.status })),
        });
      }
    }
    return {
      id: customer.id,
      customerNumber: customer.customerNumber,
      name: customerName(customer),
      kind: customer.kind,
      address: `${customer.street} ${customer.houseNumber}, ${customer.postalCode} ${customer.city}${customer.country === 'DE' || customer.country === 'AT' ? '' : `, ${customer.country}`}`,
      email: customer.email,
      phone: customer.phone,
      logins: logins.map((login) => ({
        id: login.id,
        email: login.email,
        status: login.status as 'pending' | 'active' | 'locked',
        registrationMethod: login.registrationMethod,
        createdAt: login.createdAt.toISOString(),
        lastLoginAt: login.lastLoginAt?.toISOString() ?? null,
        secondFactor: login.secondFactor,
        activeSessions: login.activeSessions,
      })),
      premises: [...premises.values()],
      contracts,
      invoices,
      requests: requests.map((r) => ({ id: r.id, reference: r.reference, kind: ZRequestKind.parse(r.kind), subject: r.subject, status: ZRequestStatus.parse(r.status), createdAt: r.createdAt.toISOString() })),
    };
  });
}

/**
 * What staff may do with a customer's login: lock (its sessions end), unlock, end its sessions, send
 * the activation link again. The login must belong to the customer account shown (404 otherwise).
 */
export async function loginAction(
  database: Database,
  auth: StaffAuth,
  customerId: string,
  loginId: string,
  action: 'lock' | 'unlock' | 'end_sessions' | 'resend_activation',
  meta: RequestMeta,
): Promise<void> {
  const tenantId = auth.tenant.id;
  await withTenant(database, tenantId, async (trx) => {
    if (!(await repo.isLoginOfCustomer(trx, tenantId, customerId, loginId))) throw new AppError('not_found');
    if (action === 'lock') {
      if (!(await repo.setLoginStatus(trx, tenantId, loginId, 'active', 'locked'))) throw new AppError('conflict', { detail: messages.loginState.lock[meta.locale] });
      await deleteSessionsOfLogin(trx, tenantId, loginId, null);
    } else if (action === 'unlock') {
      if (!(await repo.setLoginStatus(trx, tenantId, loginId, 'locked', 'active'))) throw new AppError('conflict', { detail: messages.loginState.unlock[meta.locale] });
    } else if (action === 'end_sessions') {
      await deleteSessionsOfLogin(trx, tenantId, loginId, null);
    } else {
      const login = await findLoginById(trx, tenantId, loginId);
      if (login?.status !== 'pending') throw new AppError('conflict', { detail: messages.loginState.resend_activation[meta.locale] });
      await sendActivation(trx, auth.tenant, login, login.locale, meta.now);
    }
    await recordAudit(trx, tenantId, { actorType: 'staff', actorId: auth.staffId, action: `login.${action}`, targetType: 'login', targetId: loginId, requestId: meta.requestId, details: { customer: customerId } });
  });
}

export async function dashboard(database: Database, auth: StaffAuth, now: Date, locale: TLocale): Promise<TDashboard> {
  const recentImports = await importRuns(database, auth, locale, 5);
  return withTenant(database, auth.tenant.id, async (trx) => {
    const counts = await repo.dashboardCounts(trx, auth.tenant.id, now);
    return {
      registrations: counts.registrations,
      openRequests: {
        total: counts.open.total,
        byAge: { under2Days: counts.open.under2Days, days2to7: counts.open.days2to7, over7Days: counts.open.over7Days },
        byKind: counts.open.byKind.map((row) => ({ kind: ZRequestKind.parse(row.kind), count: row.count })),
        unassigned: counts.open.unassigned,
      },
      readings: counts.readings,
      gpRequestsPending: counts.gpPending,
      recentImports,
    };
  });
}
