// Sessions of the operator console (ADR 0025): own __Host- cookie, only on the installation host
// (never a tenant's host), idle timeout 15 minutes, absolute limit 8 hours. The sign-in rules are the
// shared two-step ones (staff/two-step.ts); this file binds them to the global operator tables.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { passwordPolicyErrors } from '../identity/identity.service.ts';
import { readCookie } from '../identity/sessions.ts';
import type { ThrottleStore } from '../identity/throttle.ts';
import { checkSession, type SessionRef, type SessionStage, type TwoStepRealm, type TwoStepTx } from '../staff/two-step.ts';
import * as repo from './operator.repository.ts';

export const OPERATOR_COOKIE = '__Host-kp_operator';
export const OPERATOR_IDLE_MS = 15 * 60_000;
export const OPERATOR_ABSOLUTE_MS = 8 * 3600_000;
export const OPERATOR_TOTP_PURPOSE = 'operator-totp-secret';
/** Operators guard every tenant: longer passwords than the tenants' default. */
export const OPERATOR_PASSWORD_MIN = 12;

export type OperatorAuth = SessionRef & { operatorId: string; name: string; locale: 'de' | 'en' };

export function setOperatorCookie(reply: FastifyReply, token: string): void {
  reply.header('Set-Cookie', `${OPERATOR_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Strict`);
}

export function clearOperatorCookie(reply: FastifyReply): void {
  reply.header('Set-Cookie', `${OPERATOR_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`);
}

function throttleStore(trx: repo.GlobalTransaction): ThrottleStore {
  return {
    readMany: (keys) => repo.readThrottles(trx, keys),
    read: async (key) => (await repo.readThrottles(trx, [key])).get(key),
    write: (key, row) => repo.writeThrottle(trx, key, row),
    clear: (key) => repo.clearThrottle(trx, key),
  };
}

export function operatorTx(trx: repo.GlobalTransaction): TwoStepTx<repo.OperatorRow> {
  return {
    trx,
    findAccountByEmail: (email) => repo.findOperatorByEmail(trx, email),
    findAccount: (id) => repo.findOperator(trx, id),
    updateAccount: (id, changes) => repo.updateOperator(trx, id, changes),
    useTotpStep: (id, step) => repo.useTotpStep(trx, id, step),
    insertSession: (session) => repo.insertSession(trx, session),
    findSessionWithAccount: async (hash) => {
      const found = await repo.findSessionWithOperator(trx, hash);
      return found && { session: found.session, account: found.operator };
    },
    updateSession: (id, changes) => repo.updateSession(trx, id, changes),
    deleteSession: (id) => repo.deleteSession(trx, id),
    deleteSessionsOf: (id) => repo.deleteSessionsOf(trx, id),
    insertToken: (token) => repo.insertToken(trx, token),
    findToken: (hash) => repo.findToken(trx, hash),
    useToken: (id, now) => repo.useToken(trx, id, now),
    expireTokensOf: (id, now) => repo.expireTokensOf(trx, id, now),
    throttle: throttleStore(trx),
    audit: ({ actorId, ...entry }) => repo.recordOperatorAudit(trx, { operatorId: actorId, ...entry }),
  };
}

/** The operators as a two-step realm: global tables through the owner connection. */
export function operatorRealm(database: Database): TwoStepRealm<repo.OperatorRow> {
  return {
    kind: 'operator',
    transaction: (fn) => database.db.transaction().execute((trx) => fn(operatorTx(trx))),
    idleTimeoutMs: OPERATOR_IDLE_MS,
    absoluteMs: OPERATOR_ABSOLUTE_MS,
    totpPurpose: OPERATOR_TOTP_PURPOSE,
    issuer: 'Kundenportal Betrieb',
    passwordErrors: (password, field, locale) => passwordPolicyErrors({ minLength: OPERATOR_PASSWORD_MIN, contextWords: ['kundenportal', 'betrieb', 'operator'] }, password, field, locale),
  };
}

/** Operator routes answer only on the installation host; a tenant's host has no such routes. */
export function requireInstallationHost(request: FastifyRequest): void {
  if (!request.isRootHost) throw new AppError(request.tenant ? 'not_found' : 'tenant_not_found');
}

/**
 * The operator of the request's console cookie. `stage` 'factor'/'enrol' is for the sign-in steps.
 * Extends the idle timeout (written at most every 30 s); a locked operator's sessions end here.
 */
export async function authenticateOperator(database: Database, request: FastifyRequest, reply: FastifyReply, now: Date, stage: SessionStage = 'complete'): Promise<OperatorAuth> {
  requireInstallationHost(request);
  const token = readCookie(request, OPERATOR_COOKIE);
  if (!token) throw new AppError('unauthenticated');
  const result = await checkSession(operatorRealm(database), token, now, stage);
  if (result.kind === 'other_stage') throw new AppError('unauthenticated');
  if (result.kind !== 'ok') {
    clearOperatorCookie(reply);
    throw new AppError(result.kind === 'expired' ? 'session_expired' : 'unauthenticated');
  }
  reply.header('Cache-Control', 'no-store');
  return { ...result.session, operatorId: result.account.id, name: result.account.name, locale: result.account.locale };
}
