// Use cases of the identity module: registration with customer and meter number, activation,
// sign-in and sign-out, forgotten and changed passwords, account selection, session list.
// Enumeration-safe: responses do not reveal whether an e-mail address has access (SEC-05).
import type { TLocale, TTenantConfig } from '../../../api/tenant.ts';
import type { TCustomerAccount, TSession, TSessionListItem, TTokenInfo } from '../../../api/identity.ts';
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError, type FieldError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { enqueueMail } from '../mail/mail.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import * as repo from './identity.repository.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { checkPassword } from './password-policy.ts';
import { describeUserAgent, startSession, type AuthContext } from './sessions.ts';
import { accountRule, assertNotThrottled, clientRule, recordFailure, recordSuccess } from './throttle.ts';
import { hashToken, newToken } from './tokens.ts';

export const ACTIVATION_HOURS = 48;
export const RESET_MINUTES = 60;

export type RequestMeta = { ip: string; userAgent: string | null; requestId: string; locale: TLocale; now: Date };

// A hash to verify against when no login exists, so unknown and known identities take equally long.
const dummyHash = hashPassword('kundenportal-timing-equaliser');

const messages = {
  customerNumberFormat: {
    de: (example: string) => `Die Kundennummer hat nicht das erwartete Format (Beispiel: ${example}).`,
    en: (example: string) => `The customer number does not have the expected format (example: ${example}).`,
  },
  too_short: {
    de: (min: number) => `Das Passwort muss mindestens ${min} Zeichen lang sein.`,
    en: (min: number) => `The password must be at least ${min} characters long.`,
  },
  too_long: { de: () => 'Das Passwort ist zu lang.', en: () => 'The password is too long.' },
  common: {
    de: () => 'Dieses Passwort ist zu leicht zu erraten, weil es sehr häufig verwendet wird. Bitte wählen Sie ein anderes.',
    en: () => 'This password is too easy to guess because it is used very often. Please choose another one.',
  },
  repeatMismatch: { de: 'Die beiden neuen Passwörter stimmen nicht überein.', en: 'The two new passwords do not match.' },
  currentWrong: { de: 'Das aktuelle Passwort ist nicht richtig.', en: 'The current password is not correct.' },
};

export function normalizeCustomerNumber(input: string): string {
  return input.replace(/\s+/gu, '');
}

export function normalizeMeterNumber(input: string, rules: TTenantConfig['meterNumber']): string {
  let value = input.replace(/\s+/gu, '');
  for (const char of rules.stripCharacters) value = value.replaceAll(char, '');
  if (rules.uppercase) value = value.toUpperCase();
  if (rules.stripLeadingZeros) value = value.replace(/^0+(?=.)/u, '');
  return value;
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const visible = local.length <= 2 ? local.slice(0, 1) : local.slice(0, 2);
  return `${visible}${'*'.repeat(Math.max(3, local.length - visible.length))}@${domain}`;
}

export function passwordFieldErrors(tenant: Tenant, password: string, field: string, locale: TLocale): FieldError[] {
  const min = tenant.config.passwordMinLength;
  return checkPassword(password, { minLength: min, contextWords: [tenant.slug, tenant.config.displayName, ...tenant.config.displayName.split(/\s+/u)] }).map(
    (problem) => ({ field, message: messages[problem][locale](min) }),
  );
}

function accountView(account: repo.LinkedAccount): TCustomerAccount {
  const name =
    account.kind === 'company'
      ? (account.companyName ?? account.lastName ?? '')
      : [account.lastName, account.firstName].filter(Boolean).join(', ');
  return {
    customerId: account.customerId,
    customerNumber: account.customerNumber,
    name,
    address: `${account.street} ${account.houseNumber}, ${account.postalCode} ${account.city}`,
  };
}

