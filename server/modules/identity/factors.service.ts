// Second factors (SEC-07): TOTP with recovery codes and passkeys (WebAuthn), their management by the
// signed-in customer, the second step of signing in, and passwordless sign-in with a passkey.
// A TOTP code works once (the last accepted time step is kept); recovery codes are stored hashed;
// every change is audited and announced by mail.
import { randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { generateSecret, generateURI, verify as verifyOtp } from 'otplib';
import QRCode from 'qrcode';
import type { z } from 'zod';
import type {
  TFactorChangeResult,
  TFactors,
  TSecondFactorRequired,
  TTotpSetup,
  TWebAuthnOptions,
  ZAuthenticationCredential,
  ZRegistrationCredential,
} from '../../../api/factors.ts';
import type { TSession } from '../../../api/identity.ts';
import { isUniqueViolation, withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { enqueueMail } from '../mail/mail.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { requireRecentAuthentication } from './account.service.ts';
import * as factorsRepo from './factors.repository.ts';
import * as repo from './identity.repository.ts';
import { completeSignIn, formatDateTime, type RequestMeta } from './identity.service.ts';
import { seal, unseal } from './secret-box.ts';
import type { AuthContext } from './sessions.ts';
import { accountRule, assertNotThrottled, clientRule, recordFailure, recordSuccess } from './throttle.ts';
import { hashToken } from './tokens.ts';

const TOTP_PURPOSE = 'totp-secret';
const RECOVERY_CODE_COUNT = 10;
const CHALLENGE_MS = 5 * 60_000;

/** Where a WebAuthn ceremony runs: the tenant's host name and the page's origin. */
export type RelyingParty = { id: string; origin: string };

export type FactorDeps = { secretsKey: Buffer };

const messages = {
  codeWrong: {
    de: 'Der Code ist nicht richtig oder schon verwendet. Bitte geben Sie den aktuellen Code aus Ihrer App ein.',
    en: 'The code is not correct or has been used already. Please enter the current code from your app.',
  },
  noSetup: { de: 'Bitte starten Sie die Einrichtung erneut.', en: 'Please start the setup again.' },
  alreadyOn: { de: 'Die Anmeldung mit Code ist bereits eingeschaltet.', en: 'Sign-in with a code is on already.' },
  passkeyKnown: { de: 'Dieser Passkey ist bereits gespeichert.', en: 'This passkey is saved already.' },
  passkeyFailed: { de: 'Der Passkey konnte nicht gespeichert werden. Bitte versuchen Sie es erneut.', en: 'The passkey could not be saved. Please try again.' },
};

// --- TOTP ----------------------------------------------------------------------------------------

/** The time step of a valid code not used before, or null (also used for staff sign-in). */
export async function acceptedStep(secret: string, code: string, now: Date, lastStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verifyOtp({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    // One step back and forth for clocks that drift and codes typed just as they change.
    epochTolerance: 30,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

function newRecoveryCodes(): string[] {
  // 10 lowercase letters/digits without look-alikes, shown as "xxxx-xxxx-xx": about 50 bits each.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(10);
    const raw = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  });
}

function recoveryCodeHash(code: string): Buffer {
  return hashToken(code.replace(/[\s-]/g, '').toLowerCase());
}

async function storeNewRecoveryCodes(trx: TenantTransaction, tenantId: string, loginId: string, now: Date): Promise<string[]> {
  const codes = newRecoveryCodes();
  await factorsRepo.replaceRecoveryCodes(trx, tenantId, loginId, codes.map(recoveryCodeHash), now);
  return codes;
}

async function factorsView(trx: TenantTransaction, tenantId: string, loginId: string): Promise<TFactors> {
  const totp = await factorsRepo.findTotp(trx, tenantId, loginId);
  const passkeys = await factorsRepo.passkeysOf(trx, tenantId, loginId);
  return {
    totp: totp?.confirmedAt ? { createdAt: totp.confirmedAt.toISOString(), lastUsedAt: totp.lastUsedAt?.toISOString() ?? null } : null,
    passkeys: passkeys.map((p) => ({
      id: p.id,
      label: p.label,
      createdAt: p.createdAt.toISOString(),
      lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
      synced: p.backedUp,
    })),
    recoveryCodesLeft: await factorsRepo.recoveryCodesLeft(trx, tenantId, loginId),
  };
}

async function loginOf(trx: TenantTransaction, auth: AuthContext): Promise<repo.LoginRow> {
  const login = await repo.findLoginById(trx, auth.tenant.id, auth.loginId);
  if (!login) throw new AppError('unauthenticated');
  return login;
}

async function notify(
  trx: TenantTransaction,
  tenant: Tenant,
  login: repo.LoginRow,
  change: 'totp_enabled' | 'totp_disabled' | 'passkey_added' | 'passkey_removed' | 'recovery_codes_renewed' | 'recovery_code_used',
  now: Date,
  label?: string,
): Promise<void> {
  await enqueueMail(trx, tenant.id, {
    to: login.email,
    locale: login.locale,
    template: 'second_factor_changed',
    data: { at: formatDateTime(now, tenant, login.locale), change, ...(label === undefined ? {} : { label }) },
  });
}

export async function listFactors(database: Database, auth: AuthContext): Promise<TFactors> {
  return withTenant(database, auth.tenant.id, (trx) => factorsView(trx, auth.tenant.id, auth.loginId));
}

/** Starts a TOTP setup: a new secret, shown once as QR code and as text. Needs a recent password. */
export async function startTotpSetup(database: Database, auth: AuthContext, deps: FactorDeps, meta: RequestMeta): Promise<TTotpSetup> {
  requireRecentAuthentication(auth, meta.now);
  const tenant = auth.tenant;
  const secret = generateSecret();
  const login = await withTenant(database, tenant.id, async (trx) => {
    const login = await loginOf(trx, auth);
    const existing = await factorsRepo.findTotp(trx, tenant.id, login.id);
    if (existing?.confirmedAt) throw new AppError('conflict', { detail: messages.alreadyOn[meta.locale] });
    await factorsRepo.insertPendingTotp(trx, tenant.id, login.id, seal(deps.secretsKey, secret, TOTP_PURPOSE), meta.now);
    await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: login.id, action: 'mfa.totp_setup_started', requestId: meta.requestId });
    return login;
  });
  const uri = generateURI({ issuer: tenant.config.displayName, label: login.email, secret });
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** Confirms the setup with a first code from the app; the first factor of a login brings recovery codes. */
export async function confirmTotp(database: Database, auth: AuthContext, code: string, deps: FactorDeps, meta: RequestMeta): Promise<TFactorChangeResult> {
  const tenant = auth.tenant;
  const keys = [{ key: `mfa:setup:${auth.loginId}`, rule: accountRule }];
  const pending = await withTenant(database, tenant.id, async (trx) => {
    await assertNotThrottled(trx, tenant.id, keys, meta.now);
    return factorsRepo.findTotp(trx, tenant.id, auth.loginId);
  });
  if (!pending || pending.confirmedAt) throw new AppError('conflict', { detail: (pending ? messages.alreadyOn : messages.noSetup)[meta.locale] });
  const step = await acceptedStep(unseal(deps.secretsKey, pending.sealedSecret, TOTP_PURPOSE), code, meta.now, pending.lastStep);
  return withTenant(database, tenant.id, async (trx) => {
    if (step === null || !(await factorsRepo.useTotpStep(trx, tenant.id, pending.id, step, meta.now))) {
      await recordFailure(trx, tenant.id, keys, meta.now);
      return Promise.reject(new AppError('validation_failed', { fields: [{ field: 'code', message: messages.codeWrong[meta.locale] }] }));
    }
    const login = await loginOf(trx, auth);
    const hadCodes = (await factorsRepo.recoveryCodesLeft(trx, tenant.id, login.id)) > 0;
    const recoveryCodes = hadCodes ? null : await storeNewRecoveryCodes(trx, tenant.id, login.id, meta.now);
    await notify(trx, tenant, login, 'totp_enabled', meta.now);
    await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: login.id, action: 'mfa.totp_enabled', requestId: meta.requestId });
    return { factors: await factorsView(trx, tenant.id, login.id), recoveryCodes };
  });
}

