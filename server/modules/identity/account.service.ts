// Managing one's own access: changing the e-mail address, re-authenticating for sensitive changes,
// deleting the registration, and invitation links created by staff or other modules.
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { enqueueMail } from '../mail/mail.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import * as repo from './identity.repository.ts';
import { maskEmail, type RequestMeta } from './identity.service.ts';
import { verifyPassword } from './password.ts';
import type { AuthContext } from './sessions.ts';
import { accountRule, assertNotThrottled, recordFailure } from './throttle.ts';
import { hashToken, newToken } from './tokens.ts';

export const EMAIL_CHANGE_HOURS = 24;
export const INVITATION_DAYS = 14;
/** How long a password confirmation counts as recent for sensitive changes (SEC-11). */
export const STEP_UP_WINDOW_MS = 5 * 60_000;

const messages = {
  passwordWrong: { de: 'Das Passwort ist nicht richtig.', en: 'The password is not correct.' },
  repeatMismatch: { de: 'Die beiden E-Mail-Adressen stimmen nicht überein.', en: 'The two e-mail addresses do not match.' },
  sameAddress: { de: 'Das ist bereits Ihre E-Mail-Adresse.', en: 'This is your e-mail address already.' },
  addressTaken: {
    de: 'Diese E-Mail-Adresse wird inzwischen für einen anderen Zugang verwendet.',
    en: 'This e-mail address is now used by another access.',
  },
};

/** Checks the login's password (throttled like sign-in); throws a field error on `field`. */
/**
 * The login's password, checked in the request that makes a change (throttled like the sign-in): a
 * wrong one is a translated field error on `field`. For changes confirmed with the password itself.
 */
export async function confirmPassword(database: Database, auth: AuthContext, password: string, field: string, meta: RequestMeta): Promise<repo.LoginRow> {
  const tenant = auth.tenant;
  const login = await withTenant(database, tenant.id, (trx) => repo.findLoginById(trx, tenant.id, auth.loginId));
  if (!login?.passwordHash) throw new AppError('unauthenticated');
  const keys = [{ key: `login:account:${login.email}`, rule: accountRule }];
  await withTenant(database, tenant.id, (trx) => assertNotThrottled(trx, tenant.id, keys, meta.now));
  if (!(await verifyPassword(login.passwordHash, password))) {
    await withTenant(database, tenant.id, (trx) => recordFailure(trx, tenant.id, keys, meta.now));
    throw new AppError('validation_failed', { fields: [{ field, message: messages.passwordWrong[meta.locale] }] });
  }
  return login;
}

/**
 * Step-up: confirms the password, marks the session as recently authenticated and rotates its
 * token (the caller sets the new cookie).
 */
export async function reauthenticate(database: Database, auth: AuthContext, password: string, meta: RequestMeta): Promise<{ token: string }> {
  await confirmPassword(database, auth, password, 'password', meta);
  const token = newToken();
  await withTenant(database, auth.tenant.id, async (trx) => {
    await repo.setSessionReauthenticated(trx, auth.tenant.id, auth.sessionId, meta.now, hashToken(token));
    await recordAudit(trx, auth.tenant.id, { actorType: 'customer', actorId: auth.loginId, action: 'session.reauthenticated', targetType: 'session', targetId: auth.sessionId, requestId: meta.requestId });
  });
  return { token };
}

/** For sensitive changes (bank details, address): refuses without a recent password confirmation. */
export function requireRecentAuthentication(auth: AuthContext, now: Date): void {
  if (!auth.reauthenticatedAt || now.getTime() - auth.reauthenticatedAt.getTime() > STEP_UP_WINDOW_MS) {
    throw new AppError('step_up_required');
  }
}

