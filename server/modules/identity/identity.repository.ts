// SQL of the identity module. Every function runs in a tenant transaction (withTenant) and takes
// the tenant id first.
import { sql } from 'kysely';
import type { TenantTransaction } from '../../db/database.ts';

export type LoginRow = {
  id: string;
  email: string;
  passwordHash: string | null;
  status: 'pending' | 'active' | 'locked';
  locale: 'de' | 'en';
  selectedCustomerId: string | null;
  lastLoginAt: Date | null;
};

const loginColumns = [
  'logins.id',
  'logins.email',
  'logins.password_hash as passwordHash',
  sql<LoginRow['status']>`logins.status`.as('status'),
  sql<LoginRow['locale']>`logins.locale`.as('locale'),
  'logins.selected_customer_id as selectedCustomerId',
  'logins.last_login_at as lastLoginAt',
] as const;

export async function findLoginByEmail(trx: TenantTransaction, tenantId: string, email: string): Promise<LoginRow | undefined> {
  return trx.selectFrom('logins').select(loginColumns).where('tenant_id', '=', tenantId).where('email', '=', email).executeTakeFirst();
}

export async function findLoginById(trx: TenantTransaction, tenantId: string, loginId: string): Promise<LoginRow | undefined> {
  return trx.selectFrom('logins').select(loginColumns).where('tenant_id', '=', tenantId).where('id', '=', loginId).executeTakeFirst();
}

/** The login linked to a customer number (sign-in with the customer number). */
export async function findLoginByCustomerNumber(
  trx: TenantTransaction,
  tenantId: string,
  customerNumber: string,
): Promise<LoginRow | undefined> {
  return trx
    .selectFrom('logins')
    .innerJoin('login_customers', (join) =>
      join.onRef('login_customers.tenant_id', '=', 'logins.tenant_id').onRef('login_customers.login_id', '=', 'logins.id'),
    )
    .innerJoin('customers', (join) =>
      join.onRef('customers.tenant_id', '=', 'login_customers.tenant_id').onRef('customers.id', '=', 'login_customers.customer_id'),
    )
    .select(loginColumns)
    .where('logins.tenant_id', '=', tenantId)
    .where('customers.customer_number', '=', customerNumber)
    .orderBy('logins.created_at')
    .executeTakeFirst();
}

