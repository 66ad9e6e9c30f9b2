// Platform operators (ADR 0025): the installation's console across tenants. Sign-in, enrolment and
// invitation links are the shared two-step rules (staff/two-step.ts) on the global operator tables.
// What an operator does to a tenant runs in that tenant's transaction (withTenant) and is audited in
// the tenant's audit_log with actor type 'operator'; operator-only actions (sign-in, the operator
// team) go to operator_audit_log.
import type { TOperatorListItem, TOperatorSession, TFailedMessage, TTenantOverview, TTenantStaff } from '../../../api/operator.ts';
import type { TStaffRole, TStaffTotpSetup } from '../../../api/staff.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { isUniqueViolation, withTenant, type Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { RequestMeta } from '../identity/identity.service.ts';
import { retryJob } from '../outbox/outbox.repository.ts';
import * as staffService from '../staff/staff.service.ts';
import * as twoStep from '../staff/two-step.ts';
import { getTenantBySlug, listAllTenants, type Tenant } from '../tenants/tenants.service.ts';
import { OPERATOR_IDLE_MS, operatorRealm, operatorTx, type OperatorAuth } from './operator-auth.ts';
import * as repo from './operator.repository.ts';

export type OperatorDeps = { secretsKey: Buffer };

const messages = {
  emailTaken: { de: 'Unter dieser E-Mail-Adresse gibt es bereits einen Betriebszugang.', en: 'There is an operator access with this e-mail address already.' },
  lastOperator: { de: 'Der letzte aktive Betriebszugang kann nicht gesperrt werden.', en: 'The last active operator access cannot be locked.' },
  notYourself: { de: 'Den eigenen Zugang können Sie hier nicht sperren.', en: 'You cannot lock your own access here.' },
};

// --- sign-in -------------------------------------------------------------------------------------

export function sessionView(auth: OperatorAuth): TOperatorSession {
  return {
    operator: { id: auth.operatorId, name: auth.name, email: auth.email, locale: auth.locale },
    idleExpiresAt: auth.idleExpiresAt.toISOString(),
    absoluteExpiresAt: auth.absoluteExpiresAt.toISOString(),
    idleTimeoutSeconds: Math.round(OPERATOR_IDLE_MS / 1000),
  };
}

export function signIn(database: Database, input: { email: string; password: string }, meta: RequestMeta) {
  return twoStep.passwordStep(operatorRealm(database), input, meta);
}

export async function verifyCode(database: Database, auth: OperatorAuth, code: string, deps: OperatorDeps, meta: RequestMeta): Promise<{ token: string; session: TOperatorSession }> {
  const { token, session } = await twoStep.codeStep(operatorRealm(database), auth, code, deps.secretsKey, meta);
  return { token, session: sessionView({ ...auth, ...session }) };
}

export function startEnrolment(database: Database, auth: OperatorAuth, deps: OperatorDeps, meta: RequestMeta): Promise<TStaffTotpSetup> {
  return twoStep.startEnrolment(operatorRealm(database), auth, deps.secretsKey, meta);
}

export async function confirmEnrolment(database: Database, auth: OperatorAuth, code: string, deps: OperatorDeps, meta: RequestMeta): Promise<{ token: string; session: TOperatorSession }> {
  const { token, session } = await twoStep.confirmEnrolment(operatorRealm(database), auth, code, deps.secretsKey, meta);
  return { token, session: sessionView({ ...auth, ...session }) };
}

export function signOut(database: Database, auth: OperatorAuth, requestId: string): Promise<void> {
  return twoStep.signOut(operatorRealm(database), auth, requestId);
}

export async function invitationInfo(database: Database, token: string, now: Date): Promise<{ email: string; name: string }> {
  return operatorRealm(database).transaction(async (tx) => {
    const { account } = await twoStep.validInvitation(tx, token, now);
    return { email: account.email, name: account.name };
  });
}

export function acceptInvitation(database: Database, input: { token: string; password: string; passwordRepeat: string }, meta: RequestMeta) {
  return twoStep.acceptInvitation(operatorRealm(database), input, meta);
}

// --- the operator team ---------------------------------------------------------------------------

