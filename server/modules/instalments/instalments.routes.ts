// HTTP routes of the instalments module (Abschlag): the overview and the change request of the
// selected customer account. Only where the utility offers the module.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZInstalmentChangeRequest, ZInstalmentOverview } from '../../../api/instalments.ts';
import { ZCreatedRequest } from '../../../api/requests.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { ZProblem } from '../../http/problem.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import { requestMeta } from '../identity/identity.routes.ts';
import { authenticate } from '../identity/sessions.ts';
import { requireModule } from '../tenants/tenants.service.ts';
import * as service from './instalments.service.ts';

const problems = { 400: ZProblem, 401: ZProblem, 404: ZProblem, 409: ZProblem };

export function registerInstalmentRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const auth = async (request: FastifyRequest, reply: FastifyReply) => {
    requireModule(requireTenant(request), 'instalments');
    return authenticate(database, request, reply, clock());
  };
  const tags = ['instalments'];

  app.get(
    '/api/v1/customer/instalments',
    {
      schema: {
        tags,
        summary: 'Instalments (Abschlag) of the selected customer account: amount and validity per contract, next due dates and total, recommendation, pending changes',
        response: { 200: ZInstalmentOverview, ...problems },
      },
    },
    async (request, reply) => service.getOverview(database, await auth(request, reply), clock()),
  );

  app.post(
    '/api/v1/customer/instalments/change-requests',
    {
      schema: {
        tags,
        summary: 'Ask to change the instalment of a contract; becomes a request (kind instalment) with a confirmation mail',
        description:
          '`desiredAmount` is text as typed ("85", "85,50", "1.085,00 €") and must lie within the limits of the utility around the current amount; ' +
          '`desiredDate` (`YYYY-MM-DD`) not before the next due date and at most a year ahead; `comment` is required. One open change per contract (409 otherwise). ' +
          'The same `idempotencyKey` returns the first request (200) instead of creating another.',
        body: ZInstalmentChangeRequest,
        response: { 200: ZCreatedRequest, 201: ZCreatedRequest, ...problems },
      },
    },
    async (request, reply) => {
      const { created, ...result } = await service.requestChange(database, await auth(request, reply), request.body, requestMeta(request, clock));
      return reply.code(created ? 201 : 200).send(result);
    },
  );
}