export async function insertLogin(
  trx: TenantTransaction,
  tenantId: string,
  login: { email: string; passwordHash: string | null; locale: 'de' | 'en'; method: string; now: Date },
): Promise<string> {
  const row = await trx
    .insertInto('logins')
    .values({
      tenant_id: tenantId,
      email: login.email,
      password_hash: login.passwordHash,
      locale: login.locale,
      status: 'pending',
      registration_method: login.method,
      created_at: login.now,
      password_changed_at: login.passwordHash ? login.now : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateLoginEmail(trx: TenantTransaction, tenantId: string, loginId: string, email: string, now: Date): Promise<void> {
  await trx.updateTable('logins').set({ email, email_verified_at: now }).where('tenant_id', '=', tenantId).where('id', '=', loginId).execute();
}

export async function updateLogin(
  trx: TenantTransaction,
  tenantId: string,
  loginId: string,
  changes: {
    passwordHash?: string | null;
    passwordChangedAt?: Date;
    status?: 'pending' | 'active' | 'locked';
    emailVerifiedAt?: Date;
    lastLoginAt?: Date;
    selectedCustomerId?: string | null;
    locale?: 'de' | 'en';
  },
): Promise<void> {
  await trx
    .updateTable('logins')
    .set({
      ...(changes.passwordHash !== undefined ? { password_hash: changes.passwordHash } : {}),
      ...(changes.passwordChangedAt ? { password_changed_at: changes.passwordChangedAt } : {}),
      ...(changes.status ? { status: changes.status } : {}),
      ...(changes.emailVerifiedAt ? { email_verified_at: changes.emailVerifiedAt } : {}),
      ...(changes.lastLoginAt ? { last_login_at: changes.lastLoginAt } : {}),
      ...(changes.selectedCustomerId !== undefined ? { selected_customer_id: changes.selectedCustomerId } : {}),
      ...(changes.locale ? { locale: changes.locale } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', loginId)
    .execute();
}

export type CustomerForProof = {
  id: string;
  customerNumber: string;
  kind: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
};

export async function findCustomerByNumber(
  trx: TenantTransaction,
  tenantId: string,
  customerNumber: string,
): Promise<CustomerForProof | undefined> {
  return trx
    .selectFrom('customers')
    .select(['id', 'customer_number as customerNumber', 'kind', 'first_name as firstName', 'last_name as lastName', 'company_name as companyName'])
    .where('tenant_id', '=', tenantId)
    .where('customer_number', '=', customerNumber)
    .executeTakeFirst();
}

/** Meter numbers installed (now or in the past) at the customer's consumption points. */
export async function meterNumbersOfCustomer(trx: TenantTransaction, tenantId: string, customerId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('meters')
    .innerJoin('premises', (join) => join.onRef('premises.tenant_id', '=', 'meters.tenant_id').onRef('premises.id', '=', 'meters.premise_id'))
    .select('meters.meter_number')
    .where('meters.tenant_id', '=', tenantId)
    .where('premises.customer_id', '=', customerId)
    .execute();
  return rows.map((row) => row.meter_number);
}

/** Logins that have the customer linked. */
export async function loginsOfCustomer(trx: TenantTransaction, tenantId: string, customerId: string): Promise<LoginRow[]> {
  return trx
    .selectFrom('logins')
    .innerJoin('login_customers', (join) =>
      join.onRef('login_customers.tenant_id', '=', 'logins.tenant_id').onRef('login_customers.login_id', '=', 'logins.id'),
    )
    .select(loginColumns)
    .where('logins.tenant_id', '=', tenantId)
    .where('login_customers.customer_id', '=', customerId)
    .execute();
}

export async function linkCustomer(trx: TenantTransaction, tenantId: string, loginId: string, customerId: string, now: Date): Promise<void> {
  await trx
    .insertInto('login_customers')
    .values({ tenant_id: tenantId, login_id: loginId, customer_id: customerId, linked_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'login_id', 'customer_id']).doNothing())
    .execute();
}

export async function unlinkCustomer(trx: TenantTransaction, tenantId: string, loginId: string, customerId: string): Promise<void> {
  await trx.deleteFrom('login_customers').where('tenant_id', '=', tenantId).where('login_id', '=', loginId).where('customer_id', '=', customerId).execute();
}

/** Forgets a remembered account choice that is no longer linked. */
export async function clearSelectedCustomer(trx: TenantTransaction, tenantId: string, loginId: string, customerId: string): Promise<void> {
  await trx
    .updateTable('logins')
    .set({ selected_customer_id: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', loginId)
    .where('selected_customer_id', '=', customerId)
    .execute();
  await trx
    .updateTable('sessions')
    .set({ selected_customer_id: null })
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .where('selected_customer_id', '=', customerId)
    .execute();
}

/** Removes a login with its sessions, tokens and links; customer records stay. */
export async function deleteLogin(trx: TenantTransaction, tenantId: string, loginId: string): Promise<void> {
  await trx.deleteFrom('logins').where('tenant_id', '=', tenantId).where('id', '=', loginId).execute();
}

export async function insertGpNumberRequest(
  trx: TenantTransaction,
  tenantId: string,
  input: {
    name: string;
    address: { street: string; houseNumber: string; postalCode: string; city: string };
    connectionAddress?: { street: string; houseNumber: string; postalCode: string; city: string } | undefined;
    meterNumber: string;
    email: string;
    locale: 'de' | 'en';
  },
  now: Date,
): Promise<string> {
  const row = await trx
    .insertInto('gp_number_requests')
    .values({
      tenant_id: tenantId,
      name: input.name,
      street: input.address.street,
      house_number: input.address.houseNumber,
      postal_code: input.address.postalCode,
      city: input.address.city,
      connection_street: input.connectionAddress?.street ?? null,
      connection_house_number: input.connectionAddress?.houseNumber ?? null,
      connection_postal_code: input.connectionAddress?.postalCode ?? null,
      connection_city: input.connectionAddress?.city ?? null,
      meter_number: input.meterNumber,
      email: input.email,
      locale: input.locale,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type LinkedAccount = {
  customerId: string;
  customerNumber: string;
  kind: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
};

export async function linkedAccounts(trx: TenantTransaction, tenantId: string, loginId: string): Promise<LinkedAccount[]> {
  return trx
    .selectFrom('login_customers')
    .innerJoin('customers', (join) =>
      join.onRef('customers.tenant_id', '=', 'login_customers.tenant_id').onRef('customers.id', '=', 'login_customers.customer_id'),
    )
    .select([
      'customers.id as customerId',
      'customers.customer_number as customerNumber',
      'customers.kind',
      'customers.first_name as firstName',
      'customers.last_name as lastName',
      'customers.company_name as companyName',
      'customers.street',
      'customers.house_number as houseNumber',
      'customers.postal_code as postalCode',
      'customers.city',
    ])
    .where('login_customers.tenant_id', '=', tenantId)
    .where('login_customers.login_id', '=', loginId)
    .orderBy('customers.customer_number')
    .execute();
}

// --- tokens -------------------------------------------------------------------------------------

export type TokenPurpose = 'activation' | 'password_reset' | 'email_change' | 'invitation';

export type TokenRow = {
  id: string;
  purpose: TokenPurpose;
  loginId: string | null;
  email: string;
  payload: unknown;
  expiresAt: Date;
  usedAt: Date | null;
};

export async function insertToken(
  trx: TenantTransaction,
  tenantId: string,
  token: { hash: Buffer; purpose: TokenPurpose; loginId: string | null; email: string; payload?: unknown; now: Date; expiresAt: Date },
): Promise<void> {
  await trx
    .insertInto('auth_tokens')
    .values({
      tenant_id: tenantId,
      token_hash: token.hash,
      purpose: token.purpose,
      login_id: token.loginId,
      email: token.email,
      payload: JSON.stringify(token.payload ?? {}),
      created_at: token.now,
      expires_at: token.expiresAt,
    })
    .execute();
}

export async function findToken(trx: TenantTransaction, tenantId: string, hash: Buffer): Promise<TokenRow | undefined> {
  return trx
    .selectFrom('auth_tokens')
    .select([
      'id',
      sql<TokenPurpose>`purpose`.as('purpose'),
      'login_id as loginId',
      'email',
      'payload',
      'expires_at as expiresAt',
      'used_at as usedAt',
    ])
    .where('tenant_id', '=', tenantId)
    .where('token_hash', '=', hash)
    .forUpdate()
    .executeTakeFirst();
}

export async function markTokenUsed(trx: TenantTransaction, tenantId: string, tokenId: string, now: Date): Promise<void> {
  await trx.updateTable('auth_tokens').set({ used_at: now }).where('tenant_id', '=', tenantId).where('id', '=', tokenId).execute();
}

/** Older unused tokens of the same purpose stop working when a new one is sent. */
export async function expireTokens(trx: TenantTransaction, tenantId: string, loginId: string, purpose: TokenPurpose, now: Date): Promise<void> {
  await trx
    .updateTable('auth_tokens')
    .set({ used_at: now })
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

// --- sessions -----------------------------------------------------------------------------------

export type SessionRow = {
  id: string;
  loginId: string;
  selectedCustomerId: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  reauthenticatedAt: Date | null;
  userAgent: string | null;
  /** The password was right; the second factor is still missing. */
  factorPending: boolean;
};

const sessionColumns = [
  'id',
  'login_id as loginId',
  'selected_customer_id as selectedCustomerId',
  'created_at as createdAt',
  'last_seen_at as lastSeenAt',
  'idle_expires_at as idleExpiresAt',
  'absolute_expires_at as absoluteExpiresAt',
  'reauthenticated_at as reauthenticatedAt',
  'user_agent as userAgent',
  'factor_pending as factorPending',
] as const;

export async function insertSession(
  trx: TenantTransaction,
  tenantId: string,
  session: {
    hash: Buffer;
    loginId: string;
    selectedCustomerId: string | null;
    now: Date;
    idleExpiresAt: Date;
    absoluteExpiresAt: Date;
    userAgent: string | null;
    factorPending: boolean;
  },
): Promise<string> {
  const row = await trx
    .insertInto('sessions')
    .values({
      tenant_id: tenantId,
      token_hash: session.hash,
      login_id: session.loginId,
      selected_customer_id: session.selectedCustomerId,
      created_at: session.now,
      last_seen_at: session.now,
      idle_expires_at: session.idleExpiresAt,
      absolute_expires_at: session.absoluteExpiresAt,
      reauthenticated_at: session.now,
      user_agent: session.userAgent?.slice(0, 400) ?? null,
      factor_pending: session.factorPending,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findSessionByHash(trx: TenantTransaction, tenantId: string, hash: Buffer): Promise<SessionRow | undefined> {
  return trx.selectFrom('sessions').select(sessionColumns).where('tenant_id', '=', tenantId).where('token_hash', '=', hash).executeTakeFirst();
}

export async function touchSession(trx: TenantTransaction, tenantId: string, sessionId: string, now: Date, idleExpiresAt: Date): Promise<void> {
  await trx
    .updateTable('sessions')
    .set({ last_seen_at: now, idle_expires_at: idleExpiresAt })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', sessionId)
    .execute();
}

export async function setSessionCustomer(trx: TenantTransaction, tenantId: string, sessionId: string, customerId: string): Promise<void> {
  await trx.updateTable('sessions').set({ selected_customer_id: customerId }).where('tenant_id', '=', tenantId).where('id', '=', sessionId).execute();
}

/** Marks the password as just confirmed and gives the session a new token (SEC-08: rotation at step-up). */
export async function setSessionReauthenticated(trx: TenantTransaction, tenantId: string, sessionId: string, now: Date, newHash: Buffer): Promise<void> {
  await trx
    .updateTable('sessions')
    .set({ reauthenticated_at: now, token_hash: newHash })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', sessionId)
    .execute();
}

export async function deleteSession(trx: TenantTransaction, tenantId: string, sessionId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('id', '=', sessionId).execute();
}

/** Ends every session of a login except `keep` (password change, reset, lock). */
export async function deleteSessionsOfLogin(trx: TenantTransaction, tenantId: string, loginId: string, keep: string | null): Promise<void> {
  let query = trx.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('login_id', '=', loginId);
  if (keep) query = query.where('id', '<>', keep);
  await query.execute();
}

export async function sessionsOfLogin(trx: TenantTransaction, tenantId: string, loginId: string, now: Date): Promise<SessionRow[]> {
  return trx
    .selectFrom('sessions')
    .select(sessionColumns)
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .where('idle_expires_at', '>', now)
    .where('absolute_expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

// --- throttling ---------------------------------------------------------------------------------

export type ThrottleRow = { failures: number; windowStartedAt: Date; blockedUntil: Date | null };

export async function readThrottle(trx: TenantTransaction, tenantId: string, key: string): Promise<ThrottleRow | undefined> {
  return trx
    .selectFrom('auth_throttle')
    .select(['failures', 'window_started_at as windowStartedAt', 'blocked_until as blockedUntil'])
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function readThrottles(trx: TenantTransaction, tenantId: string, keys: string[]): Promise<Map<string, ThrottleRow>> {
  const rows = await trx
    .selectFrom('auth_throttle')
    .select(['key', 'failures', 'window_started_at as windowStartedAt', 'blocked_until as blockedUntil'])
    .where('tenant_id', '=', tenantId)
    .where('key', 'in', keys)
    .execute();
  return new Map(rows.map(({ key, ...row }) => [key, row]));
}

export async function writeThrottle(trx: TenantTransaction, tenantId: string, key: string, row: ThrottleRow): Promise<void> {
  await trx
    .insertInto('auth_throttle')
    .values({ tenant_id: tenantId, key, failures: row.failures, window_started_at: row.windowStartedAt, blocked_until: row.blockedUntil })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'key']).doUpdateSet({ failures: row.failures, window_started_at: row.windowStartedAt, blocked_until: row.blockedUntil }),
    )
    .execute();
}

export async function clearThrottle(trx: TenantTransaction, tenantId: string, key: string): Promise<void> {
  await trx.deleteFrom('auth_throttle').where('tenant_id', '=', tenantId).where('key', '=', key).execute();
}

export async function isLinked(trx: TenantTransaction, tenantId: string, loginId: string, customerId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('login_customers')
    .select('customer_id')
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return row !== undefined;
}
