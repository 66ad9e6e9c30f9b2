// Back-office routes for the integration (admins): API clients, webhooks with the delivery log,
// import runs. Thin wrappers around integration-admin.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZImportRun } from '../../../api/backoffice.ts';
import { ZCreateClientRequest, ZCreatedClient, ZIntegrationClient } from '../../../api/integration.ts';
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
import type { Database } from '../../db/database.ts';
import { requestLocale, ZProblem } from '../../http/problem.ts';
import type { WebhookDeps } from '../integration/webhooks.service.ts';
import { authenticateStaff } from '../staff/staff-auth.ts';
import * as service from './integration-admin.ts';

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem };
const ZId = z.object({ id: z.uuid() });

export function registerIntegrationAdminRoutes(appBase: FastifyInstance, database: Database, clock: Clock, deps: WebhookDeps): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const admin = (request: FastifyRequest, reply: FastifyReply) => authenticateStaff(database, request, reply, clock(), 'admin');
  const meta = (request: FastifyRequest) => ({ now: clock(), locale: requestLocale(request), requestId: request.id });
  const tags = ['back office'];

  app.get('/api/v1/backoffice/integration/clients', { schema: { tags, summary: 'API clients of the billing system (admins)', response: { 200: z.array(ZIntegrationClient), ...problems } } }, async (request, reply) =>
    service.clients(database, await admin(request, reply)),
  );

  app.post(
    '/api/v1/backoffice/integration/clients',
    { schema: { tags, summary: 'Create an API client; the answer carries the secret, shown only now (admins)', body: ZCreateClientRequest, response: { 201: ZCreatedClient, ...problems } } },
    async (request, reply) => reply.code(201).send(await service.newClient(database, await admin(request, reply), request.body, meta(request))),
  );

  app.post(
    '/api/v1/backoffice/integration/clients/:id/revoke',
    { schema: { tags, summary: 'Revoke an API client; its tokens stop working at once (admins)', params: ZId, response: { 200: ZIntegrationClient, ...problems } } },
    async (request, reply) => service.endClient(database, await admin(request, reply), request.params.id, meta(request)),
  );

  app.get('/api/v1/backoffice/integration/webhooks', { schema: { tags, summary: 'Webhook subscriptions (admins)', response: { 200: z.array(ZWebhookSubscription), ...problems } } }, async (request, reply) =>
    service.listWebhooks(database, await admin(request, reply)),
  );

  app.post(
    '/api/v1/backoffice/integration/webhooks',
    { schema: { tags, summary: 'Add a webhook; the answer carries the signing secret, shown only now (admins)', body: ZWebhookCreate, response: { 201: ZWebhookWithSecret, ...problems } } },
    async (request, reply) => reply.code(201).send(await service.createWebhook(database, await admin(request, reply), request.body, deps, meta(request))),
  );

  app.patch(
    '/api/v1/backoffice/integration/webhooks/:id',
    { schema: { tags, summary: 'Change a webhook (URL, types, active) or rotate its secret (admins)', params: ZId, body: ZWebhookUpdate, response: { 200: ZWebhookUpdated, ...problems } } },
    async (request, reply) => service.updateWebhook(database, await admin(request, reply), request.params.id, request.body, deps, meta(request)),
  );

  app.delete('/api/v1/backoffice/integration/webhooks/:id', { schema: { tags, summary: 'Remove a webhook (admins)', params: ZId, response: { 204: z.null(), ...problems } } }, async (request, reply) => {
    await service.deleteWebhook(database, await admin(request, reply), request.params.id, meta(request));
    return reply.code(204).send(null);
  });

  app.post(
    '/api/v1/backoffice/integration/webhooks/:id/test',
    { schema: { tags, summary: 'Send a test event to a webhook (admins)', params: ZId, response: { 202: ZWebhookTestResult, ...problems } } },
    async (request, reply) => reply.code(202).send(await service.testWebhook(database, await admin(request, reply), request.params.id, meta(request))),
  );

  app.get(
    '/api/v1/backoffice/integration/webhooks/:id/deliveries',
    { schema: { tags, summary: 'Delivery log of a webhook: every attempt with status and error, newest first (admins)', params: ZId, querystring: ZWebhookDeliveriesQuery, response: { 200: z.array(ZWebhookDelivery), ...problems } } },
    async (request, reply) => service.deliveries(database, await admin(request, reply), request.params.id, request.query),
  );

  app.get(
    '/api/v1/backoffice/import-runs',
    { schema: { tags, summary: 'Import runs (API and command line) with counts and the first errors', querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }), response: { 200: z.array(ZImportRun), ...problems } } },
    async (request, reply) => service.importRuns(database, await authenticateStaff(database, request, reply, clock(), 'read'), requestLocale(request), request.query.limit),
  );
}
