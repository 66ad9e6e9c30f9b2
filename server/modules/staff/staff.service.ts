// Staff of a utility (back office, ADR 0020): invitation by link, sign-in with password AND an
// authenticator code (SEC-07: a second factor is required for staff; there is no way around it),
// enrolment of the authenticator at the first sign-in, the staff list for admins. Every action is
// audited with actor type 'staff'.
import { generateSecret, generateURI } from 'otplib';
import QRCode from 'qrcode';
import type { TLocale } from '../../../api/tenant.ts';
import type { TColleague, TStaffListItem, TStaffLoginStep, TStaffRole, TStaffSession, TStaffTotpSetup } from '../../../api/staff.ts';
import { isUniqueViolation, withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { acceptedStep } from '../identity/factors.service.ts';
import { passwordFieldErrors, type RequestMeta } from '../identity/identity.service.ts';
import { hashPassword, verifyPassword } from '../identity/password.ts';
import { seal, unseal } from '../identity/secret-box.ts';
import { accountRule, assertNotThrottled, clientRule, recordFailure, recordSuccess } from '../identity/throttle.ts';
import { hashToken, newToken } from '../identity/tokens.ts';
import { enqueueMail } from '../mail/mail.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import * as repo from './staff.repository.ts';
import { startStaffSession, staffIdleTimeoutMs, type StaffAuth } from './staff-auth.ts';

export const STAFF_TOTP_PURPOSE = 'staff-totp-secret';
export const INVITATION_HOURS = 72;

export type StaffDeps = { secretsKey: Buffer };

const messages = {
  repeatMismatch: { de: 'Die beiden Passwörter stimmen nicht überein.', en: 'The two passwords do not match.' },
  emailTaken: { de: 'Unter dieser E-Mail-Adresse gibt es bereits einen Backoffice-Zugang.', en: 'There is a back-office access with this e-mail address already.' },
  lastAdmin: {
    de: 'Der letzte aktive Administrator kann weder gesperrt noch herabgestuft werden.',
    en: 'The last active administrator can be neither locked nor demoted.',
  },
  notYourself: { de: 'Den eigenen Zugang können Sie hier nicht sperren.', en: 'You cannot lock your own access here.' },
  notInvited: { de: 'Dieser Zugang ist bereits eingerichtet.', en: 'This access has been set up already.' },
};

// A hash to verify against when nobody has the address, so unknown and known addresses take equally long.
const dummyHash = hashPassword('kundenportal-staff-timing-equaliser');

/** Step 1 of signing in: the password. Opens a half-finished session that waits for the code (or enrolment). */
export async function signIn(
  database: Database,
  tenant: Tenant,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<{ step: TStaffLoginStep; token: string }> {
  const accountKey = `staff:account:${input.email}`;
  const keys = [
    { key: accountKey, rule: accountRule },
    { key: `staff:client:${meta.ip}`, rule: clientRule },
  ];
  const { found, throttled } = await withTenant(database, tenant.id, async (trx) => ({
    throttled: await assertNotThrottled(trx, tenant.id, keys, meta.now),
    found: await repo.findStaffByEmail(trx, tenant.id, input.email),
  }));
  const passwordOk = await verifyPassword(found?.passwordHash ?? (await dummyHash), input.password);
  const outcome = await withTenant(database, tenant.id, async (trx) => {
    if (!found?.passwordHash || !passwordOk) {
      await recordFailure(trx, tenant.id, keys, meta.now);
      await recordAudit(trx, tenant.id, { actorType: 'staff', actorId: found?.id ?? null, action: 'staff.login_failed', requestId: meta.requestId, details: { ip: meta.ip, reason: found ? 'password' : 'unknown_identity' } });
      return { kind: 'invalid' as const };
    }
    if (throttled.has(accountKey)) await recordSuccess(trx, tenant.id, accountKey);
    if (found.status !== 'active') {
      await recordAudit(trx, tenant.id, { actorType: 'staff', actorId: found.id, action: 'staff.login_refused_locked', requestId: meta.requestId });
      return { kind: 'locked' as const };
    }
    const stage = found.totpSecretSealed ? 'factor' : 'enrol';
    const started = await startStaffSession(trx, tenant, found.id, stage, meta.now, meta.userAgent);
    await recordAudit(trx, tenant.id, { actorType: 'staff', actorId: found.id, action: 'staff.password_accepted', targetType: 'staff_session', targetId: started.sessionId, requestId: meta.requestId, details: { ip: meta.ip, next: stage } });
    return { kind: 'ok' as const, started, stage };
  });
  if (outcome.kind === 'invalid') throw new AppError('invalid_credentials');
  if (outcome.kind === 'locked') throw new AppError('login_locked');
  return {
    step: { next: outcome.stage === 'factor' ? 'totp' : 'enrol_totp', expiresAt: outcome.started.idleExpiresAt.toISOString() },
    token: outcome.started.token,
  };
}

/** Completes a half-finished session (new token: rotation) and records the sign-in. */
async function complete(trx: TenantTransaction, tenant: Tenant, auth: StaffAuth, meta: RequestMeta, action: string): Promise<{ token: string; session: TStaffSession }> {
  const token = newToken();
  const idleExpiresAt = new Date(Math.min(meta.now.getTime() + staffIdleTimeoutMs(tenant), auth.absoluteExpiresAt.getTime()));
  await repo.updateSession(trx, tenant.id, auth.sessionId, { stage: 'complete', pendingSecretSealed: null, hash: hashToken(token), lastSeenAt: meta.now, idleExpiresAt });
  await repo.updateStaff(trx, tenant.id, auth.staffId, { lastLoginAt: meta.now });
  await recordAudit(trx, tenant.id, { actorType: 'staff', actorId: auth.staffId, action, targetType: 'staff_session', targetId: auth.sessionId, requestId: meta.requestId, details: { ip: meta.ip } });
  return { token, session: sessionView({ ...auth, idleExpiresAt }) };
}

/** Step 2: the code of the authenticator app. A code works once; failures are throttled. */
export async function verifyCode(database: Database, auth: StaffAuth, code: string, deps: StaffDeps, meta: RequestMeta): Promise<{ token: string; session: TStaffSession }> {
  const tenant = auth.tenant;
  const keys = [{ key: `staff:totp:${auth.staffId}`, rule: accountRule }];
  const staff = await withTenant(database, tenant.id, async (trx) => {
    await assertNotThrottled(trx, tenant.id, keys, meta.now);
    return repo.findStaff(trx, tenant.id, auth.staffId);
  });
  if (!staff?.totpSecretSealed || staff.status !== 'active') throw new AppError('unauthenticated');
  const step = await acceptedStep(unseal(deps.secretsKey, staff.totpSecretSealed, STAFF_TOTP_PURPOSE), code, meta.now, staff.totpLastStep);
  const result = await withTenant(database, tenant.id, async (trx) => {
    if (step === null || !(await repo.useTotpStep(trx, tenant.id, staff.id, step))) {
      await recordFailure(trx, tenant.id, keys, meta.now);
      await recordAudit(trx, tenant.id, { actorType: 'staff', actorId: staff.id, action: 'staff.second_factor_failed', requestId: meta.requestId, details: { ip: meta.ip } });
      return null;
    }
    await recordSuccess(trx, tenant.id, `staff:totp:${auth.staffId}`);
    return complete(trx, tenant, auth, meta, 'staff.login_succeeded');
  });
  if (!result) throw new AppError('second_factor_invalid');
  return result;
}

/** Enrolment (first sign-in, or after an admin reset the factor): a new secret, kept in the session until confirmed. */
export async function startEnrolment(database: Database, auth: StaffAuth, deps: StaffDeps, meta: RequestMeta): Promise<TStaffTotpSetup> {
  const tenant = auth.tenant;
  const secret = generateSecret();
  const staff = await withTenant(database, tenant.id, async (trx) => {
    const staff = await repo.findStaff(trx, tenant.id, auth.staffId);
    if (!staff) throw new AppError('unauthenticated');
    await repo.updateSession(trx, tenant.id, auth.sessionId, { pendingSecretSealed: seal(deps.secretsKey, secret, STAFF_TOTP_PURPOSE) });
    await recordAudit(trx, tenant.id, { actorType: 'staff', actorId: staff.id, action: 'staff.totp_setup_started', requestId: meta.requestId });
    return staff;
  });
  const otpauthUri = generateURI({ issuer: `${tenant.config.displayName} Backoffice`, label: staff.email, secret });
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUri, qrSvg };
}

/** Confirms the enrolment with a first code; the session is then complete. */
export async function confirmEnrolment(database: Database, auth: StaffAuth, code: string, deps: StaffDeps, meta: RequestMeta): Promise<{ token: string; session: TStaffSession }> {
  const tenant = auth.tenant;
  const keys = [{ key: `staff:totp:${auth.staffId}`, rule: accountRule }];
  const sealed = await withTenant(database, tenant.id, async (trx) => {
    await assertNotThrottled(trx, tenant.id, keys, meta.now);
    return auth.pendingSecretSealed;
  });
  if (!sealed) throw new AppError('validation_failed', { fields: [{ field: 'code', message: meta.locale === 'de' ? 'Bitte starten Sie die Einrichtung erneut.' : 'Please start the setup again.' }] });
  const step = await acceptedStep(unseal(deps.secretsKey, sealed, STAFF_TOTP_PURPOSE), code, meta.now, null);
  const result = await withTenant(database, tenant.id, async (trx) => {
    if (step === null) {
      await recordFailure(trx, tenant.id, keys, meta.now);
      return null;
    }
    await repo.updateStaff(trx, tenant.id, auth.staffId, { totpSecretSealed: sealed, totpLastStep: step });
    await recordAudit(trx, tenant.id, { actorType: 'staff', actorId: auth.staffId, action: 'staff.totp_enrolled', targetType: 'staff', targetId: auth.staffId, requestId: meta.requestId });
    return complete(trx, tenant, auth, meta, 'staff.login_succeeded');
  });
  if (!result) throw new AppError('second_factor_invalid');
  return result;
}

export async function signOut(database: Database, auth: StaffAuth, requestId: string): Promise<void> {
  await withTenant(database, auth.tenant.id, async (trx) => {
    await repo.deleteSession(trx, auth.tenant.id, auth.sessionId);
    await recordAudit(trx, auth.tenant.id, { actorType: 'staff', actorId: auth.staffId, action: 'staff.logout', targetType: 'staff_session', targetId: auth.sessionId, requestId });
  });
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
  await repo.expireTokensOf(trx, tenant.id, staff.id, now);
  const token = newToken();
  await repo.insertToken(trx, tenant.id, { hash: hashToken(token), staffId: staff.id, now, expiresAt: new Date(now.getTime() + INVITATION_HOURS * 3600_000) });
  await enqueueMail(trx, tenant.id, {
    to: staff.email,
    locale: staff.locale,
    template: 'staff_invitation',
    data: { name: staff.name, role: staff.role, invitedBy, path: `/backoffice/einladung#${token}`, expiresHours: INVITATION_HOURS },
  });
  return token;
}

/** Invites a colleague (admins). The link sets the password; the authenticator follows at the first sign-in. */
export async function invite(
  database: Database,
  tenant: Tenant,
  input: { email: string; name: string; role: TStaffRole; locale: TLocale },
  by: { staffId: string | null; name: string; actorType?: 'staff' | 'operator' },
  meta: Pick<RequestMeta, 'now' | 'requestId' | 'locale'>,
): Promise<{ id: string; token: string }> {
  try {
    return await withTenant(database, tenant.id, async (trx) => {
      const id = await repo.insertStaff(trx, tenant.id, { email: input.email, name: input.name, role: input.role, locale: input.locale, invitedBy: by.staffId, now: meta.now });
      const token = await sendInvitation(trx, tenant, { id, ...input }, by.name, meta.now);
      await recordAudit(trx, tenant.id, { actorType: by.actorType ?? 'staff', actorId: by.staffId, action: 'staff.invited', targetType: 'staff', targetId: id, requestId: meta.requestId, details: { role: input.role } });
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

async function validInvitation(trx: TenantTransaction, tenantId: string, token: string, now: Date) {
  const row = await repo.findToken(trx, tenantId, hashToken(token));
  if (!row || row.usedAt || row.expiresAt <= now) throw new AppError('token_invalid');
  const staff = await repo.findStaff(trx, tenantId, row.staffId);
  if (staff?.status !== 'invited') throw new AppError('token_invalid');
  return { row, staff };
}

export async function invitationInfo(database: Database, tenant: Tenant, token: string, now: Date): Promise<{ email: string; name: string; tenantName: string }> {
  return withTenant(database, tenant.id, async (trx) => {
    const { staff } = await validInvitation(trx, tenant.id, token, now);
    return { email: staff.email, name: staff.name, tenantName: tenant.config.displayName };
  });
}

/** Sets the password from the invitation link and opens a session that must enrol the authenticator next. */
export async function acceptInvitation(
  database: Database,
  tenant: Tenant,
  input: { token: string; password: string; passwordRepeat: string },
  meta: RequestMeta,
): Promise<{ step: TStaffLoginStep; token: string }> {
  const fields = passwordFieldErrors(tenant, input.password, 'password', meta.locale);
  if (input.password !== input.passwordRepeat) fields.push({ field: 'passwordRepeat', message: messages.repeatMismatch[meta.locale] });
  // The link is checked first: a used or expired link says so, whatever the password.
  await withTenant(database, tenant.id, (trx) => validInvitation(trx, tenant.id, input.token, meta.now));
  if (fields.length > 0) throw new AppError('validation_failed', { fields });
  const passwordHash = await hashPassword(input.password);
  const started = await withTenant(database, tenant.id, async (trx) => {
    const { row, staff } = await validInvitation(trx, tenant.id, input.token, meta.now);
    if (!(await repo.useToken(trx, tenant.id, row.id, meta.now))) throw new AppError('token_invalid');
    await repo.updateStaff(trx, tenant.id, staff.id, { passwordHash, status: 'active', totpSecretSealed: null, totpLastStep: null });
    await recordAudit(trx, tenant.id, { actorType: 'staff', actorId: staff.id, action: 'staff.invitation_accepted', targetType: 'staff', targetId: staff.id, requestId: meta.requestId });
    return startStaffSession(trx, tenant, staff.id, 'enrol', meta.now, meta.userAgent);
  });
  return { step: { next: 'enrol_totp', expiresAt: started.idleExpiresAt.toISOString() }, token: started.token };
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
 * A colleague lost the phone: the admin removes the authenticator. The member's sessions end; at the
 * next sign-in (password) a new authenticator must be set up before anything else works.
 */
export async function resetSecondFactor(database: Database, auth: StaffAuth, staffId: string, meta: RequestMeta): Promise<void> {
  await withTenant(database, auth.tenant.id, async (trx) => {
    const staff = await repo.findStaffForUpdate(trx, auth.tenant.id, staffId);
    if (!staff) throw new AppError('not_found');
    await repo.updateStaff(trx, auth.tenant.id, staffId, { totpSecretSealed: null, totpLastStep: null });
    await repo.deleteSessionsOfStaff(trx, auth.tenant.id, staffId);
    await recordAudit(trx, auth.tenant.id, { actorType: 'staff', actorId: auth.staffId, action: 'staff.second_factor_reset', targetType: 'staff', targetId: staffId, requestId: meta.requestId });
  });
}

/**
 * For operators (CLI): the invitation link of a member (a new tenant's first admin) and the reset of a
 * member's authenticator when no admin can do it (the only admin lost the phone). Audited as operator.
 */
export async function operatorResetSecondFactor(database: Database, tenant: Tenant, email: string, now: Date): Promise<boolean> {
  return withTenant(database, tenant.id, async (trx) => {
    const staff = await repo.findStaffByEmail(trx, tenant.id, email);
    if (!staff) return false;
    await repo.updateStaff(trx, tenant.id, staff.id, { totpSecretSealed: null, totpLastStep: null });
    await repo.deleteSessionsOfStaff(trx, tenant.id, staff.id);
    await recordAudit(trx, tenant.id, { actorType: 'operator', actorId: null, action: 'staff.second_factor_reset', targetType: 'staff', targetId: staff.id, details: { at: now.toISOString() } });
    return true;
  });
}

export async function listStaffOf(database: Database, tenant: Tenant): Promise<TStaffListItem[]> {
  return withTenant(database, tenant.id, async (trx) => (await repo.listStaff(trx, tenant.id)).map(listItem));
}
