// HTTP routes of the integration API (/api/v1/integration): the OAuth2 token endpoint and the bulk
// upserts of the billing system. Thin: parse, authenticate the client, call the service, respond.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZTokenError, ZTokenRequest, ZTokenResponse } from '../../../api/integration.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { ZProblem } from '../../http/problem.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import { issueToken, type TokenCredentials } from './clients.service.ts';

const TOKEN_BODY_LIMIT_BYTES = 8 * 1024;

/** `application/x-www-form-urlencoded` as RFC 6749 sends it; a repeated parameter stays a list (refused). */
function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(body)) {
    const earlier = out[key];
    out[key] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
  }
  return out;
}

/** HTTP Basic client authentication (RFC 6749 §2.3.1: id and secret form-urlencoded, then base64). */
function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | 'malformed' | null {
  if (!header || !/^Basic /i.test(header)) return null;
  try {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return 'malformed';
    const unescape = (s: string) => decodeURIComponent(s.replaceAll('+', ' '));
    return { clientId: unescape(decoded.slice(0, colon)), clientSecret: unescape(decoded.slice(colon + 1)) };
  } catch {
    return 'malformed';
  }
}

export function registerIntegrationRoutes(root: FastifyInstance, database: Database, clock: Clock): void {
  root.decorate('integrationAuth', { database, clock });
  root.decorateRequest('integrationChallenge', null);
  // RFC 6750 §3: a refused bearer token answers with its challenge (also on other modules' routes).
  root.addHook('onSend', async (request, reply) => {
    if (request.integrationChallenge && (reply.statusCode === 401 || reply.statusCode === 403)) {
      reply.header('WWW-Authenticate', request.integrationChallenge);
    }
  });

  root.register((scope, _options, done) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    // Machine answers are never cached (tokens, customer data).
    app.addHook('onSend', async (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
    });
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, parseForm(body as string));
    });

    app.post(
      '/api/v1/integration/oauth/token',
      {
        bodyLimit: TOKEN_BODY_LIMIT_BYTES,
        attachValidation: true,
        schema: {
          tags: ['integration'],
          summary: 'Get an access token (OAuth2 client credentials)',
          description:
            'RFC 6749 §4.4: `grant_type=client_credentials` as `application/x-www-form-urlencoded` or JSON. The client authenticates ' +
            'with HTTP Basic (`client_id:client_secret`) or with `client_id` and `client_secret` in the body. `scope` (space-separated) ' +
            "narrows the token to some of the client's scopes. The token lives 15 minutes and works only on this utility's host. " +
            'Errors as RFC 6749 §5.2 (`invalid_request`, `invalid_client` 401, `invalid_scope`, `unsupported_grant_type`); ' +
            'repeated failed client authentication answers 429 with `Retry-After`.',
          body: ZTokenRequest,
          response: { 200: ZTokenResponse, 400: ZTokenError, 401: ZTokenError, 413: ZProblem, 429: ZProblem },
        },
      },
      async (request, reply) => {
        const tenant = requireTenant(request);
        reply.header('Pragma', 'no-cache');
        const basic = basicCredentials(request.headers.authorization);
        const invalid = (description: string) => reply.code(400).send({ error: 'invalid_request' as const, error_description: description });
        if (request.validationError) return invalid('grant_type is required; parameters must be strings and appear once');
        if (basic === 'malformed') return invalid('malformed Basic authorization');
        const body = request.body;
        if (basic && (body.client_secret !== undefined || (body.client_id !== undefined && body.client_id !== basic.clientId))) {
          return invalid('use one client authentication method');
        }
        const credentials: TokenCredentials = {
          grantType: body.grant_type,
          clientId: basic ? basic.clientId : body.client_id,
          clientSecret: basic ? basic.clientSecret : body.client_secret,
          scope: body.scope,
          basic: basic !== null,
        };
        const outcome = await issueToken(database, tenant, credentials, { ip: request.ip, requestId: request.id, now: clock() });
        if (!outcome.ok) {
          if (outcome.status === 401 && credentials.basic) reply.header('WWW-Authenticate', `Basic realm="${tenant.slug}"`);
          return reply.code(outcome.status).send(outcome.body);
        }
        return outcome.body;
      },
    );
    done();
  });
}