async function sessionView(
  trx: TenantTransaction,
  tenant: Tenant,
  login: repo.LoginRow,
  session: { selectedCustomerId: string | null; idleExpiresAt: Date; absoluteExpiresAt: Date },
): Promise<TSession> {
  const accounts = (await repo.linkedAccounts(trx, tenant.id, login.id)).map(accountView);
  const selected = accounts.some((a) => a.customerId === session.selectedCustomerId) ? session.selectedCustomerId : null;
  return {
    login: { email: login.email, locale: login.locale, lastLoginAt: login.lastLoginAt?.toISOString() ?? null },
    accounts,
    selectedCustomerId: selected,
    idleExpiresAt: session.idleExpiresAt.toISOString(),
    absoluteExpiresAt: session.absoluteExpiresAt.toISOString(),
    idleTimeoutSeconds: tenant.config.session.idleTimeoutMinutes * 60,
  };
}

async function issueToken(
  trx: TenantTransaction,
  tenant: Tenant,
  purpose: repo.TokenPurpose,
  login: { id: string; email: string },
  now: Date,
  lifetimeMs: number,
): Promise<string> {
  await repo.expireTokens(trx, tenant.id, login.id, purpose, now);
  const token = newToken();
  await repo.insertToken(trx, tenant.id, {
    hash: hashToken(token),
    purpose,
    loginId: login.id,
    email: login.email,
    now,
    expiresAt: new Date(now.getTime() + lifetimeMs),
  });
  return token;
}

async function sendActivation(
  trx: TenantTransaction,
  tenant: Tenant,
  login: { id: string; email: string; passwordHash: string | null },
  locale: TLocale,
  now: Date,
): Promise<void> {
  const token = await issueToken(trx, tenant, 'activation', login, now, ACTIVATION_HOURS * 3600_000);
  await enqueueMail(trx, tenant.id, {
    to: login.email,
    locale,
    template: 'activation',
    data: { path: `/aktivieren#token=${token}`, needsPassword: login.passwordHash === null, expiresHours: ACTIVATION_HOURS },
  });
}

// --- registration --------------------------------------------------------------------------------

export async function registerWithCustomerAndMeter(
  database: Database,
  tenant: Tenant,
  input: { customerNumber: string; meterNumber: string; email: string; password: string },
  meta: RequestMeta,
): Promise<{ email: string }> {
  const config = tenant.config;
  if (!config.registrationMethods.includes('customer_meter')) throw new AppError('forbidden');
  const customerNumber = normalizeCustomerNumber(input.customerNumber);
  const fields: FieldError[] = [];
  if (!new RegExp(`^(?:${config.customerNumber.pattern})$`, 'u').test(customerNumber)) {
    fields.push({ field: 'customerNumber', message: messages.customerNumberFormat[meta.locale](config.customerNumber.example) });
  }
  fields.push(...passwordFieldErrors(tenant, input.password, 'password', meta.locale));
  if (fields.length > 0) throw new AppError('validation_failed', { fields });

  const throttleKeys = [
    { key: `register:client:${meta.ip}`, rule: clientRule },
    { key: `register:customer:${customerNumber}`, rule: accountRule },
  ];
  const passwordHash = await hashPassword(input.password);
  const outcome = await withTenant(database, tenant.id, async (trx) => {
    await assertNotThrottled(trx, tenant.id, throttleKeys, meta.now);
    const customer = await repo.findCustomerByNumber(trx, tenant.id, customerNumber);
    const meter = normalizeMeterNumber(input.meterNumber, config.meterNumber);
    const meters = customer ? await repo.meterNumbersOfCustomer(trx, tenant.id, customer.id) : [];
    if (!customer || !meters.some((m) => normalizeMeterNumber(m, config.meterNumber) === meter)) {
      await recordFailure(trx, tenant.id, throttleKeys, meta.now);
      await recordAudit(trx, tenant.id, { actorType: 'customer', action: 'registration.proof_mismatch', requestId: meta.requestId, details: { ip: meta.ip } });
      return 'mismatch' as const;
    }
    await recordSuccess(trx, tenant.id, `register:customer:${customerNumber}`);

    const existing = await repo.findLoginByEmail(trx, tenant.id, input.email);
    const claimedBy = (await repo.loginsOfCustomer(trx, tenant.id, customer.id)).find((l) => l.email !== input.email);
    if (claimedBy) {
      // One registration per customer account: the requester (who proved both numbers) is told
      // where the access is; the holder of the access is not bothered.
      await enqueueMail(trx, tenant.id, {
        to: input.email,
        locale: meta.locale,
        template: 'account_claimed',
        data: { maskedEmail: maskEmail(claimedBy.email), customerNumber },
      });
      await recordAudit(trx, tenant.id, { actorType: 'customer', action: 'registration.account_already_registered', targetType: 'customer', targetId: customer.id, requestId: meta.requestId });
      return 'ok' as const;
    }
    if (existing && existing.status !== 'pending') {
      await enqueueMail(trx, tenant.id, {
        to: input.email,
        locale: existing.locale,
        template: 'already_registered',
        data: { signInPath: '/anmelden', resetPath: '/passwort-vergessen' },
      });
      await recordAudit(trx, tenant.id, { actorType: 'customer', action: 'registration.email_already_registered', targetType: 'login', targetId: existing.id, requestId: meta.requestId });
      return 'ok' as const;
    }
    let loginId: string;
    if (existing) {
      // A registration that was never activated: the newer attempt replaces its password.
      loginId = existing.id;
      await repo.updateLogin(trx, tenant.id, loginId, { passwordHash, passwordChangedAt: meta.now, locale: meta.locale });
    } else {
      loginId = await repo.insertLogin(trx, tenant.id, { email: input.email, passwordHash, locale: meta.locale, method: 'customer_meter', now: meta.now });
    }
    await repo.linkCustomer(trx, tenant.id, loginId, customer.id, meta.now);
    await sendActivation(trx, tenant, { id: loginId, email: input.email, passwordHash }, meta.locale, meta.now);
    await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: loginId, action: 'registration.requested', targetType: 'customer', targetId: customer.id, requestId: meta.requestId, details: { method: 'customer_meter' } });
    return 'ok' as const;
  });
  if (outcome === 'mismatch') throw new AppError('proof_mismatch');
  return { email: input.email };
}

