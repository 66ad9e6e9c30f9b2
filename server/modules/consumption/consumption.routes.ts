// HTTP routes of the consumption module (Verbrauch): check the module, validate, authenticate, call
// the service, respond. Every route works on the session's selected customer account; registers of
// other accounts or other utilities answer 404.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  INTERVAL_EXPORT_MAX_DAYS,
  INTERVAL_VIEW_MAX_DAYS,
  ZConsumptionOverview,
  ZExportQuery,
  ZIntervalExportQuery,
  ZIntervalView,
  ZMonthQuery,
  ZMonthView,
  ZProjections,
  ZRangeQuery,
  ZYearQuery,
  ZYearsView,
  ZYearView,
} from '../../../api/consumption.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { requestLocale, ZProblem } from '../../http/problem.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import { authenticate, type AuthContext } from '../identity/sessions.ts';
import { contentDisposition } from '../requests/attachments.ts';
import { requireModule } from '../tenants/tenants.service.ts';
import * as service from './consumption.service.ts';

const problems = { 400: ZProblem, 401: ZProblem, 404: ZProblem, 409: ZProblem };
const params = z.strictObject({ registerId: z.uuid() });
const base = '/api/v1/customer/consumption';

export function registerConsumptionRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const auth = async (request: FastifyRequest, reply: FastifyReply): Promise<AuthContext> => {
    requireModule(requireTenant(request), 'consumption');
    return authenticate(database, request, reply, clock());
  };
  const tags = ['consumption'];
  const download = (reply: FastifyReply, file: service.Download) =>
    reply.type(file.contentType).header('Content-Disposition', contentDisposition(file.fileName)).header('Cache-Control', 'no-store').send(Readable.from(file.body));

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'The meters of the selected customer account by consumption point, with the data each register has',
        response: { 200: ZConsumptionOverview, ...problems },
      },
    },
    async (request, reply) => service.overview(database, await auth(request, reply), clock()),
  );

  app.get(
    `${base}/registers/:registerId/years`,
    { schema: { tags, summary: 'Consumption per year over the whole history of a register', params, response: { 200: ZYearsView, ...problems } } },
    async (request, reply) => service.yearsView(database, await auth(request, reply), request.params.registerId, clock()),
  );

  app.get(
    `${base}/registers/:registerId/year`,
    {
      schema: {
        tags,
        summary: 'Consumption per month of a year and of the previous year',
        description: 'Months without daily values take the consumption between meter readings, spread by the seasonal profile (`sources: ["readings"]`).',
        params,
        querystring: ZYearQuery,
        response: { 200: ZYearView, ...problems },
      },
    },
    async (request, reply) => service.yearView(database, await auth(request, reply), request.params.registerId, request.query.year, clock(), requestLocale(request)),
  );

  app.get(
    `${base}/registers/:registerId/month`,
    {
      schema: {
        tags,
        summary: 'Consumption per day of a month, with the same month of the previous year',
        params,
        querystring: ZMonthQuery,
        response: { 200: ZMonthView, ...problems },
      },
    },
    async (request, reply) => service.monthView(database, await auth(request, reply), request.params.registerId, request.query.month, clock(), requestLocale(request)),
  );

  app.get(
    `${base}/registers/:registerId/intervals`,
    {
      schema: {
        tags,
        summary: `15-minute values of up to ${String(INTERVAL_VIEW_MAX_DAYS)} days`,
        description:
          'One entry per local day with values: `start` is the instant of local midnight, value i covers 15 minutes from `start` + i x 15 min. ' +
          'Days have 96 values, 92 or 100 on the days the clocks change.',
        params,
        querystring: ZRangeQuery,
        response: { 200: ZIntervalView, ...problems },
      },
    },
    async (request, reply) =>
      service.intervalView(database, await auth(request, reply), request.params.registerId, request.query.from, request.query.to, clock(), requestLocale(request)),
  );

  for (const format of ['csv', 'json'] as const) {
    app.get(
      `${base}/registers/:registerId/history.${format}`,
      {
        schema: {
          tags,
          summary: `Download the whole consumption history of a register (${format.toUpperCase()})`,
          description:
            format === 'csv'
              ? 'For Excel: UTF-8 with BOM, `;` separated, decimal comma, dates DD.MM.YYYY, header in the language of `locale` (or Accept-Language). ' +
                'One row per daily value, one per period between meter readings where there are no daily values; gas has an extra kWh column.'
              : 'The rows of the CSV download as JSON (ISO dates, values in the register unit).',
          params,
          querystring: ZExportQuery,
          response: { 400: ZProblem, 401: ZProblem, 404: ZProblem, 409: ZProblem },
        },
      },
      async (request, reply) => {
        const file = await service.historyDownload(database, await auth(request, reply), request.params.registerId, format, requestLocale(request), clock(), request.id);
        return download(reply, file);
      },
    );

    app.get(
      `${base}/registers/:registerId/intervals.${format}`,
      {
        schema: {
          tags,
          summary: `Download the 15-minute values of up to ${String(INTERVAL_EXPORT_MAX_DAYS)} days (${format.toUpperCase()})`,
          description:
            format === 'csv'
              ? 'Local date, start and end time and MEZ/MESZ (CET/CEST) per quarter hour, value with decimal comma, quality; UTF-8 with BOM, `;` separated.'
              : 'Start and end with their UTC offset, value in the register unit, quality code.',
          params,
          querystring: ZIntervalExportQuery,
          response: { 400: ZProblem, 401: ZProblem, 404: ZProblem, 409: ZProblem },
        },
      },
      async (request, reply) => {
        const file = await service.intervalDownload(database, await auth(request, reply), request.params.registerId, request.query, format, requestLocale(request), clock(), request.id);
        return download(reply, file);
      },
    );
  }

  app.get(
    `${base}/projections`,
    {
      schema: {
        tags,
        summary: 'Expected cost of the billing year per contract against the instalments: expected additional payment or credit',
        description:
          'An estimate: the consumption so far, extrapolated with the seasonal profile (or, with less than 60 measured days, completed with the annual forecast), ' +
          'x the current gross energy price + the base price for the days supplied, minus the instalments of the billing year.',
        response: { 200: ZProjections, ...problems },
      },
    },
    async (request, reply) => service.projections(database, await auth(request, reply), clock()),
  );
}
