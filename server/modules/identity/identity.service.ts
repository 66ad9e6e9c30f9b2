// Use cases of the identity module: registration with customer and meter number, activation,
// sign-in and sign-out, forgotten and changed passwords, account selection, session list.
// Enumeration-safe: responses do not reveal whether an e-mail address has access (SEC-05).
import type { TSecondFactorRequired } from '../../../api/factors.ts';
import type { TLocale, TRegistrationMethod } from '../../../api/tenant.ts';
import type { TCustomerAccount, TGpNumberRequest, TProof, TRegisterRequest, TSession, TSessionListItem, TTokenInfo } from '../../../api/identity.ts';
import { withTenant, withTenantRetryingDuplicates, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError, type FieldError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { recordGpNumberRequested } from '../integration/events.service.ts';
import { enqueueMail } from '../mail/mail.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { requiredFactors } from './factors.repository.ts';
import * as repo from './identity.repository.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { checkPassword } from './password-policy.ts';
import { customerForProof, normalizeCustomerNumber, proofFormatErrors, proofKey } from './proof.ts';
import { describeUserAgent, startSession, type AuthContext } from './sessions.ts';
import { accountRule, assertNotThrottled, clientRule, recordFailure, recordSuccess } from './throttle.ts';
import { hashToken, newToken } from './tokens.ts';

export const ACTIVATION_HOURS = 48;
export const RESET_MINUTES = 60;

export type RequestMeta = { ip: string; userAgent: string | null; requestId: string; locale: TLocale; now: Date };

// A hash to verify against when no login exists, so unknown and known identities take equally long.
const dummyHash = hashPassword('kundenportal-timing-equaliser');

const messages = {
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

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const visible = local.length <= 2 ? local.slice(0, 1) : local.slice(0, 2);
  return `${visible}${'*'.repeat(Math.max(3, local.length - visible.length))}@${domain}`;
}

export function passwordFieldErrors(tenant: Tenant, password: string, field: string, locale: TLocale): FieldError[] {
  return passwordPolicyErrors(
    { minLength: tenant.config.passwordMinLength, contextWords: [tenant.slug, tenant.config.displayName, ...tenant.config.displayName.split(/\s+/u)] },
    password,
    field,
    locale,
  );
}

/** The same rules for passwords that belong to no tenant (platform operators). */
export function passwordPolicyErrors(policy: { minLength: number; contextWords: string[] }, password: string, field: string, locale: TLocale): FieldError[] {
  return checkPassword(password, policy).map((problem) => ({ field, message: messages[problem][locale](policy.minLength) }));
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
  linked?: repo.LinkedAccount[],
): Promise<TSession> {
  const accounts = (linked ?? (await repo.linkedAccounts(trx, tenant.id, login.id))).map(accountView);
  const selected = accounts.some((a) => a.customerId === session.selectedCustomerId) ? session.selectedCustomerId : null;
  return {
    login: { email: login.email, maskedEmail: maskEmail(login.email), locale: login.locale, lastLoginAt: login.lastLoginAt?.toISOString() ?? null },
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

export async function sendActivation(
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

/**
 * Registration with any proof the tenant offers. Methods without a password (customer number + name,
 * GP-Nr "Zugang beantragen") set it through the mailed link; we never mail a password.
 */
export async function register(database: Database, tenant: Tenant, input: TRegisterRequest, meta: RequestMeta): Promise<{ email: string }> {
  const fields = proofFormatErrors(tenant, input, meta.locale);
  if (input.method === 'customer_meter') fields.push(...passwordFieldErrors(tenant, input.password, 'password', meta.locale));
  if (fields.length > 0) throw new AppError('validation_failed', { fields });
  const method: TRegistrationMethod = input.method;
  const throttleKeys = [
    { key: `register:client:${meta.ip}`, rule: clientRule },
    { key: `register:customer:${proofKey(input)}`, rule: accountRule },
  ];
  const passwordHash = input.method === 'customer_meter' ? await hashPassword(input.password) : null;
  const outcome = await withTenantRetryingDuplicates(database, tenant.id, async (trx) => {
    await assertNotThrottled(trx, tenant.id, throttleKeys, meta.now);
    const customer = await customerForProof(trx, tenant, input);
    if (!customer) {
      await recordFailure(trx, tenant.id, throttleKeys, meta.now);
      await recordAudit(trx, tenant.id, { actorType: 'customer', action: 'registration.proof_mismatch', requestId: meta.requestId, details: { ip: meta.ip, method } });
      return 'mismatch' as const;
    }
    await recordSuccess(trx, tenant.id, `register:customer:${proofKey(input)}`);

    const existing = await repo.findLoginByEmail(trx, tenant.id, input.email);
    const claimedBy = (await repo.loginsOfCustomer(trx, tenant.id, customer.id)).find((l) => l.email !== input.email);
    if (claimedBy) {
      // One registration per customer account: the requester (who proved the numbers) is told
      // where the access is; the holder of the access is not bothered.
      await enqueueMail(trx, tenant.id, {
        to: input.email,
        locale: meta.locale,
        template: 'account_claimed',
        data: { maskedEmail: maskEmail(claimedBy.email), customerNumber: customer.customerNumber },
      });
      await recordAudit(trx, tenant.id, { actorType: 'customer', action: 'registration.account_already_registered', targetType: 'customer', targetId: customer.id, requestId: meta.requestId });
      return 'ok' as const;
    }
    if (existing && existing.status !== 'pending') {
      if (method === 'meter_gp' && existing.status === 'active') {
        // Plusportal: a second GP-Nr (feed-in) joins the same login and keeps its password.
        await repo.linkCustomer(trx, tenant.id, existing.id, customer.id, meta.now);
        await enqueueMail(trx, tenant.id, { to: existing.email, locale: existing.locale, template: 'account_linked', data: { customerNumber: customer.customerNumber } });
        await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: existing.id, action: 'account.linked', targetType: 'customer', targetId: customer.id, requestId: meta.requestId, details: { via: 'registration' } });
        return 'ok' as const;
      }
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
      // A registration that was never activated: the newer attempt replaces it.
      loginId = existing.id;
      await repo.updateLogin(trx, tenant.id, loginId, { passwordHash, passwordChangedAt: meta.now, locale: meta.locale });
    } else {
      loginId = await repo.insertLogin(trx, tenant.id, { email: input.email, passwordHash, locale: meta.locale, method, now: meta.now });
    }
    await repo.linkCustomer(trx, tenant.id, loginId, customer.id, meta.now);
    await sendActivation(trx, tenant, { id: loginId, email: input.email, passwordHash }, meta.locale, meta.now);
    await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: loginId, action: 'registration.requested', targetType: 'customer', targetId: customer.id, requestId: meta.requestId, details: { method } });
    return 'ok' as const;
  });
  if (outcome === 'mismatch') throw new AppError('proof_mismatch', { detail: mismatchDetail[method][meta.locale] });
  return { email: input.email };
}

