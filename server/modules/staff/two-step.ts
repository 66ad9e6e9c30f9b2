// Sign-in with password AND authenticator code, shared by the back office's staff (per tenant,
// ADR 0020) and the installation's platform operators (global tables, ADR 0025). The rules exist
// once: the password step opens a half-finished session ('factor' or 'enrol') that only the next step
// accepts; the code completes it and rotates the token; a code works once; failures are throttled;
// invitation links are single use; sessions have an idle and an absolute limit. A realm says where
// the rows live (a tenant transaction or the owner connection) and how actions are audited.
import { generateSecret, generateURI } from 'otplib';
import QRCode from 'qrcode';
import type { TLocale } from '../../../api/tenant.ts';
import type { TenantTransaction } from '../../db/database.ts';
import { AppError, type FieldError } from '../../errors.ts';
import { acceptedStep } from '../identity/factors.service.ts';
import type { RequestMeta } from '../identity/identity.service.ts';
import { hashPassword, verifyPassword } from '../identity/password.ts';
import { seal, unseal } from '../identity/secret-box.ts';
import { accountRule, assertNotThrottledIn, clientRule, recordFailureIn, type ThrottleStore } from '../identity/throttle.ts';
import { hashToken, newToken } from '../identity/tokens.ts';

export type SessionStage = 'factor' | 'enrol' | 'complete';
export type AccountStatus = 'invited' | 'active' | 'locked';

/** The columns every two-step identity has (staff_members, platform_operators). */
export type TwoStepAccount = {
  id: string;
  email: string;
  name: string;
  status: AccountStatus;
  passwordHash: string | null;
  totpSecretSealed: string | null;
  totpLastStep: number | null;
  locale: TLocale;
};

export type TwoStepSession = {
  id: string;
  accountId: string;
  stage: SessionStage;
  pendingSecretSealed: string | null;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
};

export type AccountChanges = Partial<{
  passwordHash: string;
  status: AccountStatus;
  totpSecretSealed: string | null;
  totpLastStep: number | null;
  lastLoginAt: Date;
}>;

export type SessionChanges = Partial<{ stage: SessionStage; pendingSecretSealed: string | null; lastSeenAt: Date; idleExpiresAt: Date; hash: Buffer }>;

/** An audit entry of the realm: the actor type is the realm's kind. */
export type RealmAudit = { action: string; actorId: string | null; targetType?: string; targetId?: string; requestId?: string | null; details?: Record<string, unknown> };

/** The store of one realm inside one transaction. */
export type TwoStepTx<A extends TwoStepAccount> = {
  findAccountByEmail(email: string): Promise<A | undefined>;
  findAccount(id: string): Promise<A | undefined>;
  updateAccount(id: string, changes: AccountChanges): Promise<void>;
  /** Accepts a TOTP time step only if it is later than the last one used. */
  useTotpStep(id: string, step: number): Promise<boolean>;
  insertSession(session: { hash: Buffer; accountId: string; stage: SessionStage; now: Date; idleExpiresAt: Date; absoluteExpiresAt: Date; userAgent: string | null }): Promise<string>;
  /** The session of a token hash with its account, in one query. */
  findSessionWithAccount(hash: Buffer): Promise<{ session: TwoStepSession; account: A } | undefined>;
  updateSession(id: string, changes: SessionChanges): Promise<void>;
  deleteSession(id: string): Promise<void>;
  deleteSessionsOf(accountId: string): Promise<void>;
  insertToken(token: { hash: Buffer; accountId: string; now: Date; expiresAt: Date }): Promise<void>;
  findToken(hash: Buffer): Promise<{ id: string; accountId: string; expiresAt: Date; usedAt: Date | null } | undefined>;
  /** Marks the token used; false when it was used meanwhile (two tabs, double submit). */
  useToken(id: string, now: Date): Promise<boolean>;
  expireTokensOf(accountId: string, now: Date): Promise<void>;
  throttle: ThrottleStore;
  audit(entry: RealmAudit): Promise<void>;
  /** The raw transaction, for the realm's own further writes. */
  trx: TenantTransaction;
};

export type TwoStepRealm<A extends TwoStepAccount> = {
  /** 'staff' or 'operator': the audit actor type, the prefix of audit actions and throttle keys. */
  kind: 'staff' | 'operator';
  transaction<T>(fn: (tx: TwoStepTx<A>) => Promise<T>): Promise<T>;
  idleTimeoutMs: number;
  absoluteMs: number;
  /** The purpose the TOTP seed is sealed with (secret-box). */
  totpPurpose: string;
  /** The issuer shown in the authenticator app. */
  issuer: string;
  /** Password rules (length, context words) for invitation links. */
  passwordErrors(password: string, field: string, locale: TLocale): FieldError[];
};

