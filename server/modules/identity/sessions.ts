// Server-side sessions (SEC-08 to SEC-13): a 256-bit random token in a __Host- cookie (Secure,
// HttpOnly, SameSite=Lax, no Domain), only its SHA-256 in the database, bound to the tenant of the
// host, an idle timeout per tenant and an absolute limit of 12 hours.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentCache, type ChangeFeed } from '../../db/change-feed.ts';
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import * as repo from './identity.repository.ts';
import { hashToken, newToken } from './tokens.ts';

export const SESSION_COOKIE = '__Host-kp_session';
export const ABSOLUTE_LIFETIME_MS = 12 * 3600_000;
/** How long a sign-in may wait between the password and the second factor. */
export const FACTOR_PENDING_MS = 5 * 60_000;

export type AuthContext = {
  tenant: Tenant;
  sessionId: string;
  loginId: string;
  selectedCustomerId: string | null;
  createdAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  reauthenticatedAt: Date | null;
};

export function idleTimeoutMs(tenant: Tenant): number {
  return tenant.config.session.idleTimeoutMinutes * 60_000;
}

export function readCookie(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) return decodeURIComponent(part.slice(index + 1).trim());
  }
  return null;
}

export function setSessionCookie(reply: FastifyReply, token: string): void {
  reply.header('Set-Cookie', `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Lax`);
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.header('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=0`);
}

/**
 * Starts a new session (always a new token: rotation at sign-in). With `factorPending` it is a
 * half-finished sign-in that only the second-factor step accepts, for five minutes.
 */
export async function startSession(
  trx: TenantTransaction,
  tenant: Tenant,
  login: { id: string; selectedCustomerId: string | null },
  now: Date,
  userAgent: string | null,
  factorPending = false,
): Promise<{ token: string; sessionId: string; idleExpiresAt: Date; absoluteExpiresAt: Date }> {
  const token = newToken();
  const idleExpiresAt = new Date(now.getTime() + (factorPending ? FACTOR_PENDING_MS : idleTimeoutMs(tenant)));
  const absoluteExpiresAt = factorPending ? idleExpiresAt : new Date(now.getTime() + ABSOLUTE_LIFETIME_MS);
  const sessionId = await repo.insertSession(trx, tenant.id, {
    hash: hashToken(token),
    loginId: login.id,
    selectedCustomerId: login.selectedCustomerId,
    now,
    idleExpiresAt,
    absoluteExpiresAt,
    userAgent,
    factorPending,
  });
  return { token, sessionId, idleExpiresAt, absoluteExpiresAt };
}

/**
 * How often an ordinary request writes the extended idle timeout: at most once per minute (or a
 * tenth of a short timeout), so reading pages costs no database write; "Angemeldet bleiben"
 * (`extend: 'always'`) writes at once. The stored deadline is what the browser is told, so its
 * warning never comes later than the server's timeout.
 */
export function touchIntervalMs(tenant: Tenant): number {
  return Math.min(60_000, idleTimeoutMs(tenant) / 10);
}

/**
 * Loads the session of the request's cookie for the host's tenant and extends its idle timeout.
 * A cookie of another tenant's host finds nothing here (the lookup is scoped to this tenant).
 * A sign-in still waiting for its second factor counts as not signed in, except for the
 * second-factor step itself (`stage: 'factor_pending'`), which accepts only such sessions.
 */
export async function authenticate(
  database: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  now: Date,
  stage: 'complete' | 'factor_pending' = 'complete',
  extend: 'when_stale' | 'always' = 'when_stale',
): Promise<AuthContext> {
  const tenant = requireTenant(request);
  const token = readCookie(request, SESSION_COOKIE);
  if (!token) throw new AppError('unauthenticated');
  const hash = hashToken(token);
  const cache = sessionCacheOf(request.server.changeFeed);
  const cacheKey = `${tenant.id} ${hash.toString('base64')}`;
  const cached = cache?.get(cacheKey);
  const result =
    cached && sessionState(cached, tenant, now, stage, extend).kind === 'ok'
      ? { kind: 'ok' as const, session: cached }
      : await withTenant(database, tenant.id, async (trx) => {
          const mark = request.server.changeFeed?.mark() ?? 0;
          const session = await repo.findSessionByHash(trx, tenant.id, hash);
          if (!session) return { kind: 'missing' as const };
          const state = sessionState(session, tenant, now, stage, extend);
          if (state.kind === 'expired') {
            await repo.deleteSession(trx, tenant.id, session.id);
            return state;
          }
          if (state.kind !== 'touch') {
            if (state.kind === 'ok') cache?.set(cacheKey, mark, tenant.id, [['session', session.id]], session);
            return state.kind === 'ok' ? { kind: 'ok' as const, session } : state;
          }
          await repo.touchSession(trx, tenant.id, session.id, now, state.idleExpiresAt);
          return { kind: 'ok' as const, session: { ...session, idleExpiresAt: state.idleExpiresAt } };
        });
  // The cookie stays: a half-finished sign-in must survive a look at the session, and a complete
  // session a stray request to the second-factor step.
  if (result.kind === 'other_stage') throw new AppError('unauthenticated');
  if (result.kind !== 'ok') {
    clearSessionCookie(reply);
    throw new AppError(result.kind === 'expired' ? 'session_expired' : 'unauthenticated');
  }
  const { session } = result;
  reply.header('Cache-Control', 'no-store');
  return {
    tenant,
    sessionId: session.id,
    loginId: session.loginId,
    selectedCustomerId: session.selectedCustomerId,
    createdAt: session.createdAt,
    idleExpiresAt: session.idleExpiresAt,
    absoluteExpiresAt: session.absoluteExpiresAt,
    reauthenticatedAt: session.reauthenticatedAt,
  };
}

/** What a stored session means for this request: usable as is, to be extended, ended, or the wrong stage. */
function sessionState(
  session: repo.SessionRow,
  tenant: Tenant,
  now: Date,
  stage: 'complete' | 'factor_pending',
  extend: 'when_stale' | 'always',
): { kind: 'ok' } | { kind: 'touch'; idleExpiresAt: Date } | { kind: 'expired' } | { kind: 'other_stage' } {
  if (session.idleExpiresAt <= now || session.absoluteExpiresAt <= now) return { kind: 'expired' };
  if (session.factorPending !== (stage === 'factor_pending')) return { kind: 'other_stage' };
  if (session.factorPending) return { kind: 'ok' };
  const idleExpiresAt = new Date(Math.min(now.getTime() + idleTimeoutMs(tenant), session.absoluteExpiresAt.getTime()));
  const stale = idleExpiresAt.getTime() - session.idleExpiresAt.getTime() >= touchIntervalMs(tenant);
  return extend === 'when_stale' && !stale ? { kind: 'ok' } : { kind: 'touch', idleExpiresAt };
}

/**
 * Sessions read in the last moments, per change feed (one per app): a request then needs no
 * database round trip to know who is signed in. Any change of the session row (sign-out, account
 * choice, extension, step-up) or its deletion (password change, "end other sessions") is a notice
 * that drops the entry in every process.
 */
const sessionCaches = new WeakMap<ChangeFeed, CurrentCache<repo.SessionRow>>();

function sessionCacheOf(feed: ChangeFeed | null): CurrentCache<repo.SessionRow> | null {
  if (!feed) return null;
  let cache = sessionCaches.get(feed);
  if (!cache) {
    cache = new CurrentCache<repo.SessionRow>(feed, 50_000);
    sessionCaches.set(feed, cache);
  }
  return cache;
}

/** A short description of the browser for the session list ("Chrome unter Windows"). */
export function describeUserAgent(userAgent: string | null, locale: 'de' | 'en'): string {
  if (!userAgent) return locale === 'de' ? 'Unbekanntes Gerät' : 'Unknown device';
  const browser =
    /Edg\//.test(userAgent) ? 'Edge'
    : /Firefox\//.test(userAgent) ? 'Firefox'
    : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome'
    : /Safari\//.test(userAgent) ? 'Safari'
    : null;
  const system =
    /Android/.test(userAgent) ? 'Android'
    : /iPhone|iPad/.test(userAgent) ? 'iOS'
    : /Windows/.test(userAgent) ? 'Windows'
    : /Mac OS X/.test(userAgent) ? 'macOS'
    : /Linux/.test(userAgent) ? 'Linux'
    : null;
  if (!browser && !system) return userAgent.slice(0, 60);
  const on = locale === 'de' ? 'unter' : 'on';
  return [browser ?? (locale === 'de' ? 'Browser' : 'Browser'), system ? `${on} ${system}` : ''].join(' ').trim();
}

/**
 * The customer account a signed-in request works on: the session's selected account, checked to be
 * still linked to the login (in the same tenant transaction as the caller's queries). Every
 * customer view goes through this, so a login only ever sees its linked accounts.
 */
export async function selectedCustomer(trx: TenantTransaction, auth: AuthContext): Promise<string> {
  if (!auth.selectedCustomerId) throw new AppError('account_not_selected');
  const linked = await repo.isLinked(trx, auth.tenant.id, auth.loginId, auth.selectedCustomerId);
  if (!linked) throw new AppError('account_not_selected');
  return auth.selectedCustomerId;
}
