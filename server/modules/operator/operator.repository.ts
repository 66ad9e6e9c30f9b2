// SQL of the platform operators (ADR 0025): global tables (no tenant_id), used through the owner
// connection in transactions of their own. What operators read of tenants goes through withTenant
// per tenant (operator.service.ts), never through these functions.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.generated.ts';
import type { ThrottleRow } from '../identity/identity.repository.ts';
import type { AccountChanges, AccountStatus, SessionChanges, SessionStage } from '../staff/two-step.ts';

export type GlobalTransaction = Transaction<DB>;

export type OperatorRow = {
  id: string;
  email: string;
  name: string;
  status: AccountStatus;
  passwordHash: string | null;
  totpSecretSealed: string | null;
  totpLastStep: number | null;
  locale: 'de' | 'en';
  createdAt: Date;
  lastLoginAt: Date | null;
};

const operatorColumns = [
  'id',
  'email',
  'name',
  sql<AccountStatus>`status`.as('status'),
  'password_hash as passwordHash',
  'totp_secret_sealed as totpSecretSealed',
  sql<number | null>`totp_last_step::float8`.as('totpLastStep'),
  sql<'de' | 'en'>`locale`.as('locale'),
  'created_at as createdAt',
  'last_login_at as lastLoginAt',
] as const;

export async function findOperatorByEmail(trx: GlobalTransaction, email: string): Promise<OperatorRow | undefined> {
  return trx.selectFrom('platform_operators').select(operatorColumns).where('email', '=', email).executeTakeFirst();
}

export async function findOperator(trx: GlobalTransaction, id: string): Promise<OperatorRow | undefined> {
  return trx.selectFrom('platform_operators').select(operatorColumns).where('id', '=', id).executeTakeFirst();
}