const mismatchDetail: Record<TRegistrationMethod, Record<TLocale, string>> = {
  customer_meter: {
    de: 'Bitte prüfen Sie beide Nummern. Sie finden sie auf Ihrer Jahresabrechnung; die Zählernummer steht auch auf dem Zähler.',
    en: 'Please check both numbers. You will find them on your annual bill; the meter number is also printed on the meter.',
  },
  customer_name: {
    de: 'Bitte prüfen Sie die Kundennummer und geben Sie den Namen so ein, wie er auf Ihrer Rechnung steht.',
    en: 'Please check the customer number and enter the name as it appears on your bill.',
  },
  meter_gp: {
    de: 'Bitte prüfen Sie beide Nummern. Die Geschäftspartner-Nr. Netz (GP-Nr.) steht in unserem Schreiben an Sie, die Zählernummer auf dem Zähler.',
    en: 'Please check both numbers. The grid business partner number (GP-Nr) is in our letter to you, the meter number on the meter.',
  },
  invitation: { de: '', en: '' },
};

// --- linked customer accounts --------------------------------------------------------------------

export async function linkAccount(
  database: Database,
  auth: AuthContext,
  input: { proof: TProof; otherPassword?: string | undefined },
  meta: RequestMeta,
): Promise<TSession> {
  const tenant = auth.tenant;
  const fields = proofFormatErrors(tenant, input.proof, meta.locale);
  if (fields.length > 0) throw new AppError('validation_failed', { fields: fields.map((f) => ({ ...f, field: `proof.${f.field}` })) });
  const keys = [
    { key: `link:login:${auth.loginId}`, rule: accountRule },
    { key: `register:customer:${proofKey(input.proof)}`, rule: accountRule },
  ];
  const found = await withTenant(database, tenant.id, async (trx) => {
    await assertNotThrottled(trx, tenant.id, keys, meta.now);
    const customer = await customerForProof(trx, tenant, input.proof);
    if (!customer) {
      await recordFailure(trx, tenant.id, keys, meta.now);
      return null;
    }
    const holders = (await repo.loginsOfCustomer(trx, tenant.id, customer.id)).filter((l) => l.id !== auth.loginId);
    return { customer, holder: holders[0] ?? null };
  });
  if (!found) throw new AppError('proof_mismatch', { detail: mismatchDetail[input.proof.method][meta.locale] });
  const { customer, holder } = found;
  if (holder) {
    // Heilsbronn: an account registered already is linked only with the password of its access.
    const ok = input.otherPassword !== undefined && holder.passwordHash !== null && (await verifyPassword(holder.passwordHash, input.otherPassword));
    if (!ok) {
      await withTenant(database, tenant.id, (trx) => (input.otherPassword === undefined ? Promise.resolve() : recordFailure(trx, tenant.id, keys, meta.now)));
      throw new AppError('validation_failed', { fields: [{ field: 'otherPassword', message: otherPasswordMessage[meta.locale](maskEmail(holder.email)) }] });
    }
  }
  return withTenant(database, tenant.id, async (trx) => {
    await repo.linkCustomer(trx, tenant.id, auth.loginId, customer.id, meta.now);
    if (holder) {
      // The two logins become one: every account of the other login moves here, the other ends.
      for (const account of await repo.linkedAccounts(trx, tenant.id, holder.id)) {
        await repo.linkCustomer(trx, tenant.id, auth.loginId, account.customerId, meta.now);
      }
      await repo.deleteLogin(trx, tenant.id, holder.id);
      await enqueueMail(trx, tenant.id, { to: holder.email, locale: holder.locale, template: 'account_linked', data: { customerNumber: customer.customerNumber } });
    }
    await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: auth.loginId, action: 'account.linked', targetType: 'customer', targetId: customer.id, requestId: meta.requestId, details: { mergedLogin: holder?.id ?? null } });
    const login = await repo.findLoginById(trx, tenant.id, auth.loginId);
    if (!login) throw new AppError('unauthenticated');
    return sessionView(trx, tenant, login, auth);
  });
}

