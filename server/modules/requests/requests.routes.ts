// HTTP routes of customer requests ("Meine Anliegen") and the contact form: validate, call the
// service, respond. Every route works on the session's selected customer account.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ATTACHMENT_BODY_LIMIT_BYTES, ZCreatedRequest, ZMessageRequest, ZPremise, ZRequestDetail, ZRequestListItem } from '../../../api/requests.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { requestLocale, ZProblem } from '../../http/problem.ts';
import { requestMeta } from '../identity/identity.routes.ts';
import { authenticate } from '../identity/sessions.ts';
import { contentDisposition } from './attachments.ts';
import * as service from './requests.service.ts';

const problems = { 400: ZProblem, 401: ZProblem, 404: ZProblem, 409: ZProblem, 413: ZProblem };

export function registerRequestRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const auth = (request: FastifyRequest, reply: FastifyReply) => authenticate(database, request, reply, clock());
  const tags = ['requests'];

  app.get(
    '/api/v1/customer/requests',
    { schema: { tags, summary: "The selected customer account's requests, newest first, with their status", response: { 200: z.array(ZRequestListItem), ...problems } } },
    async (request, reply) => service.listRequests(database, await auth(request, reply)),
  );

  app.get(
    '/api/v1/customer/requests/:id',
    {
      schema: {
        tags,
        summary: 'One request with its status history and attachments',
        params: z.object({ id: z.uuid() }),
        response: { 200: ZRequestDetail, ...problems },
      },
    },
    async (request, reply) => service.getRequest(database, await auth(request, reply), request.params.id, requestLocale(request)),
  );

  app.get(
    '/api/v1/customer/requests/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'Download an attachment of a request (PDF, JPEG or PNG)',
        params: z.object({ id: z.uuid(), attachmentId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const file = await service.getAttachment(database, await auth(request, reply), request.params.id, request.params.attachmentId);
      return reply
        .type(file.contentType)
        .header('Content-Disposition', contentDisposition(file.fileName))
        .header('Cache-Control', 'no-store')
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .send(file.content);
    },
  );

  app.post(
    '/api/v1/customer/requests/messages',
    {
      bodyLimit: ATTACHMENT_BODY_LIMIT_BYTES,
      schema: {
        tags,
        summary: 'Send a message (contact form); a confirmation with the reference number is mailed',
        description:
          'Subject, message and phone are required; `premiseId` is a consumption point of the selected account; ' +
          '`attachment` is one PDF, JPEG or PNG up to 5 MB, base64-encoded. The same `idempotencyKey` returns the first request (200) instead of creating another.',
        body: ZMessageRequest,
        response: { 200: ZCreatedRequest, 201: ZCreatedRequest, ...problems },
      },
    },
    async (request, reply) => {
      const { created, ...result } = await service.submitMessage(database, await auth(request, reply), request.body, requestMeta(request, clock));
      return reply.code(created ? 201 : 200).send(result);
    },
  );

  app.get(
    '/api/v1/customer/premises',
    { schema: { tags, summary: 'The consumption points (Verbrauchsstellen) of the selected customer account', response: { 200: z.array(ZPremise), ...problems } } },
    async (request, reply) => service.listPremises(database, await auth(request, reply)),
  );
}