// --- tokens: activation, reset -------------------------------------------------------------------

async function usableToken(trx: TenantTransaction, tenant: Tenant, token: string, now: Date): Promise<repo.TokenRow> {
  const row = await repo.findToken(trx, tenant.id, hashToken(token));
  if (!row || row.usedAt || row.expiresAt <= now) throw new AppError('token_invalid');
  return row;
}

export async function tokenInfo(database: Database, tenant: Tenant, token: string, now: Date): Promise<TTokenInfo> {
  return withTenant(database, tenant.id, async (trx) => {
    const row = await usableToken(trx, tenant, token, now);
    const login = row.loginId ? await repo.findLoginById(trx, tenant.id, row.loginId) : undefined;
    return {
      purpose: row.purpose,
      email: row.email,
      needsPassword: row.purpose === 'password_reset' || row.purpose === 'invitation' || (row.purpose === 'activation' && !login?.passwordHash),
    };
  });
}

export async function activate(
  database: Database,
  tenant: Tenant,
  input: { token: string; password?: string | undefined },
  meta: RequestMeta,
): Promise<{ email: string }> {
  if (input.password !== undefined) {
    const fields = passwordFieldErrors(tenant, input.password, 'password', meta.locale);
    if (fields.length > 0) throw new AppError('validation_failed', { fields });
  }
  const passwordHash = input.password === undefined ? undefined : await hashPassword(input.password);
  return withTenant(database, tenant.id, async (trx) => {
    const row = await usableToken(trx, tenant, input.token, meta.now);
    if (row.purpose !== 'activation' || !row.loginId) throw new AppError('token_invalid');
    const login = await repo.findLoginById(trx, tenant.id, row.loginId);
    if (!login) throw new AppError('token_invalid');
    if (!login.passwordHash && !passwordHash) {
      throw new AppError('validation_failed', { fields: [{ field: 'password', message: messages.too_short[meta.locale](tenant.config.passwordMinLength) }] });
    }
    await repo.markTokenUsed(trx, tenant.id, row.id, meta.now);
    await repo.updateLogin(trx, tenant.id, login.id, {
      status: login.status === 'locked' ? 'locked' : 'active',
      emailVerifiedAt: meta.now,
      ...(passwordHash && !login.passwordHash ? { passwordHash, passwordChangedAt: meta.now } : {}),
    });
    await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: login.id, action: 'registration.activated', targetType: 'login', targetId: login.id, requestId: meta.requestId });
    return { email: login.email };
  });
}

