// Integration clients (OAuth2 client credentials, RFC 6749 §4.4) and their bearer tokens (RFC 6750).
// A client belongs to one tenant; its secret (256 random bits) is shown once and stored as SHA-256.
// Tokens live 15 minutes, are stored hashed and only work on their tenant's host (TEN-05).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import {
  ACCESS_TOKEN_LIFETIME_SECONDS,
  INTEGRATION_SCOPES,
  type TIntegrationClient,
  type TCreatedClient,
  type TIntegrationScope,
  type TTokenError,
  type TTokenResponse,
} from '../../../api/integration.ts';
import type { Clock } from '../../clock.ts';
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { accountRule, assertNotThrottled, clientRule, recordFailure, recordSuccess, type ThrottleKey } from '../identity/throttle.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import * as repo from './clients.repository.ts';

const CLIENT_SECRET_PREFIX = 'kpcs_';
const ACCESS_TOKEN_PREFIX = 'kpat_';

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function newClientId(): string {
  // 20 characters of [a-z0-9] from 120 random bits; public, but not guessable.
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(20);
  let id = '';
  for (const byte of bytes) id += alphabet.charAt(byte % alphabet.length);
  return `kpc_${id}`;
}

function view(row: repo.ClientRow): TIntegrationClient {
  return {
    id: row.id,
    name: row.name,
    clientId: row.clientId,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

export function isIntegrationScope(value: string): value is TIntegrationScope {
  return (INTEGRATION_SCOPES as readonly string[]).includes(value);
}

/**
 * Creates a client of the tenant (back office, CLI) and answers its secret: the only time it is
 * shown. Audited as `integration_client.created`.
 */
export async function createClient(
  trx: TenantTransaction,
  tenantId: string,
  input: { name: string; scopes: readonly TIntegrationScope[]; createdBy: string; actorType?: 'staff' | 'operator'; now?: Date; requestId?: string | null },
): Promise<TCreatedClient> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100) throw new AppError('validation_failed', { fields: [{ field: 'name', message: 'between 1 and 100 characters' }] });
  const scopes = [...new Set(input.scopes)];
  const unknown = scopes.filter((s) => !isIntegrationScope(s));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new AppError('validation_failed', { fields: [{ field: 'scopes', message: `one or more of ${INTEGRATION_SCOPES.join(', ')}` }] });
  }
  const secret = `${CLIENT_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = await repo.insertClient(trx, tenantId, {
    name,
    clientId: newClientId(),
    secretHash: sha256(secret),
    scopes,
    createdBy: input.createdBy,
    now: input.now ?? new Date(),
  });
  await recordAudit(trx, tenantId, {
    actorType: input.actorType ?? 'staff',
    actorId: input.createdBy,
    action: 'integration_client.created',
    targetType: 'integration_client',
    targetId: row.id,
    requestId: input.requestId ?? null,
    details: { clientId: row.clientId, name, scopes },
  });
  return { ...view(row), clientSecret: secret };
}

export async function listClients(trx: TenantTransaction, tenantId: string): Promise<TIntegrationClient[]> {
  return (await repo.listClients(trx, tenantId)).map(view);
}

/**
 * Revokes a client (by its id or its public client_id) and ends its tokens at once. Audited as
 * `integration_client.revoked`. 404 for an unknown client; revoking twice answers the client as it is.
 */
export async function revokeClient(
  trx: TenantTransaction,
  tenantId: string,
  idOrClientId: string,
  input: { revokedBy: string; actorType?: 'staff' | 'operator'; now?: Date; requestId?: string | null },
): Promise<TIntegrationClient> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrClientId);
  const found = isUuid ? await repo.findClientById(trx, tenantId, idOrClientId) : await repo.findClientByClientId(trx, tenantId, idOrClientId);
  if (!found) throw new AppError('not_found');
  const now = input.now ?? new Date();
  if (await repo.revokeClient(trx, tenantId, found.id, now)) {
    await recordAudit(trx, tenantId, {
      actorType: input.actorType ?? 'staff',
      actorId: input.revokedBy,
      action: 'integration_client.revoked',
      targetType: 'integration_client',
      targetId: found.id,
      requestId: input.requestId ?? null,
      details: { clientId: found.clientId, name: found.name },
    });
  }
  const after = await repo.findClientById(trx, tenantId, found.id);
  if (!after) throw new AppError('not_found');
  return view(after);
}

// --- token endpoint -----------------------------------------------------------------------------

export type TokenCredentials = {
  grantType: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  scope: string | undefined;
  /** The client authenticated with HTTP Basic (the 401 then carries a Basic challenge). */
  basic: boolean;
};

export type TokenOutcome = { ok: true; body: TTokenResponse } | { ok: false; status: 400 | 401; body: TTokenError };

function refusal(status: 400 | 401, error: TTokenError['error'], description: string): TokenOutcome {
  return { ok: false, status, body: { error, error_description: description } };
}

// Compared against when the client is unknown, so that both cases take the same work.
const dummySecretHash = sha256(`${CLIENT_SECRET_PREFIX}unknown`);

/**
 * RFC 6749 §4.4: checks the grant and the client's credentials and issues a bearer token for the
 * requested scopes (all of the client's when none are named). Failed client authentication is
 * throttled per client id and per address like the customer sign-in (429 with Retry-After) and
 * audited as `integration_token.refused`.
 */
export async function issueToken(
  database: Database,
  tenant: Tenant,
  input: TokenCredentials,
  meta: { ip: string; requestId: string; now: Date },
): Promise<TokenOutcome> {
  if (!input.grantType) return refusal(400, 'invalid_request', 'grant_type is required');
  if (input.grantType !== 'client_credentials') return refusal(400, 'unsupported_grant_type', 'only client_credentials is supported');
  if (!input.clientId || !input.clientSecret) return refusal(401, 'invalid_client', 'client authentication failed');
  const clientId = input.clientId;
  const keys: ThrottleKey[] = [
    { key: `integration:client:${clientId.slice(0, 100)}`, rule: accountRule },
    { key: `integration:address:${meta.ip}`, rule: clientRule },
  ];
  const throttled = await withTenant(database, tenant.id, (trx) => assertNotThrottled(trx, tenant.id, keys, meta.now));
  const presented = sha256(input.clientSecret);

  return withTenant(database, tenant.id, async (trx) => {
    const client = await repo.findClientByClientId(trx, tenant.id, clientId);
    const secretOk = timingSafeEqual(presented, client?.secretHash ?? dummySecretHash) && client !== undefined;
    if (!client || !secretOk || client.revokedAt) {
      await recordFailure(trx, tenant.id, keys, meta.now);
      await recordAudit(trx, tenant.id, {
        actorType: 'integration',
        actorId: clientId.slice(0, 100),
        action: 'integration_token.refused',
        targetType: client ? 'integration_client' : null,
        targetId: client?.id ?? null,
        requestId: meta.requestId,
        details: { ip: meta.ip, reason: !client ? 'unknown_client' : !secretOk ? 'secret' : 'revoked' },
      });
      return refusal(401, 'invalid_client', 'client authentication failed');
    }
    for (const key of keys) if (throttled.has(key.key) && key.rule === accountRule) await recordSuccess(trx, tenant.id, key.key);

    let scopes: TIntegrationScope[] = client.scopes;
    if (input.scope !== undefined) {
      const requested = [...new Set(input.scope.split(' ').filter(Boolean))];
      const invalid = requested.filter((s) => !isIntegrationScope(s) || !client.scopes.includes(s));
      if (requested.length === 0 || invalid.length > 0) {
        await recordAudit(trx, tenant.id, {
          actorType: 'integration',
          actorId: client.clientId,
          action: 'integration_token.refused',
          targetType: 'integration_client',
          targetId: client.id,
          requestId: meta.requestId,
          details: { ip: meta.ip, reason: 'scope', scopes: invalid.slice(0, 20) },
        });
        return refusal(400, 'invalid_scope', `not granted to this client: ${invalid.join(' ').slice(0, 200) || '(empty)'}`);
      }
      scopes = requested as TIntegrationScope[];
    }

    const token = `${ACCESS_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    await repo.insertToken(trx, tenant.id, {
      clientId: client.id,
      tokenHash: sha256(token),
      scopes,
      now: meta.now,
      expiresAt: new Date(meta.now.getTime() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000),
    });
    return {
      ok: true as const,
      body: { access_token: token, token_type: 'Bearer' as const, expires_in: ACCESS_TOKEN_LIFETIME_SECONDS, scope: scopes.join(' ') },
    };
  });
}