/** How long the step between password and code (or enrolment) may take. */
export const PENDING_MS = 10 * 60_000;
export const INVITATION_HOURS = 72;

/** What the sign-in steps need of a session (StaffAuth and OperatorAuth carry these). */
export type SessionRef = {
  accountId: string;
  email: string;
  sessionId: string;
  pendingSecretSealed: string | null;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
};

export type LoginStep = { next: 'totp' | 'enrol_totp'; expiresAt: string };

const repeatMismatch = { de: 'Die beiden Passwörter stimmen nicht überein.', en: 'The two passwords do not match.' };

// A hash to verify against when nobody has the address, so unknown and known addresses take equally long.
const dummyHash = hashPassword('kundenportal-staff-timing-equaliser');

export async function startSession<A extends TwoStepAccount>(
  realm: TwoStepRealm<A>,
  tx: TwoStepTx<A>,
  accountId: string,
  stage: SessionStage,
  now: Date,
  userAgent: string | null,
): Promise<{ token: string; sessionId: string; idleExpiresAt: Date }> {
  const token = newToken();
  const idleExpiresAt = new Date(now.getTime() + (stage === 'complete' ? realm.idleTimeoutMs : PENDING_MS));
  const sessionId = await tx.insertSession({
    hash: hashToken(token),
    accountId,
    stage,
    now,
    idleExpiresAt,
    absoluteExpiresAt: new Date(now.getTime() + realm.absoluteMs),
    userAgent,
  });
  return { token, sessionId, idleExpiresAt };
}

export type SessionCheck<A extends TwoStepAccount> =
  | { kind: 'ok'; account: A; session: SessionRef }
  | { kind: 'missing' | 'expired' | 'other_stage' };

/**
 * The session of a cookie token in the stage asked for. Ended sessions and sessions of accounts that
 * are no longer active are deleted; the idle deadline of complete sessions moves (written at most every 30 s).
 */
export async function checkSession<A extends TwoStepAccount>(realm: TwoStepRealm<A>, token: string, now: Date, stage: SessionStage): Promise<SessionCheck<A>> {
  return realm.transaction(async (tx) => {
    const found = await tx.findSessionWithAccount(hashToken(token));
    if (!found) return { kind: 'missing' };
    const { session, account } = found;
    if (session.idleExpiresAt <= now || session.absoluteExpiresAt <= now) {
      await tx.deleteSession(session.id);
      return { kind: 'expired' };
    }
    if (session.stage !== stage) return { kind: 'other_stage' };
    if (account.status !== 'active') {
      await tx.deleteSession(session.id);
      return { kind: 'missing' };
    }
    let idleExpiresAt = session.idleExpiresAt;
    if (stage === 'complete') {
      const extended = new Date(Math.min(now.getTime() + realm.idleTimeoutMs, session.absoluteExpiresAt.getTime()));
      if (extended.getTime() - session.idleExpiresAt.getTime() >= 30_000) {
        await tx.updateSession(session.id, { lastSeenAt: now, idleExpiresAt: extended });
        idleExpiresAt = extended;
      }
    }
    return {
      kind: 'ok',
      account,
      session: { accountId: account.id, email: account.email, sessionId: session.id, pendingSecretSealed: session.pendingSecretSealed, idleExpiresAt, absoluteExpiresAt: session.absoluteExpiresAt },
    };
  });
}

