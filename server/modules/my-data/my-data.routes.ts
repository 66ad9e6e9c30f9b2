// HTTP routes of "Meine Daten": the summary for the page and the download of the ZIP. Both are about
// the login (all its linked accounts), not about the selected account, and always available.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { EXPORT_INTERVAL_SECONDS, ZPersonalDataSummary } from '../../../api/my-data.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { ZProblem } from '../../http/problem.ts';
import { requestMeta } from '../identity/identity.routes.ts';
import { authenticate } from '../identity/sessions.ts';
import { contentDisposition } from '../requests/attachments.ts';
import * as service from './my-data.service.ts';

const problems = { 401: ZProblem, 403: ZProblem, 429: ZProblem };

export function registerMyDataRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const auth = (request: FastifyRequest, reply: FastifyReply) => authenticate(database, request, reply, clock());
  const tags = ['my-data'];

  app.get(
    '/api/v1/me/personal-data',
    {
      schema: {
        tags,
        summary: 'When this login last downloaded its data, and which customer accounts a download contains',
        response: { 200: ZPersonalDataSummary, ...problems },
      },
    },
    async (request, reply) => service.getSummary(database, await auth(request, reply)),
  );

  app.post(
    '/api/v1/me/personal-data/export',
    {
      schema: {
        tags,
        summary: 'Download everything stored about the login and its linked customer accounts (ZIP of JSON and CSV files)',
        description:
          'GDPR Art. 15/20. Answers `application/zip` (`Content-Disposition: attachment; filename="kundenportal-daten-<date>.zip"`, `no-store`), ' +
          'streamed: README.txt, login.json, audit-log.json/.csv and a folder `customer-<number>/` per linked account with JSON and CSV ' +
          '(semicolon, decimal comma, UTF-8 BOM) and the documents and attachments as files. Needs the password confirmed in the last five minutes ' +
          `(\`POST /api/v1/auth/reauth\`, otherwise 403 \`step_up_required\`); at most one export per login in ${String(EXPORT_INTERVAL_SECONDS)} seconds ` +
          '(429 `rate_limited` with `Retry-After`). Audited (`personal_data.exported`); the login gets a notice by mail.',
      },
    },
    async (request, reply) => {
      const { fileName, stream } = await service.exportPersonalData(database, await auth(request, reply), requestMeta(request, clock));
      return reply
        .type('application/zip')
        .header('Content-Disposition', contentDisposition(fileName))
        .header('Cache-Control', 'no-store')
        .send(stream);
    },
  );
}
