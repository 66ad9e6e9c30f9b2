// HTTP routes of the GP-Nr letters: the request list, printing the open requests into one PDF and
// downloading a printed batch again. Thin wrappers around gp-letters.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZGpRequestItem, ZGpRequestQuery } from '../../../api/gp-letters.ts';
import type { TStaffPermission } from '../../../api/staff.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { requestLocale, ZProblem } from '../../http/problem.ts';
import { contentDisposition } from '../requests/attachments.ts';
import { authenticateStaff } from '../staff/staff-auth.ts';
import { createGpLetterBatch, gpLetterBatchPdf, gpMatchProblemText, listGpRequests } from './gp-letters.ts';

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem, 422: ZProblem };

export function registerGpLetterRoutes(appBase: FastifyInstance, database: Database, clock: Clock, config: Pick<Config, 'baseDomain' | 'publicScheme' | 'port'>): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const staff = (request: FastifyRequest, reply: FastifyReply, permission: TStaffPermission) => authenticateStaff(database, request, reply, clock(), permission);
  const tags = ['back office'];

  app.get(
    '/api/v1/backoffice/gp-requests',
    {
      schema: {
        tags,
        summary: 'Requests for a GP-Nr ("GP-Nr anfordern"), oldest first, with why an open one was not printed',
        querystring: ZGpRequestQuery,
        response: { 200: z.array(ZGpRequestItem), ...problems },
      },
    },
    async (request, reply) => {
      const auth = await staff(request, reply, 'read');
      const locale = requestLocale(request);
      const items = await withTenant(database, auth.tenant.id, (trx) => listGpRequests(trx, auth.tenant.id, { status: request.query.status }));
      return items.map((item) => ({
        ...item,
        createdAt: item.createdAt.toISOString(),
        sentAt: item.sentAt?.toISOString() ?? null,
        problemText: item.problem ? gpMatchProblemText[item.problem][locale] : null,
      }));
    },
  );

  app.post(
    '/api/v1/backoffice/gp-letters',
    {
      schema: {
        tags,
        summary: 'Print the open GP-Nr requests: one PDF with a letter per request for window envelopes; the printed ones are marked sent',
        description:
          'Answers the PDF. Headers: `X-Letters` (letters printed), `X-Unmatched` (requests left open, see GET /api/v1/backoffice/gp-requests?status=open), ' +
          '`X-Remaining` (open requests beyond this run), `Content-Location` (download the batch again). 409 `gp_requests_none_pending` when nothing is open, ' +
          '422 `gp_letters_none_printable` when no open request matches a customer.',
      },
    },
    async (request, reply) => {
      const auth = await staff(request, reply, 'work');
      const locale = requestLocale(request);
      const result = await createGpLetterBatch(database, auth.tenant, { staffLoginId: auth.staffId, now: clock(), urls: config, requestId: request.id });
      if (result.batchId === null) {
        throw new AppError('gp_letters_none_printable', {
          fields: result.unmatched.map((u) => ({ field: `requests.${u.requestId}`, message: `${u.name}, ${u.meterNumber}: ${gpMatchProblemText[u.reason][locale]}` })),
        });
      }
      return reply
        .type('application/pdf')
        .header('Content-Disposition', contentDisposition(`gp-nr-schreiben-${result.batchId}.pdf`))
        .header('Cache-Control', 'no-store')
        .header('Content-Location', `/api/v1/backoffice/gp-letters/${result.batchId}`)
        .header('X-Letters', String(result.letters))
        .header('X-Unmatched', String(result.unmatched.length))
        .header('X-Remaining', String(result.remaining))
        .send(result.pdf);
    },
  );

  app.get(
    '/api/v1/backoffice/gp-letters/:batchId',
    { schema: { tags, summary: 'A printed batch of GP-Nr letters again (the same PDF; audited)', params: z.object({ batchId: z.string().max(64) }) } },
    async (request, reply) => {
      const auth = await staff(request, reply, 'work');
      const batch = await gpLetterBatchPdf(database, auth.tenant, request.params.batchId, { staffLoginId: auth.staffId, requestId: request.id });
      return reply
        .type('application/pdf')
        .header('Content-Disposition', contentDisposition(batch.fileName))
        .header('Cache-Control', 'no-store')
        .send(batch.pdf);
    },
  );
}
