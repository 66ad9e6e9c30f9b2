// HTTP routes of the tenant settings for admins: read, change per section, and the live test field
// of the number formats. Thin wrappers around tenants/settings.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZNumberFormatTest, ZNumberFormatTestResult, ZSettings, ZSettingsPatch } from '../../../api/settings.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { requestLocale, ZProblem } from '../../http/problem.ts';
import { authenticateStaff } from '../staff/staff-auth.ts';
import { getSettings, testNumberFormat, updateSettings } from '../tenants/settings.ts';

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem, 413: ZProblem };

export function registerSettingsRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const admin = (request: FastifyRequest, reply: FastifyReply) => authenticateStaff(database, request, reply, clock(), 'admin');
  const tags = ['back office'];

  app.get(
    '/api/v1/backoffice/settings',
    { schema: { tags, summary: "The utility's settings (admins): configuration, logo and version", response: { 200: ZSettings, ...problems } } },
    async (request, reply) => {
      const auth = await admin(request, reply);
      return reply.header('Cache-Control', 'no-store').send(await getSettings(database.db, auth.tenant.id));
    },
  );

  app.patch(
    '/api/v1/backoffice/settings',
    {
      // A logo of 512 KB travels as about 700,000 base64 characters.
      bodyLimit: 1024 * 1024,
      schema: {
        tags,
        summary: 'Change settings section by section (admins); checked, audited, effective for new requests at once',
        description:
          'Field errors (400 `validation_failed`) name the field, e.g. `branding.primaryColor` with the measured contrast ratio. ' +
          'Send the `version` from GET to refuse (409) an update when another admin changed the settings meanwhile.',
        body: ZSettingsPatch,
        response: { 200: ZSettings, ...problems },
      },
    },
    async (request, reply) => {
      const auth = await admin(request, reply);
      // The change feed tells every process's TenantResolver (this one's too) of a change (ADR 0019).
      const updated = await updateSettings(database, auth.tenant.id, request.body, {
        staffLoginId: auth.staffId,
        now: clock(),
        locale: requestLocale(request),
        requestId: request.id,
      });
      return reply.header('Cache-Control', 'no-store').send({ config: updated.config, logo: updated.logo, version: updated.version });
    },
  );

  app.post(
    '/api/v1/backoffice/settings/number-format-test',
    { schema: { tags, summary: 'Live test of a number format: is the pattern usable, does a value match?', body: ZNumberFormatTest, response: { 200: ZNumberFormatTestResult, ...problems } } },
    async (request, reply) => {
      await admin(request, reply);
      return testNumberFormat(request.body.pattern, request.body.value, requestLocale(request));
    },
  );
}
