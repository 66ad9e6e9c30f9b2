// HTTP routes of the integration API (/api/v1/integration): the OAuth2 token endpoint and the bulk
// upserts of the billing system. Thin: parse, authenticate the client, call the service, respond.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  INTEGRATION_ENTITIES,
  INTEGRATION_SECURITY_SCHEME,
  integrationEntities,
  MAX_RECORDS_PER_BATCH,
  ZRecordsProblem,
  ZTokenError,
  ZTokenRequest,
  ZTokenResponse,
  ZUpsertResult,
  type TIntegrationEntity,
  type TRecordsProblem,
} from '../../../api/integration.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { problemBody, requestLocale, ZProblem } from '../../http/problem.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import { issueToken, requireClient, type TokenCredentials } from './clients.service.ts';
import { idempotencyKeyOf, requestHash } from './idempotency.ts';
import { upsertRecords } from './upsert.service.ts';

const entityDescriptions: Record<TIntegrationEntity, string> = {
  customers: 'Customers (Geschäftspartner) by customer number: name, billing address, contact data.',
  premises: "Consumption points (Verbrauchsstellen) by the billing system's `externalId`, with the customer and the MaLo-ID (BDEW check digit).",
  tariffs: 'Tariff price versions by `code` + `validFrom`: name, division, net energy price (ct/kWh) and base price.',
  contracts: 'Contracts by contract number: customer, consumption point (`premiseId`), tariff code (the version valid at the start), dates, terms, forecast.',
  meters:
    'Meters by meter number with their registers (OBIS). An exchange is two records: the old meter with `removedOn` and the new meter ' +
    'at the same consumption point. A meter number installed again after its removal becomes a new meter.',
  readings: 'Meter readings by meter number + OBIS + `readOn` (the meter installed on that day); stored with source `utility` (or `estimated`).',
  'instalment-plans': "Instalment plans (Abschläge) by `externalId` of a contract (contract number).",
  transactions: "Account transactions (bookings) by `externalId`: > 0 the customer owes, < 0 payments and credits; optionally the invoice's number.",
  invoices: 'Invoices by invoice number, with their PDF in `document` (base64, at most 10 MB, must be a PDF) or `documentId` of a document sent before.',
  documents: 'Documents (letters, contracts, notices) by `externalId` with the PDF base64 in `contentBase64` (at most 10 MB).',
};

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

    for (const entity of INTEGRATION_ENTITIES) registerUpsertRoute(app, database, clock, entity);
    done();
  });
}

function registerUpsertRoute(appBase: FastifyInstance, database: Database, clock: Clock, entity: TIntegrationEntity): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const spec = integrationEntities[entity];
  const url = `/api/v1/integration/${entity}`;
  const body = z.strictObject({ records: z.array(spec.record).min(1).max(MAX_RECORDS_PER_BATCH) });
  for (const method of ['PUT', 'POST'] as const) {
    app.route({
      method,
      url,
      bodyLimit: spec.bodyLimit,
      attachValidation: true,
      schema: {
        tags: ['integration'],
        hide: method === 'POST',
        summary: `Upsert ${entity} (bulk, idempotent)`,
        description:
          `${entityDescriptions[entity]}\n\nNeeds the scope \`${spec.scope}\`. At most ${MAX_RECORDS_PER_BATCH} records and ` +
          `${Math.round(spec.bodyLimit / 1024 / 1024)} MB per request (413 beyond). The batch is one transaction: when any record is invalid ` +
          'the answer is 422 with every error by position (`index`) and nothing is written. Unknown fields are errors. ' +
          'Sending the same records again changes nothing (`unchanged`). With an `Idempotency-Key` header (1-255 printable characters) ' +
          'a replay answers the first response; the same key with another body answers 422 `idempotency_key_reused`. ' +
          '`POST` does the same as `PUT`.',
        security: [{ [INTEGRATION_SECURITY_SCHEME]: [spec.scope] }],
        body,
        response: { 200: ZUpsertResult, 400: ZProblem, 401: ZProblem, 403: ZProblem, 413: ZProblem, 422: ZRecordsProblem, 429: ZProblem },
      },
      handler: async (request, reply) => {
        const client = await requireClient(request, spec.scope);
        const raw: unknown = request.body;
        const records = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as { records?: unknown }).records : undefined;
        const onlyRecords = raw !== null && typeof raw === 'object' && Object.keys(raw).every((k) => k === 'records');
        if (!Array.isArray(records) || !onlyRecords) {
          throw new AppError('validation_failed', {
            fields: [{ field: 'records', message: 'the body is {"records": [...]} with nothing else' }],
          });
        }
        if (records.length > MAX_RECORDS_PER_BATCH) throw new AppError('payload_too_large', { detail: `At most ${MAX_RECORDS_PER_BATCH} records per request.` });
        const answer = await upsertRecords(database, client.tenant, entity, records, {
          actor: { type: 'integration', id: client.clientKey },
          locale: requestLocale(request),
          now: clock(),
          requestId: request.id,
          idempotency: { clientId: client.clientId, key: idempotencyKeyOf(request.headers), requestHash: requestHash('UPSERT', url, raw) },
        });
        if (!answer.ok) {
          const problem: TRecordsProblem = { ...problemBody(request, 'records_invalid'), errors: answer.errors };
          // Sent as text, like every problem+json answer (see http/problem.ts).
          return reply.code(422).type('application/problem+json; charset=utf-8').send(JSON.stringify(problem) as unknown as TRecordsProblem);
        }
        if (answer.replayed) reply.header('Idempotent-Replayed', 'true');
        return reply.code(200).send(answer.body);
      },
    });
  }
}