/** Removes the last factor's recovery codes along with it: they would open nothing. */
async function dropRecoveryCodesWhenNoFactorLeft(trx: TenantTransaction, tenantId: string, loginId: string): Promise<void> {
  if ((await factorsRepo.confirmedFactorKinds(trx, tenantId, loginId)).size === 0) await factorsRepo.deleteRecoveryCodes(trx, tenantId, loginId);
}

export async function disableTotp(database: Database, auth: AuthContext, meta: RequestMeta): Promise<TFactors> {
  requireRecentAuthentication(auth, meta.now);
  return withTenant(database, auth.tenant.id, async (trx) => {
    const login = await loginOf(trx, auth);
    if (!(await factorsRepo.deleteTotp(trx, auth.tenant.id, login.id))) throw new AppError('not_found');
    await dropRecoveryCodesWhenNoFactorLeft(trx, auth.tenant.id, login.id);
    await notify(trx, auth.tenant, login, 'totp_disabled', meta.now);
    await recordAudit(trx, auth.tenant.id, { actorType: 'customer', actorId: login.id, action: 'mfa.totp_disabled', requestId: meta.requestId });
    return factorsView(trx, auth.tenant.id, login.id);
  });
}

export async function renewRecoveryCodes(database: Database, auth: AuthContext, meta: RequestMeta): Promise<TFactorChangeResult> {
  requireRecentAuthentication(auth, meta.now);
  return withTenant(database, auth.tenant.id, async (trx) => {
    const login = await loginOf(trx, auth);
    if ((await factorsRepo.confirmedFactorKinds(trx, auth.tenant.id, login.id)).size === 0) throw new AppError('not_found');
    const recoveryCodes = await storeNewRecoveryCodes(trx, auth.tenant.id, login.id, meta.now);
    await notify(trx, auth.tenant, login, 'recovery_codes_renewed', meta.now);
    await recordAudit(trx, auth.tenant.id, { actorType: 'customer', actorId: login.id, action: 'mfa.recovery_codes_renewed', requestId: meta.requestId });
    return { factors: await factorsView(trx, auth.tenant.id, login.id), recoveryCodes };
  });
}