const otherPasswordMessage = {
  de: (masked: string) => `Dieses Kundenkonto ist bereits mit dem Zugang ${masked} registriert. Bitte geben Sie zur Bestätigung dessen Passwort ein.`,
  en: (masked: string) => `This customer account is already registered with the access ${masked}. Please enter that access's password to confirm.`,
};

export async function unlinkAccount(database: Database, auth: AuthContext, customerId: string, requestId: string): Promise<TSession> {
  return withTenant(database, auth.tenant.id, async (trx) => {
    const accounts = await repo.linkedAccounts(trx, auth.tenant.id, auth.loginId);
    if (!accounts.some((a) => a.customerId === customerId)) throw new AppError('not_found');
    if (accounts.length === 1) {
      throw new AppError('conflict', { detail: 'Das letzte Kundenkonto kann nicht getrennt werden. Sie können stattdessen Ihre Registrierung löschen.' });
    }
    await repo.unlinkCustomer(trx, auth.tenant.id, auth.loginId, customerId);
    const selected = auth.selectedCustomerId === customerId ? null : auth.selectedCustomerId;
    if (selected === null) await repo.clearSelectedCustomer(trx, auth.tenant.id, auth.loginId, customerId);
    await recordAudit(trx, auth.tenant.id, { actorType: 'customer', actorId: auth.loginId, action: 'account.unlinked', targetType: 'customer', targetId: customerId, requestId });
    const login = await repo.findLoginById(trx, auth.tenant.id, auth.loginId);
    if (!login) throw new AppError('unauthenticated');
    return sessionView(trx, auth.tenant, login, { ...auth, selectedCustomerId: selected });
  });
}