export async function resendActivation(database: Database, tenant: Tenant, email: string, meta: RequestMeta): Promise<void> {
  await withTenant(database, tenant.id, async (trx) => {
    await assertNotThrottled(trx, tenant.id, [{ key: `resend:client:${meta.ip}`, rule: clientRule }], meta.now);
    await recordFailure(trx, tenant.id, [{ key: `resend:client:${meta.ip}`, rule: clientRule }], meta.now);
    const login = await repo.findLoginByEmail(trx, tenant.id, email);
    if (login?.status !== 'pending') return;
    await sendActivation(trx, tenant, login, login.locale, meta.now);
  });
}

export async function forgotPassword(database: Database, tenant: Tenant, email: string, meta: RequestMeta): Promise<void> {
  const keys = [
    { key: `forgot:client:${meta.ip}`, rule: clientRule },
    { key: `forgot:account:${email}`, rule: accountRule },
  ];
  await withTenant(database, tenant.id, async (trx) => {
    await assertNotThrottled(trx, tenant.id, keys, meta.now);
    // Every request counts, so the link cannot be used to flood a mailbox.
    await recordFailure(trx, tenant.id, keys, meta.now);
    const login = await repo.findLoginByEmail(trx, tenant.id, email);
    if (!login || login.status === 'locked') return;
    const token = await issueToken(trx, tenant, 'password_reset', login, meta.now, RESET_MINUTES * 60_000);
    await enqueueMail(trx, tenant.id, {
      to: login.email,
      locale: meta.locale,
      template: 'password_reset',
      data: { path: `/passwort-zuruecksetzen#token=${token}`, expiresMinutes: RESET_MINUTES },
    });
    await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: login.id, action: 'password.reset_requested', targetType: 'login', targetId: login.id, requestId: meta.requestId });
  });
}

function formatDateTime(date: Date, tenant: Tenant, locale: TLocale): string {
  return new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: tenant.config.timeZone }).format(date);
}

export async function resetPassword(
  database: Database,
  tenant: Tenant,
  input: { token: string; password: string },
  meta: RequestMeta,
): Promise<{ email: string }> {
  const fields = passwordFieldErrors(tenant, input.password, 'password', meta.locale);
  if (fields.length > 0) throw new AppError('validation_failed', { fields });
  const passwordHash = await hashPassword(input.password);
  return withTenant(database, tenant.id, async (trx) => {
    const row = await usableToken(trx, tenant, input.token, meta.now);
    if (row.purpose !== 'password_reset' || !row.loginId) throw new AppError('token_invalid');
    const login = await repo.findLoginById(trx, tenant.id, row.loginId);
    if (!login || login.status === 'locked') throw new AppError('token_invalid');
    await repo.markTokenUsed(trx, tenant.id, row.id, meta.now);
    // The link proved the mailbox: a pending registration is activated as well.
    await repo.updateLogin(trx, tenant.id, login.id, { passwordHash, passwordChangedAt: meta.now, status: 'active', emailVerifiedAt: meta.now });
    await repo.deleteSessionsOfLogin(trx, tenant.id, login.id, null);
    await repo.clearThrottle(trx, tenant.id, `login:account:${login.email}`);
    await enqueueMail(trx, tenant.id, { to: login.email, locale: login.locale, template: 'password_changed', data: { at: formatDateTime(meta.now, tenant, login.locale) } });
    await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: login.id, action: 'password.reset', targetType: 'login', targetId: login.id, requestId: meta.requestId });
    return { email: login.email };
  });
}

// --- sign-in -------------------------------------------------------------------------------------

