// HTTP routes of meter readings: validate, check the module, authenticate, call the service,
// respond. Every route works on the session's selected customer account.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZMeter, ZReadingCheck, ZReadingCheckRequest, ZReadingHistory, ZReadingSubmission, ZReadingSubmitRequest } from '../../../api/readings.ts';
import { ATTACHMENT_BODY_LIMIT_BYTES } from '../../../api/requests.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { ZProblem } from '../../http/problem.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import { requestMeta } from '../identity/identity.routes.ts';
import { authenticate } from '../identity/sessions.ts';
import { requireModule } from '../tenants/tenants.service.ts';
import * as service from './readings.service.ts';

const problems = { 400: ZProblem, 401: ZProblem, 404: ZProblem, 409: ZProblem, 413: ZProblem, 422: ZProblem };

export function registerReadingRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  /** The module gate, then the session. */
  const auth = (request: FastifyRequest, reply: FastifyReply) => {
    requireModule(requireTenant(request), 'readings');
    return authenticate(database, request, reply, clock());
  };
  const tags = ['readings'];
  const params = z.object({ meterId: z.uuid() });

  app.get(
    '/api/v1/customer/meters',
    {
      schema: {
        tags,
        summary: "The selected customer account's meters with registers, last readings and whether a reading is due",
        response: { 200: z.array(ZMeter), ...problems },
      },
    },
    async (request, reply) => service.listMeters(database, await auth(request, reply), clock()),
  );

  app.get(
    '/api/v1/customer/meters/:meterId/readings',
    {
      schema: {
        tags,
        summary: "A meter's readings, newest first, with source, status and consumption",
        params,
        response: { 200: ZReadingHistory, ...problems },
      },
    },
    async (request, reply) => service.meterHistory(database, await auth(request, reply), request.params.meterId),
  );

  app.post(
    '/api/v1/customer/meters/:meterId/readings/check',
    {
      schema: {
        tags,
        summary: 'Check a reading without saving it (the review step)',
        description:
          'Answers `ok` or `warning` (the submission then needs a comment) with the values as understood and the consumption; ' +
          'hard errors (date, digits, decimals, lower than the last reading) and implausible values answer 400 with field messages.',
        params,
        body: ZReadingCheckRequest,
        response: { 200: ZReadingCheck, ...problems },
      },
    },
    async (request, reply) => service.checkMeterReading(database, await auth(request, reply), request.params.meterId, request.body, requestMeta(request, clock)),
  );

  app.post(
    '/api/v1/customer/meters/:meterId/readings',
    {
      bodyLimit: ATTACHMENT_BODY_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Submit a reading of all registers of a meter; confirmed by mail',
        description:
          'Checked like `/check`. A plausible reading is accepted; one with a warning needs `comment` and is booked as pending review, ' +
          'with a customer request (reference number, optional `photo` as attachment). The same `idempotencyKey` answers the first result (200).',
        params,
        body: ZReadingSubmitRequest,
        response: { 200: ZReadingSubmission, 201: ZReadingSubmission, ...problems },
      },
    },
    async (request, reply) => {
      const { created, ...result } = await service.submitMeterReading(database, await auth(request, reply), request.params.meterId, request.body, requestMeta(request, clock));
      return reply.code(created ? 201 : 200).send(result);
    },
  );
}
