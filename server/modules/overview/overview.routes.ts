// HTTP route of the start page (Übersicht) of a signed-in customer.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZOverview } from '../../../api/overview.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { ZProblem } from '../../http/problem.ts';
import { authenticate } from '../identity/sessions.ts';
import { customerOverview } from './overview.service.ts';

export function registerOverviewRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/v1/customer/overview',
    {
      schema: {
        tags: ['overview'],
        summary: 'The start page of the selected customer account: consumption points, balance, next instalment, new documents, open requests',
        response: { 200: ZOverview, 401: ZProblem, 409: ZProblem },
      },
    },
    async (request, reply) => {
      const now = clock();
      return customerOverview(database, await authenticate(database, request, reply, now), now);
    },
  );
}