// --- bearer tokens on integration routes --------------------------------------------------------

export type IntegrationClient = {
  tenant: Tenant;
  /** The client's row id (integration_clients.id), for foreign keys. */
  clientId: string;
  /** The public client identifier (`kpc_…`), for logs and audit entries. */
  clientKey: string;
  clientName: string;
  scopes: TIntegrationScope[];
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by registerIntegrationRoutes: what requireClient() reads tokens with. */
    integrationAuth: { database: Database; clock: Clock };
  }
  interface FastifyRequest {
    /** The WWW-Authenticate challenge of a refused bearer token (RFC 6750 §3), sent with the 401/403. */
    integrationChallenge: string | null;
  }
}

function challenge(request: FastifyRequest, tenant: Tenant, error?: 'invalid_token' | 'insufficient_scope', scope?: string): void {
  const parts = [`realm="${tenant.slug}"`];
  if (error) parts.push(`error="${error}"`);
  if (scope) parts.push(`scope="${scope}"`);
  request.integrationChallenge = `Bearer ${parts.join(', ')}`;
}

/**
 * The integration client of a request: a bearer token (Authorization: Bearer …) issued on this
 * host's tenant, not expired, of a client that is not revoked, holding `scope`.
 * Missing, unknown, expired or another tenant's token: 401 `invalid_token` with
 * `WWW-Authenticate: Bearer`; a token without the scope: 403 `insufficient_scope`.
 */
export async function requireClient(request: FastifyRequest, scope: TIntegrationScope): Promise<IntegrationClient> {
  const tenant = requireTenant(request);
  const { database, clock } = request.server.integrationAuth;
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header) : null;
  if (!match?.[1]) {
    challenge(request, tenant, header ? 'invalid_token' : undefined);
    throw new AppError('invalid_token');
  }
  const now = clock();
  const token = await withTenant(database, tenant.id, (trx) => repo.findToken(trx, tenant.id, sha256(match[1] ?? '')));
  if (!token || token.expiresAt <= now) {
    challenge(request, tenant, 'invalid_token');
    throw new AppError('invalid_token', { detail: token ? 'The access token has expired.' : undefined });
  }
  if (!token.scopes.includes(scope)) {
    challenge(request, tenant, 'insufficient_scope', scope);
    throw new AppError('insufficient_scope', { detail: `This request needs the scope ${scope}.` });
  }
  request.log = request.log.child({ integrationClient: token.clientKey });
  return { tenant, clientId: token.clientId, clientKey: token.clientKey, clientName: token.clientName, scopes: token.scopes };
}
