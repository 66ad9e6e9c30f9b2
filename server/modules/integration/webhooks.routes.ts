// HTTP routes of webhook subscriptions (scope webhooks:manage): create (secret answered once),
// list, read, change, delete, send a test event, and the delivery log. The back office calls the
// same service functions with a staff actor.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZWebhookCreate,
  ZWebhookDeliveriesQuery,
  ZWebhookDelivery,
  ZWebhookSubscription,
  ZWebhookTestResult,
  ZWebhookUpdate,
  ZWebhookUpdated,
  ZWebhookWithSecret,
} from '../../../api/integration-events.ts';
import type { Clock } from '../../clock.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { ZProblem } from '../../http/problem.ts';
import { requestMeta } from '../identity/identity.routes.ts';
import type { ClientAuth } from './events.routes.ts';
import { readableTypes } from './events.service.ts';
import * as service from './webhooks.service.ts';

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 413: ZProblem, 422: ZProblem };
const SMALL_BODY_BYTES = 16 * 1024;

const scopeMessages = {
  de: 'Dem Client fehlt die Leseberechtigung für diese Ereignistypen',
  en: 'The client lacks the read scope for these event types',
};

export function registerWebhookRoutes(appBase: FastifyInstance, database: Database, clock: Clock, deps: service.WebhookDeps & { requireClient: ClientAuth }): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const tags = ['integration'];
  const security = [{ integrationBearer: ['webhooks:manage'] }];
  const params = z.object({ id: z.uuid() });
  const base = '/api/v1/integration/webhooks';

  /** A subscription delivers event data: the client must be allowed to read those types itself. */
  const checkTypes = (scopes: readonly string[], types: readonly string[] | undefined, locale: 'de' | 'en') => {
    const readable: readonly string[] = readableTypes(scopes);
    const denied = (types ?? []).filter((type) => !readable.includes(type));
    if (denied.length > 0) throw new AppError('forbidden', { detail: `${scopeMessages[locale]}: ${denied.join(', ')}` });
  };

  app.get(base, { schema: { tags, security, summary: 'Webhook subscriptions', response: { 200: z.array(ZWebhookSubscription), ...problems } } }, async (request) => {
    const client = await deps.requireClient(request, 'webhooks:manage');
    return withTenant(database, client.tenant.id, (trx) => service.listWebhooks(trx, client.tenant.id));
  });

  app.post(
    base,
    {
      bodyLimit: SMALL_BODY_BYTES,
      schema: {
        tags,
        security,
        summary: 'Create a webhook subscription; the answer carries the signing secret once',
        description: 'The URL must be https (http://localhost only outside production). Events are POSTed signed as described in docs/API.md "Webhooks".',
        body: ZWebhookCreate,
        response: { 201: ZWebhookWithSecret, ...problems },
      },
    },
    async (request, reply) => {
      const client = await deps.requireClient(request, 'webhooks:manage');
      const meta = requestMeta(request, clock);
      checkTypes(client.scopes, request.body.event_types, meta.locale);
      const created = await withTenant(database, client.tenant.id, (trx) =>
        service.createWebhook(trx, client.tenant.id, request.body, { type: 'integration', id: client.clientId }, deps, { now: meta.now, locale: meta.locale, traceId: meta.requestId }),
      );
      return reply.code(201).send(created);
    },
  );

  app.get(`${base}/:id`, { schema: { tags, security, summary: 'One webhook subscription', params, response: { 200: ZWebhookSubscription, ...problems } } }, async (request) => {
    const client = await deps.requireClient(request, 'webhooks:manage');
    return withTenant(database, client.tenant.id, (trx) => service.getWebhook(trx, client.tenant.id, request.params.id));
  });

  app.patch(
    `${base}/:id`,
    {
      bodyLimit: SMALL_BODY_BYTES,
      schema: { tags, security, summary: 'Change a webhook subscription or rotate its secret', params, body: ZWebhookUpdate, response: { 200: ZWebhookUpdated, ...problems } },
    },
    async (request) => {
      const client = await deps.requireClient(request, 'webhooks:manage');
      const meta = requestMeta(request, clock);
      checkTypes(client.scopes, request.body.event_types, meta.locale);
      return withTenant(database, client.tenant.id, (trx) =>
        service.updateWebhook(trx, client.tenant.id, request.params.id, request.body, { type: 'integration', id: client.clientId }, deps, {
          now: meta.now,
          locale: meta.locale,
          traceId: meta.requestId,
        }),
      );
    },
  );

  app.delete(`${base}/:id`, { schema: { tags, security, summary: 'Delete a webhook subscription and its delivery log', params, response: { 204: z.null(), ...problems } } }, async (request, reply) => {
    const client = await deps.requireClient(request, 'webhooks:manage');
    const meta = requestMeta(request, clock);
    await withTenant(database, client.tenant.id, (trx) =>
      service.deleteWebhook(trx, client.tenant.id, request.params.id, { type: 'integration', id: client.clientId }, { now: meta.now, traceId: meta.requestId }),
    );
    return reply.code(204).send(null);
  });

  app.post(
    `${base}/:id/test`,
    { schema: { tags, security, summary: 'Send a signed webhook.test event to this subscription', params, response: { 202: ZWebhookTestResult, ...problems } } },
    async (request, reply) => {
      const client = await deps.requireClient(request, 'webhooks:manage');
      const meta = requestMeta(request, clock);
      const result = await withTenant(database, client.tenant.id, (trx) =>
        service.sendTestEvent(trx, client.tenant.id, request.params.id, { type: 'integration', id: client.clientId }, { now: meta.now, traceId: meta.requestId }),
      );
      return reply.code(202).send(result);
    },
  );

  app.get(
    `${base}/:id/deliveries`,
    {
      schema: {
        tags,
        security,
        summary: 'Delivery attempts of a subscription, newest first',
        params,
        querystring: ZWebhookDeliveriesQuery,
        response: { 200: z.array(ZWebhookDelivery), ...problems },
      },
    },
    async (request) => {
      const client = await deps.requireClient(request, 'webhooks:manage');
      return withTenant(database, client.tenant.id, (trx) =>
        service.listWebhookDeliveries(trx, client.tenant.id, { subscriptionId: request.params.id, before: request.query.before, limit: request.query.limit }),
      );
    },
  );
}