/** Step 1 of signing in: the password. Opens a half-finished session that waits for the code (or enrolment). */
export async function passwordStep<A extends TwoStepAccount>(
  realm: TwoStepRealm<A>,
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<{ step: LoginStep; token: string }> {
  const kind = realm.kind;
  const accountKey = `${kind}:account:${input.email}`;
  const keys = [
    { key: accountKey, rule: accountRule },
    { key: `${kind}:client:${meta.ip}`, rule: clientRule },
  ];
  const { found, throttled } = await realm.transaction(async (tx) => ({
    throttled: await assertNotThrottledIn(tx.throttle, keys, meta.now),
    found: await tx.findAccountByEmail(input.email),
  }));
  const passwordOk = await verifyPassword(found?.passwordHash ?? (await dummyHash), input.password);
  const outcome = await realm.transaction(async (tx) => {
    if (!found?.passwordHash || !passwordOk) {
      await recordFailureIn(tx.throttle, keys, meta.now);
      await tx.audit({ actorId: found?.id ?? null, action: `${kind}.login_failed`, requestId: meta.requestId, details: { ip: meta.ip, reason: found ? 'password' : 'unknown_identity' } });
      return { kind: 'invalid' as const };
    }
    if (throttled.has(accountKey)) await tx.throttle.clear(accountKey);
    if (found.status !== 'active') {
      await tx.audit({ actorId: found.id, action: `${kind}.login_refused_locked`, requestId: meta.requestId });
      return { kind: 'locked' as const };
    }
    const stage = found.totpSecretSealed ? 'factor' : 'enrol';
    const started = await startSession(realm, tx, found.id, stage, meta.now, meta.userAgent);
    await tx.audit({ actorId: found.id, action: `${kind}.password_accepted`, targetType: `${kind}_session`, targetId: started.sessionId, requestId: meta.requestId, details: { ip: meta.ip, next: stage } });
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
async function complete<A extends TwoStepAccount>(realm: TwoStepRealm<A>, tx: TwoStepTx<A>, auth: SessionRef, meta: RequestMeta): Promise<{ token: string; session: SessionRef }> {
  const token = newToken();
  const idleExpiresAt = new Date(Math.min(meta.now.getTime() + realm.idleTimeoutMs, auth.absoluteExpiresAt.getTime()));
  await tx.updateSession(auth.sessionId, { stage: 'complete', pendingSecretSealed: null, hash: hashToken(token), lastSeenAt: meta.now, idleExpiresAt });
  await tx.updateAccount(auth.accountId, { lastLoginAt: meta.now });
  await tx.audit({ actorId: auth.accountId, action: `${realm.kind}.login_succeeded`, targetType: `${realm.kind}_session`, targetId: auth.sessionId, requestId: meta.requestId, details: { ip: meta.ip } });
  return { token, session: { ...auth, pendingSecretSealed: null, idleExpiresAt } };
}

/** Step 2: the code of the authenticator app. A code works once; failures are throttled. */
export async function codeStep<A extends TwoStepAccount>(
  realm: TwoStepRealm<A>,
  auth: SessionRef,
  code: string,
  secretsKey: Buffer,
  meta: RequestMeta,
): Promise<{ token: string; session: SessionRef }> {
  const key = `${realm.kind}:totp:${auth.accountId}`;
  const keys = [{ key, rule: accountRule }];
  const account = await realm.transaction(async (tx) => {
    await assertNotThrottledIn(tx.throttle, keys, meta.now);
    return tx.findAccount(auth.accountId);
  });
  if (!account?.totpSecretSealed || account.status !== 'active') throw new AppError('unauthenticated');
  const step = await acceptedStep(unseal(secretsKey, account.totpSecretSealed, realm.totpPurpose), code, meta.now, account.totpLastStep);
  const result = await realm.transaction(async (tx) => {
    if (step === null || !(await tx.useTotpStep(account.id, step))) {
      await recordFailureIn(tx.throttle, keys, meta.now);
      await tx.audit({ actorId: account.id, action: `${realm.kind}.second_factor_failed`, requestId: meta.requestId, details: { ip: meta.ip } });
      return null;
    }
    await tx.throttle.clear(key);
    return complete(realm, tx, auth, meta);
  });
  if (!result) throw new AppError('second_factor_invalid');
  return result;
}

/** Enrolment (first sign-in, or after a reset): a new secret, kept in the session until confirmed. */
export async function startEnrolment<A extends TwoStepAccount>(
  realm: TwoStepRealm<A>,
  auth: SessionRef,
  secretsKey: Buffer,
  meta: RequestMeta,
): Promise<{ secret: string; otpauthUri: string; qrSvg: string }> {
  const secret = generateSecret();
  await realm.transaction(async (tx) => {
    await tx.updateSession(auth.sessionId, { pendingSecretSealed: seal(secretsKey, secret, realm.totpPurpose) });
    await tx.audit({ actorId: auth.accountId, action: `${realm.kind}.totp_setup_started`, requestId: meta.requestId });
  });
  const otpauthUri = generateURI({ issuer: realm.issuer, label: auth.email, secret });
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUri, qrSvg };
}

/** Confirms the enrolment with a first code; the session is then complete. */
export async function confirmEnrolment<A extends TwoStepAccount>(
  realm: TwoStepRealm<A>,
  auth: SessionRef,
  code: string,
  secretsKey: Buffer,
  meta: RequestMeta,
): Promise<{ token: string; session: SessionRef }> {
  const keys = [{ key: `${realm.kind}:totp:${auth.accountId}`, rule: accountRule }];
  await realm.transaction((tx) => assertNotThrottledIn(tx.throttle, keys, meta.now));
  const sealed = auth.pendingSecretSealed;
  if (!sealed) throw new AppError('validation_failed', { fields: [{ field: 'code', message: meta.locale === 'de' ? 'Bitte starten Sie die Einrichtung erneut.' : 'Please start the setup again.' }] });
  const step = await acceptedStep(unseal(secretsKey, sealed, realm.totpPurpose), code, meta.now, null);
  const result = await realm.transaction(async (tx) => {
    if (step === null) {
      await recordFailureIn(tx.throttle, keys, meta.now);
      return null;
    }
    await tx.updateAccount(auth.accountId, { totpSecretSealed: sealed, totpLastStep: step });
    await tx.audit({ actorId: auth.accountId, action: `${realm.kind}.totp_enrolled`, targetType: realm.kind, targetId: auth.accountId, requestId: meta.requestId });
    return complete(realm, tx, auth, meta);
  });
  if (!result) throw new AppError('second_factor_invalid');
  return result;
}

export async function signOut<A extends TwoStepAccount>(realm: TwoStepRealm<A>, auth: SessionRef, requestId: string): Promise<void> {
  await realm.transaction(async (tx) => {
    await tx.deleteSession(auth.sessionId);
    await tx.audit({ actorId: auth.accountId, action: `${realm.kind}.logout`, targetType: `${realm.kind}_session`, targetId: auth.sessionId, requestId });
  });
}

/**
 * Removes an account's authenticator (lost phone) and ends its sessions; the next sign-in must set
 * up a new one. `actor` is who did it (an admin, an operator); the audit entry is written by the caller's
 * realm transaction through `audit`.
 */
export async function resetFactor<A extends TwoStepAccount>(tx: TwoStepTx<A>, accountId: string): Promise<void> {
  await tx.updateAccount(accountId, { totpSecretSealed: null, totpLastStep: null });
  await tx.deleteSessionsOf(accountId);
}

// --- invitation links ----------------------------------------------------------------------------

/** A new single-use link for an invited account; earlier links stop working. Returns the token. */
export async function newInvitationToken<A extends TwoStepAccount>(tx: TwoStepTx<A>, accountId: string, now: Date): Promise<string> {
  await tx.expireTokensOf(accountId, now);
  const token = newToken();
  await tx.insertToken({ hash: hashToken(token), accountId, now, expiresAt: new Date(now.getTime() + INVITATION_HOURS * 3600_000) });
  return token;
}

export async function validInvitation<A extends TwoStepAccount>(tx: TwoStepTx<A>, token: string, now: Date): Promise<{ tokenId: string; account: A }> {
  const row = await tx.findToken(hashToken(token));
  if (!row || row.usedAt || row.expiresAt <= now) throw new AppError('token_invalid');
  const account = await tx.findAccount(row.accountId);
  if (account?.status !== 'invited') throw new AppError('token_invalid');
  return { tokenId: row.id, account };
}

/** Sets the password from the invitation link and opens a session that must enrol the authenticator next. */
export async function acceptInvitation<A extends TwoStepAccount>(
  realm: TwoStepRealm<A>,
  input: { token: string; password: string; passwordRepeat: string },
  meta: RequestMeta,
): Promise<{ step: LoginStep; token: string }> {
  const fields = realm.passwordErrors(input.password, 'password', meta.locale);
  if (input.password !== input.passwordRepeat) fields.push({ field: 'passwordRepeat', message: repeatMismatch[meta.locale] });
  // The link is checked first: a used or expired link says so, whatever the password.
  await realm.transaction((tx) => validInvitation(tx, input.token, meta.now));
  if (fields.length > 0) throw new AppError('validation_failed', { fields });
  const passwordHash = await hashPassword(input.password);
  const started = await realm.transaction(async (tx) => {
    const { tokenId, account } = await validInvitation(tx, input.token, meta.now);
    if (!(await tx.useToken(tokenId, meta.now))) throw new AppError('token_invalid');
    await tx.updateAccount(account.id, { passwordHash, status: 'active', totpSecretSealed: null, totpLastStep: null });
    await tx.audit({ actorId: account.id, action: `${realm.kind}.invitation_accepted`, targetType: realm.kind, targetId: account.id, requestId: meta.requestId });
    return startSession(realm, tx, account.id, 'enrol', meta.now, meta.userAgent);
  });
  return { step: { next: 'enrol_totp', expiresAt: started.idleExpiresAt.toISOString() }, token: started.token };
}