export async function requestEmailChange(
  database: Database,
  auth: AuthContext,
  input: { newEmail: string; newEmailRepeat: string; password: string },
  meta: RequestMeta,
): Promise<{ email: string }> {
  if (input.newEmail !== input.newEmailRepeat) {
    throw new AppError('validation_failed', { fields: [{ field: 'newEmailRepeat', message: messages.repeatMismatch[meta.locale] }] });
  }
  const login = await confirmPassword(database, auth, input.password, 'password', meta);
  if (login.email === input.newEmail) throw new AppError('validation_failed', { fields: [{ field: 'newEmail', message: messages.sameAddress[meta.locale] }] });
  const tenant = auth.tenant;
  await withTenant(database, tenant.id, async (trx) => {
    const taken = await repo.findLoginByEmail(trx, tenant.id, input.newEmail);
    if (taken) {
      // Same answer on screen; the owner of that address learns why nothing changes.
      await enqueueMail(trx, tenant.id, { to: input.newEmail, locale: meta.locale, template: 'already_registered', data: { signInPath: '/anmelden', resetPath: '/passwort-vergessen', attempt: 'email_change' } });
    } else {
      await repo.expireTokens(trx, tenant.id, login.id, 'email_change', meta.now);
      const token = newToken();
      await repo.insertToken(trx, tenant.id, {
        hash: hashToken(token),
        purpose: 'email_change',
        loginId: login.id,
        email: input.newEmail,
        now: meta.now,
        expiresAt: new Date(meta.now.getTime() + EMAIL_CHANGE_HOURS * 3600_000),
      });
      await enqueueMail(trx, tenant.id, { to: input.newEmail, locale: meta.locale, template: 'email_change_confirm', data: { path: `/email-bestaetigen#token=${token}`, expiresHours: EMAIL_CHANGE_HOURS } });
    }
    await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: login.id, action: 'email.change_requested', targetType: 'login', targetId: login.id, requestId: meta.requestId });
  });
  return { email: input.newEmail };
}

export async function confirmEmailChange(database: Database, tenant: Tenant, token: string, meta: RequestMeta): Promise<{ email: string }> {
  return withTenant(database, tenant.id, async (trx) => {
    const row = await repo.findToken(trx, tenant.id, hashToken(token));
    if (!row || row.usedAt || row.expiresAt <= meta.now || row.purpose !== 'email_change' || !row.loginId) throw new AppError('token_invalid');
    const login = await repo.findLoginById(trx, tenant.id, row.loginId);
    if (!login) throw new AppError('token_invalid');
    if (await repo.findLoginByEmail(trx, tenant.id, row.email)) throw new AppError('conflict', { detail: messages.addressTaken[meta.locale] });
    await repo.markTokenUsed(trx, tenant.id, row.id, meta.now);
    await repo.updateLoginEmail(trx, tenant.id, login.id, row.email, meta.now);
    await enqueueMail(trx, tenant.id, { to: login.email, locale: login.locale, template: 'email_changed_notice', data: { maskedNewEmail: maskEmail(row.email) } });
    await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: login.id, action: 'email.changed', targetType: 'login', targetId: login.id, requestId: meta.requestId });
    return { email: row.email };
  });
}

/** GDPR Art. 17: the login, its sessions, tokens and links go; customer records stay with the utility. */
export async function deleteRegistration(database: Database, auth: AuthContext, password: string, meta: RequestMeta): Promise<void> {
  const login = await confirmPassword(database, auth, password, 'password', meta);
  await withTenant(database, auth.tenant.id, async (trx) => {
    await repo.deleteLogin(trx, auth.tenant.id, login.id);
    await enqueueMail(trx, auth.tenant.id, { to: login.email, locale: login.locale, template: 'registration_deleted', data: {} });
    await recordAudit(trx, auth.tenant.id, { actorType: 'customer', actorId: login.id, action: 'registration.deleted', targetType: 'login', targetId: login.id, requestId: meta.requestId });
  });
}

/**
 * An invitation: a one-time link bound to an e-mail address and a customer account, for staff and
 * other modules (PV sharing invites owners and tenants). Following it creates an active login.
 * `byStaff`: a clerk in the back office chose the account (customer view, registration review,
 * ADR 0027); that is always allowed. Other invitations need the registration method 'invitation'.
 */
export async function createInvitation(
  trx: TenantTransaction,
  tenant: Tenant,
  input: { email: string; customerId: string; locale: 'de' | 'en'; invitedBy: string; now: Date; byStaff?: boolean; traceId?: string },
): Promise<void> {
  // Invitations are a registration method the utility turns on (links already sent stay valid).
  if (!input.byStaff && !tenant.config.registrationMethods.includes('invitation')) {
    throw new AppError('forbidden', { detail: 'This utility does not offer registration by invitation.' });
  }
  const token = newToken();
  await repo.insertToken(trx, tenant.id, {
    hash: hashToken(token),
    purpose: 'invitation',
    loginId: null,
    email: input.email,
    payload: { customerId: input.customerId },
    now: input.now,
    expiresAt: new Date(input.now.getTime() + INVITATION_DAYS * 24 * 3600_000),
  });
  await enqueueMail(trx, tenant.id, { to: input.email, locale: input.locale, template: 'invitation', data: { path: `/aktivieren#token=${token}`, expiresDays: INVITATION_DAYS } });
  await recordAudit(trx, tenant.id, { actorType: 'staff', actorId: input.invitedBy, action: 'invitation.created', targetType: 'customer', targetId: input.customerId, requestId: input.traceId ?? null });
}