function listItem(row: repo.OperatorRow): TOperatorListItem {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    status: row.status,
    secondFactor: row.totpSecretSealed !== null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listOperators(database: Database): Promise<TOperatorListItem[]> {
  return database.db.transaction().execute(async (trx) => (await repo.listOperators(trx)).map(listItem));
}

/**
 * Invites an operator (by an operator in the console, or by the CLI with `by.operatorId` null). There
 * is no installation-wide mail channel (the outbox belongs to tenants): the link is handed over by
 * whoever invited, shown once. Returns the token of the single-use link (72 hours).
 */
export async function inviteOperator(
  database: Database,
  input: { email: string; name: string; locale: TLocale },
  by: { operatorId: string | null },
  meta: Pick<RequestMeta, 'now' | 'requestId' | 'locale'>,
): Promise<{ id: string; token: string }> {
  try {
    return await database.db.transaction().execute(async (trx) => {
      const id = await repo.insertOperator(trx, { ...input, invitedBy: by.operatorId, now: meta.now });
      const token = await twoStep.newInvitationToken(operatorTx(trx), id, meta.now);
      await repo.recordOperatorAudit(trx, { operatorId: by.operatorId, action: 'operator.invited', targetType: 'operator', targetId: id, requestId: meta.requestId, details: { via: by.operatorId ? 'console' : 'cli' } });
      return { id, token };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', { detail: messages.emailTaken[meta.locale], fields: [{ field: 'email', message: messages.emailTaken[meta.locale] }] });
    throw error;
  }
}

/** A new link for an operator who has not accepted yet (earlier links stop working). */
export async function renewInvitation(database: Database, by: { operatorId: string | null }, operatorId: string, meta: Pick<RequestMeta, 'now' | 'requestId'>): Promise<{ token: string }> {
  return database.db.transaction().execute(async (trx) => {
    const operator = await repo.findOperatorForUpdate(trx, operatorId);
    if (!operator) throw new AppError('not_found');
    if (operator.status !== 'invited') throw new AppError('conflict');
    const token = await twoStep.newInvitationToken(operatorTx(trx), operatorId, meta.now);
    await repo.recordOperatorAudit(trx, { operatorId: by.operatorId, action: 'operator.invitation_renewed', targetType: 'operator', targetId: operatorId, requestId: meta.requestId });
    return { token };
  });
}

/** Lock or unlock an operator. Nobody locks themselves; the last active operator stays. Locking ends the sessions. */
export async function setOperatorStatus(database: Database, auth: OperatorAuth, operatorId: string, status: 'active' | 'locked', meta: Pick<RequestMeta, 'requestId' | 'locale'>): Promise<TOperatorListItem> {
  return database.db.transaction().execute(async (trx) => {
    const operator = await repo.findOperatorForUpdate(trx, operatorId);
    if (!operator) throw new AppError('not_found');
    if (status === 'locked' && operatorId === auth.operatorId) throw new AppError('conflict', { detail: messages.notYourself[meta.locale] });
    if (status === 'locked' && operator.status === 'active' && (await repo.countOtherActiveOperators(trx, operatorId)) === 0) {
      throw new AppError('conflict', { detail: messages.lastOperator[meta.locale] });
    }
    // An invited operator stays invited (the link decides); only active and locked switch.
    if (operator.status !== 'invited' && operator.status !== status) {
      await repo.updateOperator(trx, operatorId, { status });
      if (status === 'locked') await repo.deleteSessionsOf(trx, operatorId);
      await repo.recordOperatorAudit(trx, { operatorId: auth.operatorId, action: 'operator.updated', targetType: 'operator', targetId: operatorId, requestId: meta.requestId, details: { status: { from: operator.status, to: status } } });
    }
    return listItem((await repo.findOperator(trx, operatorId)) ?? operator);
  });
}

/** An operator lost the phone (CLI): the authenticator goes, the sessions end, the next sign-in enrols again. */
export async function resetOperatorFactor(database: Database, email: string, meta: Pick<RequestMeta, 'requestId'>): Promise<boolean> {
  return database.db.transaction().execute(async (trx) => {
    const operator = await repo.findOperatorByEmail(trx, email);
    if (!operator) return false;
    await twoStep.resetFactor(operatorTx(trx), operator.id);
    await repo.recordOperatorAudit(trx, { operatorId: null, action: 'operator.second_factor_reset', targetType: 'operator', targetId: operator.id, requestId: meta.requestId, details: { via: 'cli' } });
    return true;
  });
}

// --- tenants -------------------------------------------------------------------------------------

/** Every tenant with its figures; each tenant is read in its own tenant transaction. */
export async function overview(database: Database): Promise<TTenantOverview[]> {
  const tenants = await listAllTenants(database.db);
  const result: TTenantOverview[] = [];
  for (const tenant of tenants) {
    const { figures, lastImport } = await withTenant(database, tenant.id, async (trx) => ({
      figures: await repo.tenantFigures(trx, tenant.id),
      lastImport: await repo.lastImportRun(trx, tenant.id),
    }));
    result.push({
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.config.displayName,
      country: tenant.config.country,
      modules: tenant.config.modules,
      ...figures,
      lastImport: lastImport ? { ...lastImport, startedAt: lastImport.startedAt.toISOString() } : null,
    });
  }
  return result.sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

async function tenantOf(database: Database, slug: string): Promise<Tenant> {
  const tenant = await getTenantBySlug(database.db, slug);
  if (!tenant) throw new AppError('not_found');
  return tenant;
}

/** A tenant's staff (viewing it is audited in the tenant: names and e-mail addresses of its people). */
export async function tenantStaff(database: Database, auth: OperatorAuth, slug: string, requestId: string): Promise<TTenantStaff> {
  const tenant = await tenantOf(database, slug);
  const staff = await staffService.listStaffOf(database, tenant);
  await withTenant(database, tenant.id, (trx) => recordAudit(trx, tenant.id, { actorType: 'operator', actorId: auth.operatorId, action: 'staff.listed', targetType: 'tenant', targetId: tenant.id, requestId }));
  return { tenant: { slug: tenant.slug, name: tenant.config.displayName }, staff };
}

/** Invites a member of a tenant (e.g. a new utility's first admin); the tenant's mail sends the link. */
export async function inviteTenantStaff(
  database: Database,
  auth: OperatorAuth,
  slug: string,
  input: { email: string; name: string; role: TStaffRole; locale: TLocale },
  meta: Pick<RequestMeta, 'now' | 'requestId' | 'locale'>,
): Promise<{ id: string }> {
  const tenant = await tenantOf(database, slug);
  const { id } = await staffService.invite(database, tenant, input, { staffId: null, name: auth.name, actorType: 'operator', operatorId: auth.operatorId }, meta);
  return { id };
}

export async function resetTenantStaffFactor(database: Database, auth: OperatorAuth, slug: string, staffId: string, meta: Pick<RequestMeta, 'requestId'>): Promise<void> {
  const tenant = await tenantOf(database, slug);
  await staffService.resetSecondFactor(database, tenant, { id: staffId }, { actorType: 'operator', actorId: auth.operatorId }, meta);
}

// --- outbox --------------------------------------------------------------------------------------

/** Failed (dead) outbox messages of all tenants, newest first, at most `limit` per tenant. */
export async function failedMessages(database: Database, limit = 50): Promise<TFailedMessage[]> {
  const result: TFailedMessage[] = [];
  for (const tenant of await listAllTenants(database.db)) {
    const jobs = await withTenant(database, tenant.id, (trx) => repo.deadJobs(trx, tenant.id, limit));
    for (const job of jobs) result.push({ tenantSlug: tenant.slug, tenantName: tenant.config.displayName, ...job, createdAt: job.createdAt.toISOString() });
  }
  return result.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Puts a dead message back in the queue (fresh attempts), audited in its tenant. */
export async function retryMessage(database: Database, auth: OperatorAuth, slug: string, id: number, requestId: string): Promise<void> {
  const tenant = await tenantOf(database, slug);
  await withTenant(database, tenant.id, async (trx) => {
    if (!(await retryJob(trx, tenant.id, id))) throw new AppError('not_found');
    await recordAudit(trx, tenant.id, { actorType: 'operator', actorId: auth.operatorId, action: 'outbox.retried', targetType: 'outbox', targetId: String(id), requestId });
  });
}
