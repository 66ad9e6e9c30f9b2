// Sessions of the back office: their own __Host- cookie and table, bound to the host's tenant, an
// idle timeout (the tenant's, at most 30 minutes) and an absolute limit of 10 hours (a working day).
// A session is 'complete' only after the authenticator code; every back-office route asks for a
// permission of the staff member's role (api/staff.ts STAFF_PERMISSIONS).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mayStaff, type TStaffPermission, type TStaffRole } from '../../../api/staff.ts';
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import { readCookie } from '../identity/sessions.ts';
import { hashToken, newToken } from '../identity/tokens.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import * as repo from './staff.repository.ts';

export const STAFF_COOKIE = '__Host-kp_staff';
export const STAFF_ABSOLUTE_MS = 10 * 3600_000;
/** How long the step between password and code (or enrolment) may take. */
export const STAFF_PENDING_MS = 10 * 60_000;

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

export async function startStaffSession(
  trx: TenantTransaction,
  tenant: Tenant,
  staffId: string,
  stage: repo.StaffSessionStage,
  now: Date,
  userAgent: string | null,
): Promise<{ token: string; sessionId: string; idleExpiresAt: Date }> {
  const token = newToken();
  const complete = stage === 'complete';
  const idleExpiresAt = new Date(now.getTime() + (complete ? staffIdleTimeoutMs(tenant) : STAFF_PENDING_MS));
  const sessionId = await repo.insertSession(trx, tenant.id, {
    hash: hashToken(token),
    staffId,
    stage,
    now,
    idleExpiresAt,
    absoluteExpiresAt: new Date(now.getTime() + STAFF_ABSOLUTE_MS),
    userAgent,
  });
  return { token, sessionId, idleExpiresAt };
}

/**
 * The staff member of the request's back-office cookie, for the host's tenant, with the permission
 * asked for. `stage` 'factor'/'enrol' is for the sign-in steps, which accept only such sessions.
 * Extends the idle timeout (written at most every 30 s). A locked member's sessions are gone already;
 * a member whose status changed meanwhile is refused here too.
 */
export async function authenticateStaff(
  database: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  now: Date,
  permission: TStaffPermission,
  stage: repo.StaffSessionStage = 'complete',
): Promise<StaffAuth> {
  const tenant = requireTenant(request);
  const token = readCookie(request, STAFF_COOKIE);
  if (!token) throw new AppError('unauthenticated');
  const result = await withTenant(database, tenant.id, async (trx) => {
    const session = await repo.findSessionByHash(trx, tenant.id, hashToken(token));
    if (!session) return { kind: 'missing' as const };
    if (session.idleExpiresAt <= now || session.absoluteExpiresAt <= now) {
      await repo.deleteSession(trx, tenant.id, session.id);
      return { kind: 'expired' as const };
    }
    if (session.stage !== stage) return { kind: 'other_stage' as const };
    const staff = await repo.findStaff(trx, tenant.id, session.staffId);
    if (staff?.status !== 'active') {
      await repo.deleteSession(trx, tenant.id, session.id);
      return { kind: 'missing' as const };
    }
    let idleExpiresAt = session.idleExpiresAt;
    if (stage === 'complete') {
      const extended = new Date(Math.min(now.getTime() + staffIdleTimeoutMs(tenant), session.absoluteExpiresAt.getTime()));
      if (extended.getTime() - session.idleExpiresAt.getTime() >= 30_000) {
        await repo.updateSession(trx, tenant.id, session.id, { lastSeenAt: now, idleExpiresAt: extended });
        idleExpiresAt = extended;
      }
    }
    return { kind: 'ok' as const, session: { ...session, idleExpiresAt }, staff };
  });
  if (result.kind === 'other_stage') throw new AppError('unauthenticated');
  if (result.kind !== 'ok') {
    clearStaffCookie(reply);
    throw new AppError(result.kind === 'expired' ? 'session_expired' : 'unauthenticated');
  }
  reply.header('Cache-Control', 'no-store');
  const { session, staff } = result;
  if (!mayStaff(staff.role, permission)) throw new AppError('forbidden');
  return {
    tenant,
    sessionId: session.id,
    staffId: staff.id,
    name: staff.name,
    email: staff.email,
    role: staff.role,
    locale: staff.locale,
    pendingSecretSealed: session.pendingSecretSealed,
    idleExpiresAt: session.idleExpiresAt,
    absoluteExpiresAt: session.absoluteExpiresAt,
  };
}
