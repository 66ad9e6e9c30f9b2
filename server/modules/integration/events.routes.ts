// HTTP routes of the export feed (ADR 0023): read events by cursor, acknowledge a position, and set
// a customer request's status by reference. The client authentication (OAuth2 bearer token with
// scopes) is passed in: `requireClient` of the integration clients module.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZEventAck,
  ZEventAckResult,
  ZEventFeed,
  ZEventFeedQuery,
  ZIntegrationStatusChange,
  ZIntegrationStatusResult,
  ZRequestReference,
} from '../../../api/integration-events.ts';
import type { Clock } from '../../clock.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { isAppError } from '../../errors.ts';
import { ZProblem } from '../../http/problem.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { requestMeta } from '../identity/identity.routes.ts';
import { requireClient } from './clients.service.ts';
import { setRequestStatusByReference } from './events.requests.ts';
import { ackFeed, readFeed, requestedTypes, type IntegrationClient } from './events.service.ts';
import type { WebhookDeps } from './webhooks.service.ts';
import { registerWebhookRoutes } from './webhooks.routes.ts';

/** The scopes these routes and the webhook routes ask for. */
export type EventScope = 'readings:read' | 'requests:read' | 'requests:write' | 'webhooks:manage';

/** Authenticates an integration client on the host's tenant holding `scope` (401/403 otherwise). */
export type ClientAuth = (request: FastifyRequest, scope: EventScope) => Promise<IntegrationClient & { tenant: Tenant }>;

/**
 * The OAuth2 bearer-token check of the integration clients module.
 */
export const integrationClientAuth: ClientAuth = (request, scope) => requireClient(request, scope);

/** The feed, ack, request-status and webhook routes with the real client authentication (app.ts). */
export function registerExportRoutes(app: FastifyInstance, database: Database, clock: Clock, deps: WebhookDeps): void {
  registerIntegrationEventRoutes(app, database, clock, { requireClient: integrationClientAuth });
  registerWebhookRoutes(app, database, clock, { ...deps, requireClient: integrationClientAuth });
}

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem, 413: ZProblem, 422: ZProblem };
const SMALL_BODY_BYTES = 16 * 1024;

/** A client holding either read scope; the feed then shows only the types its scopes allow. */
export async function feedClient(requireClient: ClientAuth, request: FastifyRequest): Promise<IntegrationClient & { tenant: Tenant }> {
  try {
    return await requireClient(request, 'readings:read');
  } catch (error) {
    if (isAppError(error) && error.status === 403) return requireClient(request, 'requests:read');
    throw error;
  }
}

export function registerIntegrationEventRoutes(appBase: FastifyInstance, database: Database, clock: Clock, deps: { requireClient: ClientAuth }): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const tags = ['integration'];
  const security = (scopes: string[]) => [{ integrationBearer: scopes }];

  app.get(
    '/api/v1/integration/events',
    {
      schema: {
        tags,
        security: security(['readings:read', 'requests:read']),
        summary: 'Export feed: customer requests and submitted readings after a cursor',
        description:
          'Events in feed order after `after` (default: after the position this client acknowledged). `reading.submitted` needs ' +
          '`readings:read`; `request.*` and `gp_number.requested` need `requests:read`. Pass `next_cursor` as `after` for the next ' +
          'page and acknowledge it with `POST /api/v1/integration/events/ack` once processed. Positions never appear behind a cursor later.',
        querystring: ZEventFeedQuery,
        response: { 200: ZEventFeed, ...problems },
      },
    },
    async (request) => {
      const client = await feedClient(deps.requireClient, request);
      const { locale } = requestMeta(request, clock);
      const types = requestedTypes(request.query.types, client.scopes, locale);
      return withTenant(database, client.tenant.id, (trx) => readFeed(trx, client.tenant.id, client, { after: request.query.after, limit: request.query.limit, types }));
    },
  );

  app.post(
    '/api/v1/integration/events/ack',
    {
      bodyLimit: SMALL_BODY_BYTES,
      schema: {
        tags,
        security: security(['readings:read', 'requests:read']),
        summary: 'Acknowledge the feed up to a cursor',
        description:
          'Stores the position this client processed; `GET /events` without `after` resumes after it. An older cursor than the stored one ' +
          'changes nothing (answers the stored one); a cursor beyond the feed is refused (422).',
        body: ZEventAck,
        response: { 200: ZEventAckResult, ...problems },
      },
    },
    async (request) => {
      const client = await feedClient(deps.requireClient, request);
      const meta = requestMeta(request, clock);
      return withTenant(database, client.tenant.id, (trx) => ackFeed(trx, client.tenant.id, client, request.body.cursor, meta.now, meta.locale));
    },
  );

  app.post(
    '/api/v1/integration/requests/:reference/status',
    {
      bodyLimit: SMALL_BODY_BYTES,
      schema: {
        tags,
        security: security(['requests:write']),
        summary: "Set a customer request's status (in progress, done, rejected with a reason)",
        description:
          'The customer sees the status in "Meine Anliegen" and gets a mail. `done` and `rejected` are final (409 afterwards); ' +
          '`rejected` needs a `reason`. Unknown reference: 404.',
        params: z.object({ reference: ZRequestReference }),
        body: ZIntegrationStatusChange,
        response: { 200: ZIntegrationStatusResult, ...problems },
      },
    },
    async (request) => {
      const client = await deps.requireClient(request, 'requests:write');
      const meta = requestMeta(request, clock);
      return withTenant(database, client.tenant.id, (trx) =>
        setRequestStatusByReference(trx, client.tenant, client, request.params.reference, request.body, { now: meta.now, locale: meta.locale, traceId: meta.requestId }),
      );
    },
  );
}