export type LoginResult = { session: TSession; token: string };

export async function login(
  database: Database,
  tenant: Tenant,
  input: { identifier: string; password: string },
  meta: RequestMeta,
  previousSessionHash: Buffer | null,
): Promise<LoginResult> {
  const identifier = input.identifier.includes('@') ? input.identifier.trim().toLowerCase() : normalizeCustomerNumber(input.identifier);
  const accountKey = `login:account:${identifier}`;
  const keys = [
    { key: accountKey, rule: accountRule },
    { key: `login:client:${meta.ip}`, rule: clientRule },
  ];
  await withTenant(database, tenant.id, (trx) => assertNotThrottled(trx, tenant.id, keys, meta.now));
  const found = await withTenant(database, tenant.id, (trx) =>
    identifier.includes('@') ? repo.findLoginByEmail(trx, tenant.id, identifier) : repo.findLoginByCustomerNumber(trx, tenant.id, identifier),
  );
  const passwordOk = await verifyPassword(found?.passwordHash ?? (await dummyHash), input.password);

  const outcome = await withTenant(database, tenant.id, async (trx) => {
    if (!found || !found.passwordHash || !passwordOk) {
      await recordFailure(trx, tenant.id, keys, meta.now);
      await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: found?.id ?? null, action: 'login.failed', requestId: meta.requestId, details: { ip: meta.ip, reason: found ? 'password' : 'unknown_identity' } });
      return { kind: 'invalid' as const };
    }
    await recordSuccess(trx, tenant.id, accountKey);
    if (found.status === 'locked') {
      await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: found.id, action: 'login.refused_locked', requestId: meta.requestId });
      return { kind: 'locked' as const };
    }
    if (found.status === 'pending') {
      await sendActivation(trx, tenant, found, found.locale, meta.now);
      await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: found.id, action: 'login.refused_pending', requestId: meta.requestId });
      return { kind: 'pending' as const };
    }
    if (previousSessionHash) {
      const previous = await repo.findSessionByHash(trx, tenant.id, previousSessionHash);
      if (previous) await repo.deleteSession(trx, tenant.id, previous.id);
    }
    const accounts = await repo.linkedAccounts(trx, tenant.id, found.id);
    const selectedCustomerId =
      accounts.length === 1 ? (accounts[0]?.customerId ?? null)
      : accounts.some((a) => a.customerId === found.selectedCustomerId) ? found.selectedCustomerId
      : null;
    const started = await startSession(trx, tenant, { id: found.id, selectedCustomerId }, meta.now, meta.userAgent);
    await repo.updateLogin(trx, tenant.id, found.id, { lastLoginAt: meta.now });
    await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: found.id, action: 'login.succeeded', targetType: 'session', targetId: started.sessionId, requestId: meta.requestId, details: { ip: meta.ip } });
    const session = await sessionView(trx, tenant, found, { selectedCustomerId, ...started });
    return { kind: 'ok' as const, session, token: started.token };
  });
  if (outcome.kind === 'invalid') throw new AppError('invalid_credentials');
  if (outcome.kind === 'locked') throw new AppError('login_locked');
  if (outcome.kind === 'pending') throw new AppError('activation_pending');
  return { session: outcome.session, token: outcome.token };
}

export async function logout(database: Database, auth: AuthContext, requestId: string): Promise<void> {
  await withTenant(database, auth.tenant.id, async (trx) => {
    await repo.deleteSession(trx, auth.tenant.id, auth.sessionId);
    await recordAudit(trx, auth.tenant.id, { actorType: 'customer', actorId: auth.loginId, action: 'logout', targetType: 'session', targetId: auth.sessionId, requestId });
  });
}

export async function currentSession(database: Database, auth: AuthContext): Promise<TSession> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    const login = await repo.findLoginById(trx, auth.tenant.id, auth.loginId);
    if (!login) throw new AppError('unauthenticated');
    return sessionView(trx, auth.tenant, login, auth);
  });
}

