// SQL of the staff module: staff members, their sessions and invitation tokens. Every function runs
// in a tenant transaction (withTenant) and takes the tenant id first.
import { sql } from 'kysely';
import type { TStaffRole, TStaffStatus } from '../../../api/staff.ts';
import type { TenantTransaction } from '../../db/database.ts';

export type StaffRow = {
  id: string;
  email: string;
  name: string;
  role: TStaffRole;
  status: TStaffStatus;
  passwordHash: string | null;
  totpSecretSealed: string | null;
  totpLastStep: number | null;
  locale: 'de' | 'en';
  createdAt: Date;
  lastLoginAt: Date | null;
};

const staffColumns = [
  'id',
  'email',
  'name',
  sql<TStaffRole>`role`.as('role'),
  sql<TStaffStatus>`status`.as('status'),
  'password_hash as passwordHash',
  'totp_secret_sealed as totpSecretSealed',
  sql<number | null>`totp_last_step::float8`.as('totpLastStep'),
  sql<'de' | 'en'>`locale`.as('locale'),
  'created_at as createdAt',
  'last_login_at as lastLoginAt',
] as const;

export async function findStaffByEmail(trx: TenantTransaction, tenantId: string, email: string): Promise<StaffRow | undefined> {
  return trx.selectFrom('staff_members').select(staffColumns).where('tenant_id', '=', tenantId).where('email', '=', email).executeTakeFirst();
}

export async function findStaff(trx: TenantTransaction, tenantId: string, staffId: string): Promise<StaffRow | undefined> {
  return trx.selectFrom('staff_members').select(staffColumns).where('tenant_id', '=', tenantId).where('id', '=', staffId).executeTakeFirst();
}

export async function findStaffForUpdate(trx: TenantTransaction, tenantId: string, staffId: string): Promise<StaffRow | undefined> {
  return trx.selectFrom('staff_members').select(staffColumns).where('tenant_id', '=', tenantId).where('id', '=', staffId).forUpdate().executeTakeFirst();
}

export async function listStaff(trx: TenantTransaction, tenantId: string): Promise<StaffRow[]> {
  return trx.selectFrom('staff_members').select(staffColumns).where('tenant_id', '=', tenantId).orderBy('name').orderBy('email').execute();
}

