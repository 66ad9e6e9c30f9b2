// SQL of second factors: TOTP, passkeys, recovery codes and WebAuthn challenges. Every function runs
// in a tenant transaction (withTenant) and takes the tenant id first.
import type { TSecondFactorKind } from '../../../api/factors.ts';
import type { TenantTransaction } from '../../db/database.ts';

export type TotpRow = { id: string; sealedSecret: string; lastStep: number | null; createdAt: Date; confirmedAt: Date | null; lastUsedAt: Date | null };

export type PasskeyRow = {
  id: string;
  loginId: string;
  label: string;
  credentialId: string;
  publicKey: Buffer;
  signCount: number;
  transports: string[];
  backedUp: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
};

export async function findTotp(trx: TenantTransaction, tenantId: string, loginId: string): Promise<TotpRow | undefined> {
  const row = await trx
    .selectFrom('login_factors')
    .select(['id', 'totp_secret_sealed', 'totp_last_step', 'created_at', 'confirmed_at', 'last_used_at'])
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .where('kind', '=', 'totp')
    .executeTakeFirst();
  if (!row?.totp_secret_sealed) return undefined;
  return {
    id: row.id,
    sealedSecret: row.totp_secret_sealed,
    lastStep: row.totp_last_step,
    createdAt: row.created_at,
    confirmedAt: row.confirmed_at,
    lastUsedAt: row.last_used_at,
  };
}

/** Starts a TOTP setup; an earlier unconfirmed setup is replaced. */
export async function insertPendingTotp(trx: TenantTransaction, tenantId: string, loginId: string, sealedSecret: string, now: Date): Promise<void> {
  await trx
    .deleteFrom('login_factors')
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .where('kind', '=', 'totp')
    .where('confirmed_at', 'is', null)
    .execute();
  await trx
    .insertInto('login_factors')
    .values({ tenant_id: tenantId, login_id: loginId, kind: 'totp', label: 'TOTP', totp_secret_sealed: sealedSecret, created_at: now })
    .execute();
}

/**
 * Records an accepted TOTP code's time step (and confirms a pending setup). Returns false when the
 * step was used already: a code works only once, even for two requests at the same moment.
 */
