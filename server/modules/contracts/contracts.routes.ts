// HTTP route of the contracts page (module `contracts`): the selected customer account's contracts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZContractsOverview } from '../../../api/contracts.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { ZProblem } from '../../http/problem.ts';
import { authenticate } from '../identity/sessions.ts';
import { requireModule } from '../tenants/tenants.service.ts';
import { contractsOverview } from './contracts.service.ts';

const problems = { 400: ZProblem, 401: ZProblem, 404: ZProblem, 409: ZProblem };

export function registerContractRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const auth = async (request: FastifyRequest, reply: FastifyReply) => {
    const context = await authenticate(database, request, reply, clock());
    requireModule(context.tenant, 'contracts');
    return context;
  };

  app.get(
    '/api/v1/customer/contracts',
    {
      schema: {
        tags: ['contracts'],
        summary: 'Contracts and products per consumption point: prices, term, notice and earliest end, instalment, meters',
        description:
          'Prices are what the customer pays: gross with the VAT rate and the net price for consumption, the remuneration rate for feed-in. ' +
          '`earliestEndDate` is the earliest last day of supply if notice is given today (minimum term and notice period), ' +
          'with `noticeDeadline` while the minimum term still binds.',
        querystring: z.strictObject({ locale: z.enum(['de', 'en']).optional() }),
        response: { 200: ZContractsOverview, ...problems },
      },
    },
    async (request, reply) => contractsOverview(database, await auth(request, reply), clock()),
  );
}