// --- passkeys ------------------------------------------------------------------------------------

function userIdBytes(loginId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(loginId.replaceAll('-', ''), 'hex'));
}

export async function passkeyRegistrationOptions(database: Database, auth: AuthContext, rp: RelyingParty, meta: RequestMeta): Promise<TWebAuthnOptions> {
  requireRecentAuthentication(auth, meta.now);
  const tenant = auth.tenant;
  return withTenant(database, tenant.id, async (trx) => {
    const login = await loginOf(trx, auth);
    const existing = await factorsRepo.passkeysOf(trx, tenant.id, login.id);
    const options = await generateRegistrationOptions({
      rpName: tenant.config.displayName,
      rpID: rp.id,
      userName: login.email,
      userDisplayName: login.email,
      userID: userIdBytes(login.id),
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      timeout: CHALLENGE_MS,
    });
    const challengeId = await factorsRepo.insertChallenge(trx, tenant.id, {
      purpose: 'register',
      challenge: options.challenge,
      loginId: login.id,
      now: meta.now,
      expiresAt: new Date(meta.now.getTime() + CHALLENGE_MS),
    });
    return { challengeId, options: { ...options } };
  });
}

export async function addPasskey(
  database: Database,
  auth: AuthContext,
  input: { challengeId: string; credential: z.infer<typeof ZRegistrationCredential>; label: string },
  rp: RelyingParty,
  meta: RequestMeta,
): Promise<TFactorChangeResult> {
  requireRecentAuthentication(auth, meta.now);
  const tenant = auth.tenant;
  const challenge = await withTenant(database, tenant.id, (trx) => factorsRepo.takeChallenge(trx, tenant.id, input.challengeId, 'register', meta.now));
  const failed = () => new AppError('validation_failed', { fields: [{ field: 'passkey', message: messages.passkeyFailed[meta.locale] }] });
  if (challenge?.loginId !== auth.loginId) throw failed();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.credential,
      expectedChallenge: challenge.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch (error) {
    throw new AppError('validation_failed', { cause: error, fields: [{ field: 'passkey', message: messages.passkeyFailed[meta.locale] }] });
  }
  if (!verification.verified) throw failed();
  const { credential, credentialBackedUp } = verification.registrationInfo;
  try {
    return await withTenant(database, tenant.id, async (trx) => {
      const login = await loginOf(trx, auth);
      await factorsRepo.insertPasskey(trx, tenant.id, {
        loginId: login.id,
        label: input.label,
        credentialId: credential.id,
        publicKey: credential.publicKey,
        signCount: credential.counter,
        transports: credential.transports ?? input.credential.response.transports ?? [],
        backedUp: credentialBackedUp,
        now: meta.now,
      });
      const hadCodes = (await factorsRepo.recoveryCodesLeft(trx, tenant.id, login.id)) > 0;
      const recoveryCodes = hadCodes ? null : await storeNewRecoveryCodes(trx, tenant.id, login.id, meta.now);
      await notify(trx, tenant, login, 'passkey_added', meta.now, input.label);
      await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: login.id, action: 'mfa.passkey_added', details: { label: input.label }, requestId: meta.requestId });
      return { factors: await factorsView(trx, tenant.id, login.id), recoveryCodes };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('validation_failed', { fields: [{ field: 'passkey', message: messages.passkeyKnown[meta.locale] }] });
    throw error;
  }
}