/** Active admins other than `exceptId` (an admin may not lock or demote the last one). */
export async function countOtherActiveAdmins(trx: TenantTransaction, tenantId: string, exceptId: string): Promise<number> {
  const row = await trx
    .selectFrom('staff_members')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .where('id', '<>', exceptId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertStaff(
  trx: TenantTransaction,
  tenantId: string,
  staff: { email: string; name: string; role: TStaffRole; locale: 'de' | 'en'; invitedBy: string | null; now: Date; status?: TStaffStatus; passwordHash?: string | null; totpSecretSealed?: string | null },
): Promise<string> {
  const row = await trx
    .insertInto('staff_members')
    .values({
      tenant_id: tenantId,
      email: staff.email,
      name: staff.name,
      role: staff.role,
      locale: staff.locale,
      invited_by: staff.invitedBy,
      created_at: staff.now,
      status: staff.status ?? 'invited',
      password_hash: staff.passwordHash ?? null,
      totp_secret_sealed: staff.totpSecretSealed ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateStaff(
  trx: TenantTransaction,
  tenantId: string,
  staffId: string,
  changes: Partial<{ role: TStaffRole; status: TStaffStatus; passwordHash: string; totpSecretSealed: string | null; totpLastStep: number | null; lastLoginAt: Date; name: string }>,
): Promise<void> {
  const set: Record<string, unknown> = {};
  if (changes.role !== undefined) set.role = changes.role;
  if (changes.status !== undefined) set.status = changes.status;
  if (changes.passwordHash !== undefined) set.password_hash = changes.passwordHash;
  if (changes.totpSecretSealed !== undefined) set.totp_secret_sealed = changes.totpSecretSealed;
  if (changes.totpLastStep !== undefined) set.totp_last_step = changes.totpLastStep;
  if (changes.lastLoginAt !== undefined) set.last_login_at = changes.lastLoginAt;
  if (changes.name !== undefined) set.name = changes.name;
  if (Object.keys(set).length === 0) return;
  await trx.updateTable('staff_members').set(set).where('tenant_id', '=', tenantId).where('id', '=', staffId).execute();
}

/** Accepts a TOTP time step only if it is later than the last one used (a code works once). */
export async function useTotpStep(trx: TenantTransaction, tenantId: string, staffId: string, step: number): Promise<boolean> {
  const result = await trx
    .updateTable('staff_members')
    .set({ totp_last_step: step })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', staffId)
    .where(sql<boolean>`totp_last_step is null or totp_last_step < ${step}`)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// --- sessions ------------------------------------------------------------------------------------

export type StaffSessionStage = 'factor' | 'enrol' | 'complete';

export type StaffSessionRow = {
  id: string;
  staffId: string;
  stage: StaffSessionStage;
  pendingSecretSealed: string | null;
  createdAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
};

export async function insertSession(
  trx: TenantTransaction,
  tenantId: string,
  session: { hash: Buffer; staffId: string; stage: StaffSessionStage; now: Date; idleExpiresAt: Date; absoluteExpiresAt: Date; userAgent: string | null },
): Promise<string> {
  const row = await trx
    .insertInto('staff_sessions')
    .values({
      tenant_id: tenantId,
      token_hash: session.hash,
      staff_id: session.staffId,
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

/** The session of a token hash together with its staff member: one query per request. */
export async function findSessionWithStaff(trx: TenantTransaction, tenantId: string, hash: Buffer): Promise<{ session: StaffSessionRow; staff: StaffRow } | undefined> {
  const row = await trx
    .selectFrom('staff_sessions as s')
    .innerJoin('staff_members as m', (join) => join.onRef('m.tenant_id', '=', 's.tenant_id').onRef('m.id', '=', 's.staff_id'))
    .select([
      's.id as sessionId',
      sql<StaffSessionStage>`s.stage`.as('stage'),
      's.pending_secret_sealed as pendingSecretSealed',
      's.created_at as sessionCreatedAt',
      's.idle_expires_at as idleExpiresAt',
      's.absolute_expires_at as absoluteExpiresAt',
      'm.id',
      'm.email',
      'm.name',
      sql<TStaffRole>`m.role`.as('role'),
      sql<TStaffStatus>`m.status`.as('status'),
      'm.password_hash as passwordHash',
      'm.totp_secret_sealed as totpSecretSealed',
      sql<number | null>`m.totp_last_step::float8`.as('totpLastStep'),
      sql<'de' | 'en'>`m.locale`.as('locale'),
      'm.created_at as createdAt',
      'm.last_login_at as lastLoginAt',
    ])
    .where('s.tenant_id', '=', tenantId)
    .where('s.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { sessionId, stage, pendingSecretSealed, sessionCreatedAt, idleExpiresAt, absoluteExpiresAt, ...staff } = row;
  return {
    session: { id: sessionId, staffId: staff.id, stage, pendingSecretSealed, createdAt: sessionCreatedAt, idleExpiresAt, absoluteExpiresAt },
    staff,
  };
}

export async function updateSession(
  trx: TenantTransaction,
  tenantId: string,
  sessionId: string,
  changes: Partial<{ stage: StaffSessionStage; pendingSecretSealed: string | null; lastSeenAt: Date; idleExpiresAt: Date; absoluteExpiresAt: Date; hash: Buffer }>,
): Promise<void> {
  const set: Record<string, unknown> = {};
  if (changes.stage !== undefined) set.stage = changes.stage;
  if (changes.pendingSecretSealed !== undefined) set.pending_secret_sealed = changes.pendingSecretSealed;
  if (changes.lastSeenAt !== undefined) set.last_seen_at = changes.lastSeenAt;
  if (changes.idleExpiresAt !== undefined) set.idle_expires_at = changes.idleExpiresAt;
  if (changes.absoluteExpiresAt !== undefined) set.absolute_expires_at = changes.absoluteExpiresAt;
  if (changes.hash !== undefined) set.token_hash = changes.hash;
  await trx.updateTable('staff_sessions').set(set).where('tenant_id', '=', tenantId).where('id', '=', sessionId).execute();
}

export async function deleteSession(trx: TenantTransaction, tenantId: string, sessionId: string): Promise<void> {
  await trx.deleteFrom('staff_sessions').where('tenant_id', '=', tenantId).where('id', '=', sessionId).execute();
}

export async function deleteSessionsOfStaff(trx: TenantTransaction, tenantId: string, staffId: string): Promise<void> {
  await trx.deleteFrom('staff_sessions').where('tenant_id', '=', tenantId).where('staff_id', '=', staffId).execute();
}

// --- invitation tokens ---------------------------------------------------------------------------

export async function insertToken(trx: TenantTransaction, tenantId: string, token: { hash: Buffer; staffId: string; now: Date; expiresAt: Date }): Promise<void> {
  await trx
    .insertInto('staff_tokens')
    .values({ tenant_id: tenantId, token_hash: token.hash, staff_id: token.staffId, created_at: token.now, expires_at: token.expiresAt })
    .execute();
}

export async function findToken(
  trx: TenantTransaction,
  tenantId: string,
  hash: Buffer,
): Promise<{ id: string; staffId: string; expiresAt: Date; usedAt: Date | null } | undefined> {
  return trx
    .selectFrom('staff_tokens')
    .select(['id', 'staff_id as staffId', 'expires_at as expiresAt', 'used_at as usedAt'])
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', hash)
    .executeTakeFirst();
}

/** Marks the token used; false when it was used meanwhile (two tabs, double submit). */
export async function useToken(trx: TenantTransaction, tenantId: string, tokenId: string, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('staff_tokens')
    .set({ used_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', tokenId)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Earlier links of a member stop working when a new one is sent. */
export async function expireTokensOf(trx: TenantTransaction, tenantId: string, staffId: string, now: Date): Promise<void> {
  await trx
    .updateTable('staff_tokens')
    .set({ expires_at: now })
    .where('tenant_id', '=', tenantId)
    .where('staff_id', '=', staffId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .execute();
}
