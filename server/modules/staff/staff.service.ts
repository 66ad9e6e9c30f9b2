// Staff of a utility (back office, ADR 0020): invitation by link, sign-in with password AND an
// authenticator code (SEC-07: a second factor is required for staff; there is no way around it),
// enrolment of the authenticator at the first sign-in, the staff list for admins. Every action is
// audited with actor type 'staff'.
import type { TLocale } from '../../../api/tenant.ts';
import type { TColleague, TStaffListItem, TStaffLoginStep, TStaffRole, TStaffSession, TStaffTotpSetup } from '../../../api/staff.ts';
import { isUniqueViolation, withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { RequestMeta } from '../identity/identity.service.ts';
import { enqueueMail } from '../mail/mail.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import * as repo from './staff.repository.ts';
import { sessionRefOf, staffIdleTimeoutMs, staffRealm, staffTx, type StaffAuth } from './staff-auth.ts';
import * as twoStep from './two-step.ts';

export { STAFF_TOTP_PURPOSE } from './staff-auth.ts';
export { INVITATION_HOURS } from './two-step.ts';

export type StaffDeps = { secretsKey: Buffer };

const messages = {
  emailTaken: { de: 'Unter dieser E-Mail-Adresse gibt es bereits einen Backoffice-Zugang.', en: 'There is a back-office access with this e-mail address already.' },
  lastAdmin: {
    de: 'Der letzte aktive Administrator kann weder gesperrt noch herabgestuft werden.',
    en: 'The last active administrator can be neither locked nor demoted.',
  },
  notYourself: { de: 'Den eigenen Zugang können Sie hier nicht sperren.', en: 'You cannot lock your own access here.' },
  notInvited: { de: 'Dieser Zugang ist bereits eingerichtet.', en: 'This access has been set up already.' },
};

/** Step 1 of signing in: the password. Opens a half-finished session that waits for the code (or enrolment). */
export async function signIn(
  database: Database,
  tenant: Tenant,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<{ step: TStaffLoginStep; token: string }> {
  return twoStep.passwordStep(staffRealm(database, tenant), input, meta);
}

/** Step 2: the code of the authenticator app. A code works once; failures are throttled. */
export async function verifyCode(database: Database, auth: StaffAuth, code: string, deps: StaffDeps, meta: RequestMeta): Promise<{ token: string; session: TStaffSession }> {
  const { token, session } = await twoStep.codeStep(staffRealm(database, auth.tenant), sessionRefOf(auth), code, deps.secretsKey, meta);
  return { token, session: sessionView({ ...auth, idleExpiresAt: session.idleExpiresAt }) };
}

/** Enrolment (first sign-in, or after an admin reset the factor): a new secret, kept in the session until confirmed. */
export async function startEnrolment(database: Database, auth: StaffAuth, deps: StaffDeps, meta: RequestMeta): Promise<TStaffTotpSetup> {
  return twoStep.startEnrolment(staffRealm(database, auth.tenant), sessionRefOf(auth), deps.secretsKey, meta);
}

/** Confirms the enrolment with a first code; the session is then complete. */
export async function confirmEnrolment(database: Database, auth: StaffAuth, code: string, deps: StaffDeps, meta: RequestMeta): Promise<{ token: string; session: TStaffSession }> {
  const { token, session } = await twoStep.confirmEnrolment(staffRealm(database, auth.tenant), sessionRefOf(auth), code, deps.secretsKey, meta);
  return { token, session: sessionView({ ...auth, idleExpiresAt: session.idleExpiresAt }) };
}

export async function signOut(database: Database, auth: StaffAuth, requestId: string): Promise<void> {
  await twoStep.signOut(staffRealm(database, auth.tenant), sessionRefOf(auth), requestId);
}

export function sessionView(auth: StaffAuth): TStaffSession {
  return {
    staff: { id: auth.staffId, name: auth.name, email: auth.email, role: auth.role, locale: auth.locale },
    idleExpiresAt: auth.idleExpiresAt.toISOString(),
    absoluteExpiresAt: auth.absoluteExpiresAt.toISOString(),
    idleTimeoutSeconds: Math.round(staffIdleTimeoutMs(auth.tenant) / 1000),
  };
}

// --- invitation ----------------------------------------------------------------------------------

async function sendInvitation(trx: TenantTransaction, tenant: Tenant, staff: { id: string; email: string; name: string; role: TStaffRole; locale: TLocale }, invitedBy: string, now: Date): Promise<string> {
  const token = await twoStep.newInvitationToken(staffTx(trx, tenant.id), staff.id, now);
  await enqueueMail(trx, tenant.id, {
    to: staff.email,
    locale: staff.locale,
    template: 'staff_invitation',
    data: { name: staff.name, role: staff.role, invitedBy, path: `/backoffice/einladung#${token}`, expiresHours: twoStep.INVITATION_HOURS },
  });
  return token;
}

/** Invites a colleague (admins). The link sets the password; the authenticator follows at the first sign-in. */
export async function invite(
  database: Database,
  tenant: Tenant,
  input: { email: string; name: string; role: TStaffRole; locale: TLocale },
  by: { staffId: string | null; name: string; actorType?: 'staff' | 'operator'; operatorId?: string },
  meta: Pick<RequestMeta, 'now' | 'requestId' | 'locale'>,
): Promise<{ id: string; token: string }> {
  try {
    return await withTenant(database, tenant.id, async (trx) => {
      const id = await repo.insertStaff(trx, tenant.id, { email: input.email, name: input.name, role: input.role, locale: input.locale, invitedBy: by.staffId, now: meta.now });
      const token = await sendInvitation(trx, tenant, { id, ...input }, by.name, meta.now);
      await recordAudit(trx, tenant.id, { actorType: by.actorType ?? 'staff', actorId: by.operatorId ?? by.staffId, action: 'staff.invited', targetType: 'staff', targetId: id, requestId: meta.requestId, details: { role: input.role } });
      return { id, token };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', { detail: messages.emailTaken[meta.locale], fields: [{ field: 'email', message: messages.emailTaken[meta.locale] }] });
    throw error;
  }
}

export async function resendInvitation(database: Database, auth: StaffAuth, staffId: string, meta: RequestMeta): Promise<void> {
  await withTenant(database, auth.tenant.id, async (trx) => {
    const staff = await repo.findStaff(trx, auth.tenant.id, staffId);
    if (!staff) throw new AppError('not_found');
    if (staff.status !== 'invited') throw new AppError('conflict', { detail: messages.notInvited[meta.locale] });
    await sendInvitation(trx, auth.tenant, staff, auth.name, meta.now);
    await recordAudit(trx, auth.tenant.id, { actorType: 'staff', actorId: auth.staffId, action: 'staff.invitation_resent', targetType: 'staff', targetId: staffId, requestId: meta.requestId });
  });
}

export async function invitationInfo(database: Database, tenant: Tenant, token: string, now: Date): Promise<{ email: string; name: string; tenantName: string }> {
  return staffRealm(database, tenant).transaction(async (tx) => {
    const { account } = await twoStep.validInvitation(tx, token, now);
    return { email: account.email, name: account.name, tenantName: tenant.config.displayName };
  });
}

/** Sets the password from the invitation link and opens a session that must enrol the authenticator next. */
export async function acceptInvitation(
  database: Database,
  tenant: Tenant,
  input: { token: string; password: string; passwordRepeat: string },
  meta: RequestMeta,
): Promise<{ step: TStaffLoginStep; token: string }> {
  return twoStep.acceptInvitation(staffRealm(database, tenant), input, meta);
}

// --- staff list (admins) -------------------------------------------------------------------------

function listItem(row: repo.StaffRow): TStaffListItem {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    status: row.status,
    secondFactor: row.totpSecretSealed !== null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listStaff(database: Database, auth: StaffAuth): Promise<TStaffListItem[]> {
  return withTenant(database, auth.tenant.id, async (trx) => (await repo.listStaff(trx, auth.tenant.id)).map(listItem));
}

/** Who can work requests (active admins and clerks), for assigning a request to a colleague. */
export async function colleagues(database: Database, auth: StaffAuth): Promise<TColleague[]> {
  return withTenant(database, auth.tenant.id, async (trx) =>
    (await repo.listStaff(trx, auth.tenant.id)).filter((row) => row.status === 'active' && row.role !== 'read_only').map((row) => ({ id: row.id, name: row.name })),
  );
}

/** Role change or lock/unlock. Locking ends the member's sessions; the last active admin stays. */
export async function updateStaffMember(
  database: Database,
  auth: StaffAuth,
  staffId: string,
  change: { role?: TStaffRole | undefined; status?: 'active' | 'locked' | undefined },
  meta: RequestMeta,
): Promise<TStaffListItem> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    const staff = await repo.findStaffForUpdate(trx, auth.tenant.id, staffId);
    if (!staff) throw new AppError('not_found');
    if (change.status === 'locked' && staffId === auth.staffId) throw new AppError('conflict', { detail: messages.notYourself[meta.locale] });
    const losesAdmin = staff.role === 'admin' && staff.status === 'active' && ((change.role !== undefined && change.role !== 'admin') || change.status === 'locked');
    if (losesAdmin && (await repo.countOtherActiveAdmins(trx, auth.tenant.id, staffId)) === 0) throw new AppError('conflict', { detail: messages.lastAdmin[meta.locale] });
    const status = change.status === undefined || staff.status === 'invited' ? undefined : change.status;
    await repo.updateStaff(trx, auth.tenant.id, staffId, { ...(change.role ? { role: change.role } : {}), ...(status ? { status } : {}) });
    if (status === 'locked' || (change.role && change.role !== staff.role)) await repo.deleteSessionsOfStaff(trx, auth.tenant.id, staffId);
    await recordAudit(trx, auth.tenant.id, {
      actorType: 'staff',
      actorId: auth.staffId,
      action: 'staff.updated',
      targetType: 'staff',
      targetId: staffId,
      requestId: meta.requestId,
      details: { ...(change.role ? { role: { from: staff.role, to: change.role } } : {}), ...(status ? { status: { from: staff.status, to: status } } : {}) },
    });
    const updated = await repo.findStaff(trx, auth.tenant.id, staffId);
    return listItem(updated ?? staff);
  });
}

/**
 * A member lost the phone: an admin of the tenant (actor type staff) or a platform operator (web
 * console or CLI, actor type operator; the only admin lost it) removes the authenticator. The member's
 * sessions end; at the next sign-in (password) a new authenticator must be set up before anything else works.
 */
export async function resetSecondFactor(
  database: Database,
  tenant: Tenant,
  target: { id: string } | { email: string },
  actor: { actorType: 'staff' | 'operator'; actorId: string | null },
  meta: Pick<RequestMeta, 'requestId'>,
): Promise<void> {
  await withTenant(database, tenant.id, async (trx) => {
    const staff = 'id' in target ? await repo.findStaffForUpdate(trx, tenant.id, target.id) : await repo.findStaffByEmail(trx, tenant.id, target.email);
    if (!staff) throw new AppError('not_found');
    await twoStep.resetFactor(staffTx(trx, tenant.id), staff.id);
    await recordAudit(trx, tenant.id, { ...actor, action: 'staff.second_factor_reset', targetType: 'staff', targetId: staff.id, requestId: meta.requestId });
  });
}

export async function listStaffOf(database: Database, tenant: Tenant): Promise<TStaffListItem[]> {
  return withTenant(database, tenant.id, async (trx) => (await repo.listStaff(trx, tenant.id)).map(listItem));
}
