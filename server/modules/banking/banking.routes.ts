// HTTP routes of the bank details ("Bankverbindung"): validate, check the module and the session,
// call the service, respond. Every route works on the session's selected customer account.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZBankChangeRequest, ZBankChangeResult, ZBankingOverview } from '../../../api/banking.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import { requestLocale, ZProblem } from '../../http/problem.ts';
import { requestMeta } from '../identity/identity.routes.ts';
import { authenticate } from '../identity/sessions.ts';
import { contentDisposition } from '../requests/attachments.ts';
import { requireModule } from '../tenants/tenants.service.ts';
import * as service from './banking.service.ts';

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem, 413: ZProblem };

export function registerBankingRoutes(appBase: FastifyInstance, database: Database, clock: Clock, deps: service.BankingDeps): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  /** The utility must offer the module; then the session decides. */
  const auth = (request: FastifyRequest, reply: FastifyReply) => {
    requireModule(requireTenant(request), 'banking');
    return authenticate(database, request, reply, clock());
  };
  const tags = ['banking'];

  app.get(
    '/api/v1/customer/banking',
    {
      schema: {
        tags,
        summary: 'Bank details of the selected customer account per consumption point, the changes on record and the mandate text',
        description: 'IBANs are always masked. `mandateText` is in the language of the request (Accept-Language).',
        response: { 200: ZBankingOverview, ...problems },
      },
    },
    async (request, reply) => {
      const session = await auth(request, reply);
      return service.getOverview(database, session, requestLocale(request), clock());
    },
  );

  app.post(
    '/api/v1/customer/banking/changes',
    {
      schema: {
        tags,
        summary: 'Change the bank details: a new SEPA direct debit mandate or payment by transfer (needs a recent password confirmation)',
        description:
          'Without a password confirmation (`POST /api/v1/auth/reauth`) in the last five minutes the answer is 403 `step_up_required`. ' +
          'For `direct_debit`, `iban`, `holder` and `mandateConsent: true` are required, and `mandateTextVersion` and `mandateReference` must be ' +
          'the ones of `GET /api/v1/customer/banking` (409 otherwise). `premiseIds` are consumption points of the selected account ' +
          '(404 otherwise). Creates a customer request of kind `bank` with the mandate PDF attached; the same `idempotencyKey` returns the ' +
          'first change (200) instead of making another.',
        body: ZBankChangeRequest,
        response: { 200: ZBankChangeResult, 201: ZBankChangeResult, ...problems },
      },
    },
    async (request, reply) => {
      const session = await auth(request, reply);
      const { created, ...result } = await service.submitChange(database, session, request.body, deps, requestMeta(request, clock));
      return reply.code(created ? 201 : 200).send(result);
    },
  );

  app.get(
    '/api/v1/customer/banking/arrangements/:id/mandate.pdf',
    {
      schema: {
        tags,
        summary: 'The SEPA direct debit mandate of an arrangement as PDF (IBAN masked)',
        params: z.object({ id: z.uuid() }),
      },
    },
    async (request, reply) => {
      const session = await auth(request, reply);
      const file = await service.getMandatePdf(database, session, request.params.id);
      return reply
        .type('application/pdf')
        .header('Content-Disposition', contentDisposition(file.fileName))
        .header('Cache-Control', 'no-store')
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .send(file.content);
    },
  );
}
