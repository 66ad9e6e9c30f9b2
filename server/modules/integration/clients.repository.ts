// SQL of integration clients and their access tokens. Secrets and tokens are stored as SHA-256 only.
import type { TIntegrationScope } from '../../../api/integration.ts';
import type { TenantTransaction } from '../../db/database.ts';

export type ClientRow = {
  id: string;
  name: string;
  clientId: string;
  secretHash: Buffer;
  scopes: TIntegrationScope[];
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

function clients(trx: TenantTransaction, tenantId: string) {
  return trx
    .selectFrom('integration_clients')
    .select([
      'id',
      'name',
      'client_id as clientId',
      'secret_hash as secretHash',
      'scopes',
      'created_at as createdAt',
      'created_by as createdBy',
      'revoked_at as revokedAt',
      'last_used_at as lastUsedAt',
    ])
    .where('tenant_id', '=', tenantId);
}

export async function insertClient(
  trx: TenantTransaction,
  tenantId: string,
  values: { name: string; clientId: string; secretHash: Buffer; scopes: readonly TIntegrationScope[]; createdBy: string; now: Date },
): Promise<ClientRow> {
  const row = await trx
    .insertInto('integration_clients')
    .values({
      tenant_id: tenantId,
      name: values.name,
      client_id: values.clientId,
      secret_hash: values.secretHash,
      scopes: [...values.scopes],
      created_by: values.createdBy,
      created_at: values.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const created = await findClientById(trx, tenantId, row.id);
  if (!created) throw new Error('integration client vanished after insert');
  return created;
}

export async function listClients(trx: TenantTransaction, tenantId: string): Promise<ClientRow[]> {
  const rows = await clients(trx, tenantId).orderBy('created_at', 'desc').orderBy('id').execute();
  return rows as ClientRow[];
}

export async function findClientById(trx: TenantTransaction, tenantId: string, id: string): Promise<ClientRow | undefined> {
  return (await clients(trx, tenantId).where('id', '=', id).executeTakeFirst()) as ClientRow | undefined;
}

export async function findClientByClientId(trx: TenantTransaction, tenantId: string, clientId: string): Promise<ClientRow | undefined> {
  return (await clients(trx, tenantId).where('client_id', '=', clientId).executeTakeFirst()) as ClientRow | undefined;
}

/** Revokes a client and deletes its tokens; false when it does not exist or was revoked already. */
export async function revokeClient(trx: TenantTransaction, tenantId: string, id: string, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('integration_clients')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  await trx.deleteFrom('integration_tokens').where('tenant_id', '=', tenantId).where('client_id', '=', id).execute();
  return result.numUpdatedRows > 0n;
}

export async function insertToken(
  trx: TenantTransaction,
  tenantId: string,
  values: { clientId: string; tokenHash: Buffer; scopes: readonly TIntegrationScope[]; now: Date; expiresAt: Date },
): Promise<void> {
  // Housekeeping: the client's expired tokens are of no use any more.
  await trx
    .deleteFrom('integration_tokens')
    .where('tenant_id', '=', tenantId)
    .where('client_id', '=', values.clientId)
    .where('expires_at', '<=', values.now)
    .execute();
  await trx
    .insertInto('integration_tokens')
    .values({
      tenant_id: tenantId,
      client_id: values.clientId,
      token_hash: values.tokenHash,
      scopes: [...values.scopes],
      created_at: values.now,
      expires_at: values.expiresAt,
    })
    .execute();
  await trx
    .updateTable('integration_clients')
    .set({ last_used_at: values.now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', values.clientId)
    .execute();
}

export type TokenRow = {
  clientId: string;
  clientKey: string;
  clientName: string;
  scopes: TIntegrationScope[];
  expiresAt: Date;
};

/** The token with this hash of a client that is not revoked (expired ones too: the caller says so). */
export async function findToken(trx: TenantTransaction, tenantId: string, tokenHash: Buffer): Promise<TokenRow | undefined> {
  const row = await trx
    .selectFrom('integration_tokens as t')
    .innerJoin('integration_clients as c', (join) => join.onRef('c.tenant_id', '=', 't.tenant_id').onRef('c.id', '=', 't.client_id'))
    .select(['c.id as clientId', 'c.client_id as clientKey', 'c.name as clientName', 't.scopes', 't.expires_at as expiresAt'])
    .where('t.tenant_id', '=', tenantId)
    .where('t.token_hash', '=', tokenHash)
    .where('c.revoked_at', 'is', null)
    .executeTakeFirst();
  return row as TokenRow | undefined;
}