// --- GP-Nr request -------------------------------------------------------------------------------

export async function requestGpNumber(database: Database, tenant: Tenant, input: TGpNumberRequest, meta: RequestMeta): Promise<void> {
  if (!tenant.config.registrationMethods.includes('meter_gp')) throw new AppError('not_found');
  await withTenant(database, tenant.id, async (trx) => {
    const keys = [{ key: `gp-request:client:${meta.ip}`, rule: clientRule }];
    await assertNotThrottled(trx, tenant.id, keys, meta.now);
    await recordFailure(trx, tenant.id, keys, meta.now);
    const id = await repo.insertGpNumberRequest(trx, tenant.id, input, meta.now);
    await recordGpNumberRequested(trx, tenant.id, { ...input, id, now: meta.now });
    const address = (a: { street: string; houseNumber: string; postalCode: string; city: string }) => `${a.street} ${a.houseNumber}, ${a.postalCode} ${a.city}`;
    await enqueueMail(trx, tenant.id, {
      to: input.email,
      locale: input.locale,
      template: 'gp_request_copy',
      data: {
        name: input.name,
        address: address(input.address),
        connectionAddress: input.connectionAddress ? address(input.connectionAddress) : null,
        meterNumber: input.meterNumber,
        email: input.email,
      },
    });
    await recordAudit(trx, tenant.id, { actorType: 'customer', action: 'gp_number.requested', targetType: 'gp_number_request', targetId: id, requestId: meta.requestId });
  });
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
      needsPassword:
        row.purpose === 'password_reset' ||
        (row.purpose === 'invitation' && !(await repo.findLoginByEmail(trx, tenant.id, row.email))) ||
        (row.purpose === 'activation' && !login?.passwordHash),
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
    if (row.purpose === 'invitation') return acceptInvitation(trx, tenant, row, passwordHash, meta);
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

/** Following an invitation link: the mailbox is proven, the login is active at once. */
async function acceptInvitation(
  trx: TenantTransaction,
  tenant: Tenant,
  row: repo.TokenRow,
  passwordHash: string | undefined,
  meta: RequestMeta,
): Promise<{ email: string }> {
  const customerId = (row.payload as { customerId?: unknown }).customerId;
  if (typeof customerId !== 'string') throw new AppError('token_invalid');
  const existing = await repo.findLoginByEmail(trx, tenant.id, row.email);
  let loginId: string;
  if (existing) {
    loginId = existing.id;
    if (existing.status === 'pending') await repo.updateLogin(trx, tenant.id, loginId, { status: 'active', emailVerifiedAt: meta.now, ...(passwordHash ? { passwordHash, passwordChangedAt: meta.now } : {}) });
  } else {
    if (!passwordHash) {
      throw new AppError('validation_failed', { fields: [{ field: 'password', message: messages.too_short[meta.locale](tenant.config.passwordMinLength) }] });
    }
    loginId = await repo.insertLogin(trx, tenant.id, { email: row.email, passwordHash, locale: meta.locale, method: 'invitation', now: meta.now });
    await repo.updateLogin(trx, tenant.id, loginId, { status: 'active', emailVerifiedAt: meta.now });
  }
  await repo.linkCustomer(trx, tenant.id, loginId, customerId, meta.now);
  await repo.markTokenUsed(trx, tenant.id, row.id, meta.now);
  await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: loginId, action: 'invitation.accepted', targetType: 'customer', targetId: customerId, requestId: meta.requestId });
  return { email: row.email };
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