export async function removePasskey(database: Database, auth: AuthContext, id: string, meta: RequestMeta): Promise<TFactors> {
  requireRecentAuthentication(auth, meta.now);
  return withTenant(database, auth.tenant.id, async (trx) => {
    const login = await loginOf(trx, auth);
    const passkey = (await factorsRepo.passkeysOf(trx, auth.tenant.id, login.id)).find((p) => p.id === id);
    if (!passkey || !(await factorsRepo.deletePasskey(trx, auth.tenant.id, login.id, id))) throw new AppError('not_found');
    await dropRecoveryCodesWhenNoFactorLeft(trx, auth.tenant.id, login.id);
    await notify(trx, auth.tenant, login, 'passkey_removed', meta.now, passkey.label);
    await recordAudit(trx, auth.tenant.id, { actorType: 'customer', actorId: login.id, action: 'mfa.passkey_removed', details: { label: passkey.label }, requestId: meta.requestId });
    return factorsView(trx, auth.tenant.id, login.id);
  });
}

// --- signing in ----------------------------------------------------------------------------------

export async function pendingSignIn(database: Database, pending: AuthContext): Promise<TSecondFactorRequired> {
  const factors = await withTenant(database, pending.tenant.id, (trx) => factorsRepo.requiredFactors(trx, pending.tenant.id, pending.loginId));
  return { status: 'second_factor_required', factors: factors ?? ['recovery_code'], expiresAt: pending.idleExpiresAt.toISOString() };
}

/**
 * The second step of signing in, with a TOTP code or a recovery code. Throttled per login like the
 * password. On success the half-finished session is replaced by a complete one (a new token).
 */
export async function completeWithCode(
  database: Database,
  pending: AuthContext,
  input: { method: 'totp' | 'recovery_code'; code: string },
  deps: FactorDeps,
  meta: RequestMeta,
): Promise<{ session: TSession; token: string }> {
  const tenant = pending.tenant;
  const throttleKey = `mfa:login:${pending.loginId}`;
  const keys = [
    { key: throttleKey, rule: accountRule },
    { key: `login:client:${meta.ip}`, rule: clientRule },
  ];
  const { totp, throttled } = await withTenant(database, tenant.id, async (trx) => ({
    throttled: await assertNotThrottled(trx, tenant.id, keys, meta.now),
    totp: input.method === 'totp' ? await factorsRepo.findTotp(trx, tenant.id, pending.loginId) : undefined,
  }));
  const step =
    input.method === 'totp' && totp?.confirmedAt ? await acceptedStep(unseal(deps.secretsKey, totp.sealedSecret, TOTP_PURPOSE), input.code, meta.now, totp.lastStep) : null;
  const outcome = await withTenant(database, tenant.id, async (trx) => {
    const accepted =
      input.method === 'totp'
        ? step !== null && totp !== undefined && (await factorsRepo.useTotpStep(trx, tenant.id, totp.id, step, meta.now))
        : await factorsRepo.useRecoveryCode(trx, tenant.id, pending.loginId, recoveryCodeHash(input.code), meta.now);
    if (!accepted) {
      await recordFailure(trx, tenant.id, keys, meta.now);
      await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: pending.loginId, action: 'login.second_factor_failed', requestId: meta.requestId, details: { ip: meta.ip, method: input.method } });
      return null;
    }
    if (throttled.has(throttleKey)) await recordSuccess(trx, tenant.id, throttleKey);
    const login = await repo.findLoginById(trx, tenant.id, pending.loginId);
    if (!login) throw new AppError('unauthenticated');
    if (input.method === 'recovery_code') await notify(trx, tenant, login, 'recovery_code_used', meta.now);
    return completeSignIn(trx, tenant, login, meta, pending.sessionId, input.method);
  });
  if (!outcome) throw new AppError('second_factor_invalid');
  return outcome;
}

