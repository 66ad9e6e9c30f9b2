// Sessions of the back office: their own __Host- cookie and table, bound to the host's tenant, an
// idle timeout (the tenant's, at most 30 minutes) and an absolute limit of 10 hours (a working day).
// A session is 'complete' only after the authenticator code; every back-office route asks for a
// permission of the staff member's role (api/staff.ts STAFF_PERMISSIONS). The sign-in rules are the
// shared two-step ones (two-step.ts); this file binds them to the tenant's staff tables.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mayStaff, type TStaffPermission, type TStaffRole } from '../../../api/staff.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { passwordFieldErrors } from '../identity/identity.service.ts';
import { readCookie } from '../identity/sessions.ts';
import { tenantThrottleStore } from '../identity/throttle.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import * as repo from './staff.repository.ts';
import { checkSession, type SessionRef, type SessionStage, type TwoStepRealm, type TwoStepTx } from './two-step.ts';

export const STAFF_COOKIE = '__Host-kp_staff';
export const STAFF_ABSOLUTE_MS = 10 * 3600_000;
export const STAFF_TOTP_PURPOSE = 'staff-totp-secret';

export type StaffAuth = {
  tenant: Tenant;
  sessionId: string;
  staffId: string;
  name: string;
  email: string;
  role: TStaffRole;
  locale: 'de' | 'en';
  pendingSecretSealed: string | null;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
};

export function staffIdleTimeoutMs(tenant: Tenant): number {
  return Math.min(30, tenant.config.session.idleTimeoutMinutes) * 60_000;
}

export function setStaffCookie(reply: FastifyReply, token: string): void {
  reply.header('Set-Cookie', `${STAFF_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Strict`);
}

export function clearStaffCookie(reply: FastifyReply): void {
  reply.header('Set-Cookie', `${STAFF_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`);
}

/** The staff tables of one tenant as a two-step store, inside a tenant transaction. */
export function staffTx(trx: TwoStepTx<repo.StaffRow>['trx'], tenantId: string): TwoStepTx<repo.StaffRow> {
  return {
    trx,
    findAccountByEmail: (email) => repo.findStaffByEmail(trx, tenantId, email),
    findAccount: (id) => repo.findStaff(trx, tenantId, id),
    updateAccount: (id, changes) => repo.updateStaff(trx, tenantId, id, changes),
    useTotpStep: (id, step) => repo.useTotpStep(trx, tenantId, id, step),
    insertSession: ({ accountId, ...session }) => repo.insertSession(trx, tenantId, { ...session, staffId: accountId }),
    findSessionWithAccount: async (hash) => {
      const found = await repo.findSessionWithStaff(trx, tenantId, hash);
      return found && { session: { ...found.session, accountId: found.session.staffId }, account: found.staff };
    },
    updateSession: (id, changes) => repo.updateSession(trx, tenantId, id, changes),
    deleteSession: (id) => repo.deleteSession(trx, tenantId, id),
    deleteSessionsOf: (accountId) => repo.deleteSessionsOfStaff(trx, tenantId, accountId),
    insertToken: ({ accountId, ...token }) => repo.insertToken(trx, tenantId, { ...token, staffId: accountId }),
    findToken: async (hash) => {
      const row = await repo.findToken(trx, tenantId, hash);
      return row && { ...row, accountId: row.staffId };
    },
    useToken: (id, now) => repo.useToken(trx, tenantId, id, now),
    expireTokensOf: (accountId, now) => repo.expireTokensOf(trx, tenantId, accountId, now),
    throttle: tenantThrottleStore(trx, tenantId),
    audit: (entry) => recordAudit(trx, tenantId, { actorType: 'staff', ...entry }),
  };
}

/** The back office of one tenant as a two-step realm. */
export function staffRealm(database: Database, tenant: Tenant): TwoStepRealm<repo.StaffRow> {
  return {
    kind: 'staff',
    transaction: (fn) => withTenant(database, tenant.id, (trx) => fn(staffTx(trx, tenant.id))),
    idleTimeoutMs: staffIdleTimeoutMs(tenant),
    absoluteMs: STAFF_ABSOLUTE_MS,
    totpPurpose: STAFF_TOTP_PURPOSE,
    issuer: `${tenant.config.displayName} Backoffice`,
    passwordErrors: (password, field, locale) => passwordFieldErrors(tenant, password, field, locale),
  };
}

export function toStaffAuth(tenant: Tenant, account: Pick<repo.StaffRow, 'name' | 'role' | 'locale'>, session: SessionRef): StaffAuth {
  return {
    tenant,
    sessionId: session.sessionId,
    staffId: session.accountId,
    name: account.name,
    email: session.email,
    role: account.role,
    locale: account.locale,
    pendingSecretSealed: session.pendingSecretSealed,
    idleExpiresAt: session.idleExpiresAt,
    absoluteExpiresAt: session.absoluteExpiresAt,
  };
}

/** The sign-in steps' view of a staff session. */
export function sessionRefOf(auth: StaffAuth): SessionRef {
  return { accountId: auth.staffId, email: auth.email, sessionId: auth.sessionId, pendingSecretSealed: auth.pendingSecretSealed, idleExpiresAt: auth.idleExpiresAt, absoluteExpiresAt: auth.absoluteExpiresAt };
}

/**
 * The staff member of the request's back-office cookie, for the host's tenant, with the permission
 * asked for. `stage` 'factor'/'enrol' is for the sign-in steps, which accept only such sessions.
 * Extends the idle timeout (written at most every 30 s). A locked member's sessions are gone already;
 * a member whose status changed meanwhile is refused here too. Session and member: one query.
 */
export async function authenticateStaff(
  database: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  now: Date,
  permission: TStaffPermission,
  stage: SessionStage = 'complete',
): Promise<StaffAuth> {
  const tenant = requireTenant(request);
  const token = readCookie(request, STAFF_COOKIE);
  if (!token) throw new AppError('unauthenticated');
  const result = await checkSession(staffRealm(database, tenant), token, now, stage);
  if (result.kind === 'other_stage') throw new AppError('unauthenticated');
  if (result.kind !== 'ok') {
    clearStaffCookie(reply);
    throw new AppError(result.kind === 'expired' ? 'session_expired' : 'unauthenticated');
  }
  reply.header('Cache-Control', 'no-store');
  if (!mayStaff(result.account.role, permission)) throw new AppError('forbidden');
  return toStaffAuth(tenant, result.account, result.session);
}