export function formatDateTime(date: Date, tenant: Tenant, locale: TLocale): string {
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

export type LoginResult =
  | { kind: 'complete'; session: TSession; token: string }
  | { kind: 'second_factor'; secondFactor: TSecondFactorRequired; token: string };

/**
 * Finishes a sign-in once every factor is proven: replaces the session the browser had (a
 * half-finished sign-in, or a session of the same browser), picks the account to work in and
 * starts a new session.
 */
export async function completeSignIn(
  trx: TenantTransaction,
  tenant: Tenant,
  login: repo.LoginRow,
  meta: RequestMeta,
  replacedSessionId: string | null,
  method: 'password' | 'totp' | 'recovery_code' | 'passkey',
): Promise<{ session: TSession; token: string }> {
  if (replacedSessionId) await repo.deleteSession(trx, tenant.id, replacedSessionId);
  const accounts = await repo.linkedAccounts(trx, tenant.id, login.id);
  const selectedCustomerId =
    accounts.length === 1 ? (accounts[0]?.customerId ?? null)
    : accounts.some((a) => a.customerId === login.selectedCustomerId) ? login.selectedCustomerId
    : null;
  const started = await startSession(trx, tenant, { id: login.id, selectedCustomerId }, meta.now, meta.userAgent);
  await repo.updateLogin(trx, tenant.id, login.id, { lastLoginAt: meta.now });
  await recordAudit(trx, tenant.id, {
    actorType: 'customer',
    actorId: login.id,
    action: 'login.succeeded',
    targetType: 'session',
    targetId: started.sessionId,
    requestId: meta.requestId,
    details: { ip: meta.ip, method },
  });
  const session = await sessionView(trx, tenant, login, { selectedCustomerId, ...started }, accounts);
  return { session, token: started.token };
}

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
  const { found, throttled } = await withTenant(database, tenant.id, async (trx) => ({
    throttled: await assertNotThrottled(trx, tenant.id, keys, meta.now),
    found: identifier.includes('@') ? await repo.findLoginByEmail(trx, tenant.id, identifier) : await repo.findLoginByCustomerNumber(trx, tenant.id, identifier),
  }));
  const passwordOk = await verifyPassword(found?.passwordHash ?? (await dummyHash), input.password);

  const outcome = await withTenant(database, tenant.id, async (trx) => {
    if (!found || !found.passwordHash || !passwordOk) {
      await recordFailure(trx, tenant.id, keys, meta.now);
      await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: found?.id ?? null, action: 'login.failed', requestId: meta.requestId, details: { ip: meta.ip, reason: found ? 'password' : 'unknown_identity' } });
      return { kind: 'invalid' as const };
    }
    if (throttled.has(accountKey)) await recordSuccess(trx, tenant.id, accountKey);
    if (found.status === 'locked') {
      await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: found.id, action: 'login.refused_locked', requestId: meta.requestId });
      return { kind: 'locked' as const };
    }
    if (found.status === 'pending') {
      await sendActivation(trx, tenant, found, found.locale, meta.now);
      await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: found.id, action: 'login.refused_pending', requestId: meta.requestId });
      return { kind: 'pending' as const };
    }
    const previous = previousSessionHash ? await repo.findSessionByHash(trx, tenant.id, previousSessionHash) : undefined;
    const factors = await requiredFactors(trx, tenant.id, found.id);
    if (factors) {
      // The password was right; the session opens nothing until the second factor follows.
      if (previous) await repo.deleteSession(trx, tenant.id, previous.id);
      const started = await startSession(trx, tenant, { id: found.id, selectedCustomerId: null }, meta.now, meta.userAgent, true);
      await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: found.id, action: 'login.second_factor_requested', targetType: 'session', targetId: started.sessionId, requestId: meta.requestId, details: { ip: meta.ip } });
      const secondFactor: TSecondFactorRequired = { status: 'second_factor_required', factors, expiresAt: started.idleExpiresAt.toISOString() };
      return { kind: 'second_factor' as const, secondFactor, token: started.token };
    }
    return { kind: 'complete' as const, ...(await completeSignIn(trx, tenant, found, meta, previous?.id ?? null, 'password')) };
  });
  if (outcome.kind === 'invalid') throw new AppError('invalid_credentials');
  if (outcome.kind === 'locked') throw new AppError('login_locked');
  if (outcome.kind === 'pending') throw new AppError('activation_pending');
  return outcome;
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