/**
 * Options for signing in with a passkey. Without a half-finished sign-in the browser offers every
 * passkey it holds for this portal (passwordless); after the password only that login's passkeys.
 */
export async function passkeyLoginOptions(database: Database, tenant: Tenant, pending: AuthContext | null, rp: RelyingParty, meta: RequestMeta): Promise<TWebAuthnOptions> {
  return withTenant(database, tenant.id, async (trx) => {
    await assertNotThrottled(trx, tenant.id, [{ key: `login:client:${meta.ip}`, rule: clientRule }], meta.now);
    const allowed = pending ? await factorsRepo.passkeysOf(trx, tenant.id, pending.loginId) : [];
    const options = await generateAuthenticationOptions({
      rpID: rp.id,
      userVerification: 'required',
      allowCredentials: allowed.map((p) => ({ id: p.credentialId, transports: p.transports })),
      timeout: CHALLENGE_MS,
    });
    const challengeId = await factorsRepo.insertChallenge(trx, tenant.id, {
      purpose: 'authenticate',
      challenge: options.challenge,
      loginId: pending?.loginId ?? null,
      now: meta.now,
      expiresAt: new Date(meta.now.getTime() + CHALLENGE_MS),
    });
    return { challengeId, options: { ...options } };
  });
}

/**
 * Signs in with a passkey (user verification required, so it counts as both factors). Any session
 * of the cookie (a half-finished sign-in included) is replaced.
 */
export async function signInWithPasskey(
  database: Database,
  tenant: Tenant,
  input: { challengeId: string; credential: z.infer<typeof ZAuthenticationCredential> },
  rp: RelyingParty,
  meta: RequestMeta,
  previousSessionHash: Buffer | null,
): Promise<{ session: TSession; token: string }> {
  const keys = [{ key: `login:client:${meta.ip}`, rule: clientRule }];
  const found = await withTenant(database, tenant.id, async (trx) => {
    await assertNotThrottled(trx, tenant.id, keys, meta.now);
    const challenge = await factorsRepo.takeChallenge(trx, tenant.id, input.challengeId, 'authenticate', meta.now);
    const passkey = await factorsRepo.findPasskeyByCredentialId(trx, tenant.id, input.credential.id);
    return { challenge, passkey };
  });
  const { challenge, passkey } = found;
  let verified: { newCounter: number; backedUp: boolean } | null = null;
  if (challenge && passkey && (challenge.loginId === null || challenge.loginId === passkey.loginId)) {
    try {
      const result = await verifyAuthenticationResponse({
        response: input.credential,
        expectedChallenge: challenge.challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.signCount, transports: passkey.transports },
        requireUserVerification: true,
      });
      if (result.verified) verified = { newCounter: result.authenticationInfo.newCounter, backedUp: result.authenticationInfo.credentialBackedUp };
    } catch {
      verified = null; // a malformed or replayed assertion: the same answer as a wrong one
    }
  }
  const outcome = await withTenant(database, tenant.id, async (trx) => {
    if (!verified || !passkey) {
      await recordFailure(trx, tenant.id, keys, meta.now);
      await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: passkey?.loginId ?? null, action: 'login.failed', requestId: meta.requestId, details: { ip: meta.ip, reason: 'passkey' } });
      return { kind: 'invalid' as const };
    }
    await factorsRepo.recordPasskeyUse(trx, tenant.id, passkey.id, verified.newCounter, verified.backedUp, meta.now);
    const login = await repo.findLoginById(trx, tenant.id, passkey.loginId);
    if (!login) return { kind: 'invalid' as const };
    if (login.status === 'locked') {
      await recordAudit(trx, tenant.id, { actorType: 'customer', actorId: login.id, action: 'login.refused_locked', requestId: meta.requestId });
      return { kind: 'locked' as const };
    }
    const previous = previousSessionHash ? await repo.findSessionByHash(trx, tenant.id, previousSessionHash) : undefined;
    return { kind: 'ok' as const, result: await completeSignIn(trx, tenant, login, meta, previous?.id ?? null, 'passkey') };
  });
  if (outcome.kind === 'invalid') throw new AppError('passkey_failed');
  if (outcome.kind === 'locked') throw new AppError('login_locked');
  return outcome.result;
}

/** Origin and RP ID of a request as the browser sees them. */
export function relyingPartyOf(request: { protocol: string; host: string; hostname: string }): RelyingParty {
  return { id: request.hostname, origin: `${request.protocol}://${request.host}` };
}
