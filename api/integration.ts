// Integration API (/api/v1/integration): the utility's billing system (SAP IS-U, Schleupen,
// Wilken, ...) signs in with OAuth2 client credentials and upserts master and billing data keyed by
// its own ids. Shared by the server (validation, OpenAPI) and the back office.
import { z } from 'zod';

/**
 * Every scope a client may hold. `supply:write` covers consumption points, tariffs, contracts and
 * meters; `billing:write` invoices, documents, instalment plans and account transactions.
 */
export const INTEGRATION_SCOPES = [
  'customers:write',
  'supply:write',
  'readings:write',
  'readings:read',
  'billing:write',
  'intervals:write',
  'requests:read',
  'webhooks:manage',
] as const;
export const ZIntegrationScope = z.enum(INTEGRATION_SCOPES);
export type TIntegrationScope = z.infer<typeof ZIntegrationScope>;

/** Lifetime of an access token in seconds (15 minutes). */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 900;

/** Name of the bearer security scheme in the OpenAPI document. */
export const INTEGRATION_SECURITY_SCHEME = 'integrationBearer';

// --- clients (back office and CLI) --------------------------------------------------------------

export const ZCreateClientRequest = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ZIntegrationScope).min(1),
});
export type TCreateClientRequest = z.infer<typeof ZCreateClientRequest>;

export const ZIntegrationClient = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The public client identifier (RFC 6749 `client_id`). */
  clientId: z.string(),
  scopes: z.array(ZIntegrationScope),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type TIntegrationClient = z.infer<typeof ZIntegrationClient>;

/** A new client with its secret: the only time the secret is shown. */
export const ZCreatedClient = ZIntegrationClient.extend({ clientSecret: z.string() });
export type TCreatedClient = z.infer<typeof ZCreatedClient>;

// --- token endpoint (RFC 6749 §4.4) -------------------------------------------------------------

/**
 * The token request, as `application/x-www-form-urlencoded` (RFC 6749) or JSON. Unknown parameters
 * are ignored as the RFC requires. The client authenticates with HTTP Basic or with
 * `client_id`/`client_secret` in the body (not both).
 */
export const ZTokenRequest = z
  .object({
    grant_type: z.string().meta({ example: 'client_credentials' }),
    client_id: z.string().optional(),
    client_secret: z.string().optional(),
    /** Space-separated scopes to narrow the token to; all of the client's scopes when omitted. */
    scope: z.string().optional().meta({ example: 'customers:write supply:write' }),
  })
  .meta({ id: 'IntegrationTokenRequest' });
export type TTokenRequest = z.infer<typeof ZTokenRequest>;

export const ZTokenResponse = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
    scope: z.string(),
  })
  .meta({
    id: 'IntegrationTokenResponse',
    example: { access_token: 'kpat_…', token_type: 'Bearer', expires_in: ACCESS_TOKEN_LIFETIME_SECONDS, scope: 'customers:write supply:write' },
  });
export type TTokenResponse = z.infer<typeof ZTokenResponse>;

/** RFC 6749 §5.2 error answer of the token endpoint. */
export const ZTokenError = z
  .object({
    error: z.enum(['invalid_request', 'invalid_client', 'invalid_grant', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']),
    error_description: z.string().optional(),
  })
  .meta({ id: 'IntegrationTokenError' });
export type TTokenError = z.infer<typeof ZTokenError>;

const scopeDescriptions: Record<TIntegrationScope, string> = {
  'customers:write': 'Upsert customers (master data, contact data, billing address)',
  'supply:write': 'Upsert consumption points, tariffs, contracts and meters with registers (incl. exchanges)',
  'readings:write': 'Upsert meter readings',
  'readings:read': 'Read meter readings (e.g. those customers submitted)',
  'billing:write': 'Upsert invoices, documents with their PDF, instalment plans and account transactions',
  'intervals:write': 'Import interval data (15-minute values, MSCONS)',
  'requests:read': 'Read customer requests',
  'webhooks:manage': 'Manage webhook subscriptions',
};

/** OpenAPI security schemes of the integration API (merged into the document's components). */
export const integrationSecuritySchemes = {
  [INTEGRATION_SECURITY_SCHEME]: {
    type: 'oauth2',
    description:
      'OAuth2 client credentials (RFC 6749 §4.4). Clients are created per utility in the back office; the access token ' +
      `(Authorization: Bearer …) lives ${ACCESS_TOKEN_LIFETIME_SECONDS / 60} minutes and only works on the host of its utility.`,
    flows: { clientCredentials: { tokenUrl: '/api/v1/integration/oauth/token', scopes: scopeDescriptions } },
  },
} as const;
