// HTTP routes of the customer data page ("Persönliche Daten"): the data of the selected customer
// account, the contact data change and the billing address change. Always available.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZAddressChange, ZContactChange, ZContactChangeResult, ZCustomerData } from '../../../api/customer-data.ts';
import { ZCreatedRequest } from '../../../api/requests.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { ZProblem } from '../../http/problem.ts';
import { requestMeta } from '../identity/identity.routes.ts';
import { authenticate } from '../identity/sessions.ts';
import * as service from './customer-data.service.ts';

const problems = { 400: ZProblem, 401: ZProblem, 404: ZProblem, 409: ZProblem, 429: ZProblem };

export function registerCustomerDataRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const auth = (request: FastifyRequest, reply: FastifyReply) => authenticate(database, request, reply, clock());
  const tags = ['customer data'];

  app.get(
    '/api/v1/customer/data',
    {
      schema: {
        tags,
        summary: 'Name, customer number, billing address and contact data of the selected customer account, the login e-mail address and a pending address change',
        response: { 200: ZCustomerData, ...problems },
      },
    },
    async (request, reply) => service.getCustomerData(database, await auth(request, reply)),
  );

  app.post(
    '/api/v1/customer/data/contact',
    {
      schema: {
        tags,
        summary: 'Change phone number and contact e-mail address (applied at once, recorded as a request of kind contact)',
        description:
          'An empty value removes the phone number or contact address. The contact address may differ from the e-mail address of the login. ' +
          'A confirmation with the reference number is mailed to the login. The same `idempotencyKey` returns the first request (200) and changes nothing.',
        body: ZContactChange,
        response: { 200: ZContactChangeResult, 201: ZContactChangeResult, ...problems },
      },
    },
    async (request, reply) => {
      const { created, ...result } = await service.changeContact(database, await auth(request, reply), request.body, requestMeta(request, clock));
      return reply.code(created ? 201 : 200).send(result);
    },
  );

  app.post(
    '/api/v1/customer/data/billing-address',
    {
      schema: {
        tags,
        summary: 'Ask for a new billing address from a date, confirmed with the password; becomes a request of kind address',
        description:
          'Postal code by country (DE 5 digits, AT 4); `validFrom` (`YYYY-MM-DD`) from today up to a year ahead; `password` is the login password, ' +
          'checked in this request (a wrong one is a field error, throttled like the sign-in). One open address change at a time (409 otherwise). ' +
          'The same `idempotencyKey` returns the first request (200).',
        body: ZAddressChange,
        response: { 200: ZCreatedRequest, 201: ZCreatedRequest, ...problems },
      },
    },
    async (request, reply) => {
      const { created, ...result } = await service.requestAddressChange(database, await auth(request, reply), request.body, requestMeta(request, clock));
      return reply.code(created ? 201 : 200).send(result);
    },
  );
}