export async function selectAccount(database: Database, auth: AuthContext, customerId: string, requestId: string): Promise<TSession> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    const login = await repo.findLoginById(trx, auth.tenant.id, auth.loginId);
    if (!login) throw new AppError('unauthenticated');
    const accounts = await repo.linkedAccounts(trx, auth.tenant.id, login.id);
    if (!accounts.some((a) => a.customerId === customerId)) throw new AppError('not_found');
    await repo.setSessionCustomer(trx, auth.tenant.id, auth.sessionId, customerId);
    await repo.updateLogin(trx, auth.tenant.id, login.id, { selectedCustomerId: customerId });
    await recordAudit(trx, auth.tenant.id, { actorType: 'customer', actorId: login.id, action: 'account.selected', targetType: 'customer', targetId: customerId, requestId });
    return sessionView(trx, auth.tenant, login, { ...auth, selectedCustomerId: customerId });
  });
}

export async function changePassword(
  database: Database,
  auth: AuthContext,
  input: { currentPassword: string; newPassword: string; newPasswordRepeat: string },
  meta: RequestMeta,
): Promise<{ token: string }> {
  const tenant = auth.tenant;
  const fields = passwordFieldErrors(tenant, input.newPassword, 'newPassword', meta.locale);
  if (input.newPassword !== input.newPasswordRepeat) fields.push({ field: 'newPasswordRepeat', message: messages.repeatMismatch[meta.locale] });
  if (fields.length > 0) throw new AppError('validation_failed', { fields });
  const login = await withTenant(database, tenant.id, (trx) => repo.findLoginById(trx, tenant.id, auth.loginId));
  if (!login?.passwordHash) throw new AppError('unauthenticated');
  const keys = [{ key: `login:account:${login.email}`, rule: accountRule }];
  await withTenant(database, tenant.id, (trx) => assertNotThrottled(trx, tenant.id, keys, meta.now));
  if (!(await verifyPassword(login.passwordHash, input.currentPassword))) {
    await withTenant(database, tenant.id, (trx) => recordFailure(trx, tenant.id, keys, meta.now));
    throw new AppError('validation_failed', { fields: [{ field: 'currentPassword', message: messages.currentWrong[meta.locale] }] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return withTenant(database, tenant.id, async (trx) => {
    await repo.updateLogin(trx, tenant.id, login.id, { passwordHash, passwordChangedAt: meta.now });
    // Every session ends, this one included; the caller gets a fresh session (rotation).
    await repo.deleteSessionsOfLogin(trx, tenant.id, login.id, null);
    const started = await startSession(trx, tenant, { id: login.id, selectedCustomerId: auth.selectedCustomerId }, meta.now, meta.userAgent);
    await enqueueMail(trx, tenant.id, { to: login.email, locale: login.locale, template: 'password_changed', data: { at: formatDateTime(meta.now, tenant, login.locale) } });
    await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: login.id, action: 'password.changed', targetType: 'login', targetId: login.id, requestId: meta.requestId });
    return { token: started.token };
  });
}

export async function listSessions(database: Database, auth: AuthContext, locale: TLocale, now: Date): Promise<TSessionListItem[]> {
  return withTenant(database, auth.tenant.id, async (trx) =>
    (await repo.sessionsOfLogin(trx, auth.tenant.id, auth.loginId, now)).map((s) => ({
      id: s.id,
      current: s.id === auth.sessionId,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      device: describeUserAgent(s.userAgent, locale),
    })),
  );
}

export async function endSession(database: Database, auth: AuthContext, sessionId: string, requestId: string): Promise<void> {
  await withTenant(database, auth.tenant.id, async (trx) => {
    const sessions = await repo.sessionsOfLogin(trx, auth.tenant.id, auth.loginId, new Date(0));
    if (!sessions.some((s) => s.id === sessionId)) throw new AppError('not_found');
    await repo.deleteSession(trx, auth.tenant.id, sessionId);
    await recordAudit(trx, auth.tenant.id, { actorType: 'customer', actorId: auth.loginId, action: 'session.ended', targetType: 'session', targetId: sessionId, requestId });
  });
}