export async function useTotpStep(trx: TenantTransaction, tenantId: string, factorId: string, step: number, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('login_factors')
    .set((eb) => ({ totp_last_step: step, last_used_at: now, confirmed_at: eb.fn.coalesce('confirmed_at', eb.val(now)) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', factorId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteTotp(trx: TenantTransaction, tenantId: string, loginId: string): Promise<boolean> {
  const result = await trx.deleteFrom('login_factors').where('tenant_id', '=', tenantId).where('login_id', '=', loginId).where('kind', '=', 'totp').executeTakeFirst();
  return result.numDeletedRows > 0n;
}

const passkeyColumns = [
  'id',
  'login_id as loginId',
  'label',
  'credential_id',
  'public_key',
  'sign_count',
  'transports',
  'backed_up',
  'created_at as createdAt',
  'last_used_at as lastUsedAt',
] as const;

type PasskeySelect = {
  id: string;
  loginId: string;
  label: string;
  credential_id: string | null;
  public_key: Buffer | null;
  sign_count: number | null;
  transports: string[] | null;
  backed_up: boolean | null;
  createdAt: Date;
  lastUsedAt: Date | null;
};

function passkeyOf(row: PasskeySelect): PasskeyRow {
  return {
    id: row.id,
    loginId: row.loginId,
    label: row.label,
    credentialId: row.credential_id ?? '',
    publicKey: row.public_key ?? Buffer.alloc(0),
    signCount: row.sign_count ?? 0,
    transports: row.transports ?? [],
    backedUp: row.backed_up ?? false,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
  };
}

export async function passkeysOf(trx: TenantTransaction, tenantId: string, loginId: string): Promise<PasskeyRow[]> {
  const rows = await trx
    .selectFrom('login_factors')
    .select(passkeyColumns)
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .where('kind', '=', 'passkey')
    .orderBy('created_at')
    .execute();
  return rows.map(passkeyOf);
}

export async function findPasskeyByCredentialId(trx: TenantTransaction, tenantId: string, credentialId: string): Promise<PasskeyRow | undefined> {
  const row = await trx
    .selectFrom('login_factors')
    .select(passkeyColumns)
    .where('tenant_id', '=', tenantId)
    .where('credential_id', '=', credentialId)
    .where('kind', '=', 'passkey')
    .executeTakeFirst();
  return row ? passkeyOf(row) : undefined;
}

export async function insertPasskey(
  trx: TenantTransaction,
  tenantId: string,
  passkey: { loginId: string; label: string; credentialId: string; publicKey: Uint8Array; signCount: number; transports: string[]; backedUp: boolean; now: Date },
): Promise<string> {
  const row = await trx
    .insertInto('login_factors')
    .values({
      tenant_id: tenantId,
      login_id: passkey.loginId,
      kind: 'passkey',
      label: passkey.label,
      credential_id: passkey.credentialId,
      public_key: Buffer.from(passkey.publicKey),
      sign_count: passkey.signCount,
      transports: passkey.transports,
      backed_up: passkey.backedUp,
      created_at: passkey.now,
      confirmed_at: passkey.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function recordPasskeyUse(trx: TenantTransaction, tenantId: string, id: string, signCount: number, backedUp: boolean, now: Date): Promise<void> {
  await trx
    .updateTable('login_factors')
    .set({ sign_count: signCount, backed_up: backedUp, last_used_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function deletePasskey(trx: TenantTransaction, tenantId: string, loginId: string, id: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('login_factors')
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .where('id', '=', id)
    .where('kind', '=', 'passkey')
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Kinds of confirmed factors of a login ('totp', 'passkey'). */
export async function confirmedFactorKinds(trx: TenantTransaction, tenantId: string, loginId: string): Promise<Set<string>> {
  const rows = await trx
    .selectFrom('login_factors')
    .select('kind')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .where('confirmed_at', 'is not', null)
    .execute();
  return new Set(rows.map((r) => r.kind));
}

export async function replaceRecoveryCodes(trx: TenantTransaction, tenantId: string, loginId: string, hashes: Buffer[], now: Date): Promise<void> {
  await deleteRecoveryCodes(trx, tenantId, loginId);
  await trx
    .insertInto('recovery_codes')
    .values(hashes.map((hash) => ({ tenant_id: tenantId, login_id: loginId, code_hash: hash, created_at: now })))
    .execute();
}

export async function deleteRecoveryCodes(trx: TenantTransaction, tenantId: string, loginId: string): Promise<void> {
  await trx.deleteFrom('recovery_codes').where('tenant_id', '=', tenantId).where('login_id', '=', loginId).execute();
}

/** Marks an unused recovery code as used; false when it does not exist or was used. */
export async function useRecoveryCode(trx: TenantTransaction, tenantId: string, loginId: string, hash: Buffer, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function recoveryCodesLeft(trx: TenantTransaction, tenantId: string, loginId: string): Promise<number> {
  const row = await trx
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('tenant_id', '=', tenantId)
    .where('login_id', '=', loginId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertChallenge(
  trx: TenantTransaction,
  tenantId: string,
  challenge: { purpose: 'register' | 'authenticate'; challenge: string; loginId: string | null; now: Date; expiresAt: Date },
): Promise<string> {
  // Old challenges go when new ones are made, so the table stays small without a cleanup job.
  await trx.deleteFrom('webauthn_challenges').where('tenant_id', '=', tenantId).where('expires_at', '<', challenge.now).execute();
  const row = await trx
    .insertInto('webauthn_challenges')
    .values({
      tenant_id: tenantId,
      purpose: challenge.purpose,
      challenge: challenge.challenge,
      login_id: challenge.loginId,
      created_at: challenge.now,
      expires_at: challenge.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Takes a challenge out (single use); undefined when unknown, expired or for another purpose. */
export async function takeChallenge(
  trx: TenantTransaction,
  tenantId: string,
  id: string,
  purpose: 'register' | 'authenticate',
  now: Date,
): Promise<{ challenge: string; loginId: string | null } | undefined> {
  const row = await trx
    .deleteFrom('webauthn_challenges')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(['challenge', 'login_id', 'purpose', 'expires_at'])
    .executeTakeFirst();
  if (!row || row.purpose !== purpose || row.expires_at <= now) return undefined;
  return { challenge: row.challenge, loginId: row.login_id };
}

/** The factors a login must choose from after its password, or null when it has none. */
export async function requiredFactors(trx: TenantTransaction, tenantId: string, loginId: string): Promise<TSecondFactorKind[] | null> {
  const kinds = await confirmedFactorKinds(trx, tenantId, loginId);
  if (kinds.size === 0) return null;
  return [...(kinds.has('totp') ? (['totp'] as const) : []), ...(kinds.has('passkey') ? (['passkey'] as const) : []), 'recovery_code'];
}