export async function findOperatorForUpdate(trx: GlobalTransaction, id: string): Promise<OperatorRow | undefined> {
  return trx.selectFrom('platform_operators').select(operatorColumns).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listOperators(trx: GlobalTransaction): Promise<OperatorRow[]> {
  return trx.selectFrom('platform_operators').select(operatorColumns).orderBy('name').orderBy('email').execute();
}

/** Active operators other than `exceptId` (the last one cannot be locked). Locks them for the check. */
export async function countOtherActiveOperators(trx: GlobalTransaction, exceptId: string): Promise<number> {
  const rows = await trx.selectFrom('platform_operators').select('id').where('status', '=', 'active').where('id', '<>', exceptId).forUpdate().execute();
  return rows.length;
}

export async function insertOperator(
  trx: GlobalTransaction,
  operator: { email: string; name: string; locale: 'de' | 'en'; invitedBy: string | null; now: Date; status?: AccountStatus; passwordHash?: string | null; totpSecretSealed?: string | null },
): Promise<string> {
  const row = await trx
    .insertInto('platform_operators')
    .values({
      email: operator.email,
      name: operator.name,
      locale: operator.locale,
      invited_by: operator.invitedBy,
      created_at: operator.now,
      status: operator.status ?? 'invited',
      password_hash: operator.passwordHash ?? null,
      totp_secret_sealed: operator.totpSecretSealed ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateOperator(trx: GlobalTransaction, id: string, changes: AccountChanges): Promise<void> {
  const set: Record<string, unknown> = {};
  if (changes.status !== undefined) set.status = changes.status;
  if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash;
  if (changes.totpSecretSealed !== undefined) set.totp_secret_sealed = changes.totpSecretSealed;
  if (changes.totpLastStep !== undefined) set.totp_last_step = changes.totpLastStep;
  if (changes.lastLoginAt !== undefined) set.last_login_at = changes.lastLoginAt;
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('platform_operators').set(set).where('id', '=', id).execute();
}

export async function useTotpStep(trx: GlobalTransaction, id: string, step: number): Promise<boolean> {
  const result = await trx
    .updateTable('platform_operators')
    .set({ totp_last_step: step })
    .where('id', '=', id)
    .where(sql<boolean>`totp_last_step is null or totp_last_step < ${step}`)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// --- sessions ------------------------------------------------------------------------------------

export async function insertSession(
  trx: GlobalTransaction,
  session: { hash: Buffer; accountId: string; stage: SessionStage; now: Date; idleExpiresAt: Date; absoluteExpiresAt: Date; userAgent: string | null },
): Promise<string> {
  const row = await trx
    .insertInto('operator_sessions')
    .values({
      token_hash: session.hash,
      operator_id: session.accountId,
      stage: session.stage,
      created_at: session.now,
      last_seen_at: session.now,
      idle_expires_at: session.idleExpiresAt,
      absolute_expires_at: session.absoluteExpiresAt,
      user_agent: session.userAgent,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The session of a token hash together with its operator: one query per request. */
export async function findSessionWithOperator(
  trx: GlobalTransaction,
  hash: Buffer,
): Promise<{ session: { id: string; accountId: string; stage: SessionStage; pendingSecretSealed: string | null; idleExpiresAt: Date; absoluteExpiresAt: Date }; operator: OperatorRow } | undefined> {
  const row = await trx
    .selectFrom('operator_sessions as s')
    .innerJoin('platform_operators as o', 'o.id', 's.operator_id')
    .select([
      's.id as sessionId',
      sql<SessionStage>`s.stage`.as('stage'),
      's.pending_secret_sealed as pendingSecretSealed',
      's.idle_expires_at as idleExpiresAt',
      's.absolute_expires_at as absoluteExpiresAt',
      'o.id',
      'o.email',
      'o.name',
      sql<AccountStatus>`o.status`.as('status'),
      'o.password_hash as passwordHash',
      'o.totp_secret_sealed as totpSecretSealed',
      sql<number | null>`o.totp_last_step::float8`.as('totpLastStep'),
      sql<'de' | 'en'>`o.locale`.as('locale'),
      'o.created_at as createdAt',
      'o.last_login_at as lastLoginAt',
    ])
    .where('s.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { sessionId, stage, pendingSecretSealed, idleExpiresAt, absoluteExpiresAt, ...operator } = row;
  return { session: { id: sessionId, accountId: operator.id, stage, pendingSecretSealed, idleExpiresAt, absoluteExpiresAt }, operator };
}

export async function updateSession(trx: GlobalTransaction, id: string, changes: SessionChanges): Promise<void> {
  const set: Record<string, unknown> = {};
  if (changes.stage !== undefined) set.stage = changes.stage;
  if (changes.pendingSecretSealed !== undefined) set.pending_secret_sealed = changes.pendingSecretSealed;
  if (changes.lastSeenAt !== undefined) set.last_seen_at = changes.lastSeenAt;
  if (changes.idleExpiresAt !== undefined) set.idle_expires_at = changes.idleExpiresAt;
  if (changes.hash !== undefined) set.token_hash = changes.hash;
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('operator_sessions').set(set).where('id', '=', id).execute();
}

export async function deleteSession(trx: GlobalTransaction, id: string): Promise<void> {
  await trx.deleteFrom('operator_sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOf(trx: GlobalTransaction, operatorId: string): Promise<void> {
  await trx.deleteFrom('operator_sessions').where('operator_id', '=', operatorId).execute();
}

// --- invitation tokens ---------------------------------------------------------------------------

export async function insertToken(trx: GlobalTransaction, token: { hash: Buffer; accountId: string; now: Date; expiresAt: Date }): Promise<void> {
  await trx.insertInto('operator_tokens').values({ token_hash: token.hash, operator_id: token.accountId, created_at: token.now, expires_at: token.expiresAt }).execute();
}

export async function findToken(trx: GlobalTransaction, hash: Buffer): Promise<{ id: string; accountId: string; expiresAt: Date; usedAt: Date | null } | undefined> {
  return trx
    .selectFrom('operator_tokens')
    .select(['id', 'operator_id as accountId', 'expires_at as expiresAt', 'used_at as usedAt'])
    .where('token_hash', '=', hash)
    .executeTakeFirst();
}

export async function useToken(trx: GlobalTransaction, id: string, now: Date): Promise<boolean> {
  const result = await trx.updateTable('operator_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function expireTokensOf(trx: GlobalTransaction, operatorId: string, now: Date): Promise<void> {
  await trx
    .updateTable('operator_tokens')
    .set({ expires_at: now })
    .where('operator_id', '=', operatorId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .execute();
}

// --- throttle and audit --------------------------------------------------------------------------

export async function readThrottles(trx: GlobalTransaction, keys: string[]): Promise<Map<string, ThrottleRow>> {
  if (keys.length === 0) return new Map();
  const rows = await trx
    .selectFrom('operator_throttle')
    .select(['key', 'failures', 'window_started_at as windowStartedAt', 'blocked_until as blockedUntil'])
    .where('key', 'in', keys)
    .execute();
  return new Map(rows.map(({ key, ...row }) => [key, row]));
}

export async function writeThrottle(trx: GlobalTransaction, key: string, row: ThrottleRow): Promise<void> {
  await trx
    .insertInto('operator_throttle')
    .values({ key, failures: row.failures, window_started_at: row.windowStartedAt, blocked_until: row.blockedUntil })
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures: row.failures, window_started_at: row.windowStartedAt, blocked_until: row.blockedUntil }))
    .execute();
}

export async function clearThrottle(trx: GlobalTransaction, key: string): Promise<void> {
  await trx.deleteFrom('operator_throttle').where('key', '=', key).execute();
}

export type OperatorAuditEntry = { operatorId: string | null; action: string; targetType?: string | null; targetId?: string | null; requestId?: string | null; details?: Record<string, unknown> };

/** Operator-only actions (sign-in, the operator team): append-only, like the tenants' audit_log. */
export async function recordOperatorAudit(trx: GlobalTransaction, entry: OperatorAuditEntry): Promise<void> {
  await trx
    .insertInto('operator_audit_log')
    .values({
      operator_id: entry.operatorId,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      request_id: entry.requestId ?? null,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

// --- tenant figures (run in the tenant's own transaction: withTenant) ----------------------------

export type TenantFigures = { customers: number; activeLogins: number; staff: number; openRequests: number; outboxBacklog: number; outboxFailed: number };

export async function tenantFigures(trx: GlobalTransaction, tenantId: string): Promise<TenantFigures> {
  const { rows } = await sql<TenantFigures>`
    select
      (select count(*)::int from customers where tenant_id = ${tenantId}) as "customers",
      (select count(*)::int from logins where tenant_id = ${tenantId} and status = 'active') as "activeLogins",
      (select count(*)::int from staff_members where tenant_id = ${tenantId} and status <> 'locked') as "staff",
      (select count(*)::int from customer_requests where tenant_id = ${tenantId} and status in ('received', 'in_progress')) as "openRequests",
      (select count(*)::int from outbox where tenant_id = ${tenantId} and status in ('pending', 'running')) as "outboxBacklog",
      (select count(*)::int from outbox where tenant_id = ${tenantId} and status = 'dead') as "outboxFailed"
  `.execute(trx);
  const row = rows[0];
  if (!row) throw new Error('no figures');
  return row;
}

export async function lastImportRun(
  trx: GlobalTransaction,
  tenantId: string,
): Promise<{ startedAt: Date; status: 'running' | 'succeeded' | 'failed'; source: string; errorCount: number } | undefined> {
  return trx
    .selectFrom('import_runs')
    .select(['started_at as startedAt', sql<'running' | 'succeeded' | 'failed'>`status`.as('status'), 'source', 'error_count as errorCount'])
    .where('tenant_id', '=', tenantId)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Dead outbox jobs of a tenant, newest first (payloads stay out: they hold personal data). */
export async function deadJobs(trx: GlobalTransaction, tenantId: string, limit: number): Promise<{ id: number; topic: string; attempts: number; lastError: string | null; createdAt: Date }[]> {
  return trx
    .selectFrom('outbox')
    .select(['id', 'topic', 'attempts', 'last_error as lastError', 'created_at as createdAt'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'dead')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}
