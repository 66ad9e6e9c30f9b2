// HTTP routes of invoices and documents (module `invoices`): list, new-documents notice, download.
// Every route works on the session's selected customer account.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZDocumentList, ZDocumentQuery, ZNewDocuments } from '../../../api/documents.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { ZProblem } from '../../http/problem.ts';
import { authenticate } from '../identity/sessions.ts';
import { contentDisposition } from '../requests/attachments.ts';
import { requireModule } from '../tenants/tenants.service.ts';
import * as service from './documents.service.ts';

const problems = { 400: ZProblem, 401: ZProblem, 404: ZProblem, 409: ZProblem };
const localeOnly = z.strictObject({ locale: z.enum(['de', 'en']).optional() });

export function registerDocumentRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const auth = async (request: FastifyRequest, reply: FastifyReply) => {
    const context = await authenticate(database, request, reply, clock());
    requireModule(context.tenant, 'invoices');
    return context;
  };
  const tags = ['documents'];

  app.get(
    '/api/v1/customer/documents',
    {
      schema: {
        tags,
        summary: "The selected customer account's invoices and documents, newest first",
        description: 'Filters: `kind` (invoice, contract, letter, notice, other) and `year` (of the document date). `total`, `unreadCount`, `years` and `kinds` describe all documents of the account.',
        querystring: ZDocumentQuery,
        response: { 200: ZDocumentList, ...problems },
      },
    },
    async (request, reply) => service.listDocuments(database, await auth(request, reply), request.query),
  );

  app.get(
    '/api/v1/customer/documents/new',
    {
      schema: {
        tags,
        summary: 'New (not yet downloaded) documents: their number and the newest ones, for the start page',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(20).default(3), locale: z.enum(['de', 'en']).optional() }),
        response: { 200: ZNewDocuments, ...problems },
      },
    },
    async (request, reply) => service.getNewDocuments(database, await auth(request, reply), request.query.limit),
  );

  app.get(
    '/api/v1/customer/documents/:id/file',
    {
      schema: {
        tags,
        summary: 'Download a document (PDF); the first download marks it read',
        params: z.object({ id: z.uuid() }),
        querystring: localeOnly,
      },
    },
    async (request, reply) => {
      const file = await service.downloadDocument(database, await auth(request, reply), request.params.id, { requestId: request.id, now: clock() });
      return reply
        .type(file.contentType)
        .header('Content-Disposition', contentDisposition(file.fileName))
        .header('Cache-Control', 'no-store')
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .send(file.content);
    },
  );
}
