// HTTP routes of the account statement (module `account_statement`): the statement and its CSV.
// Both work on the session's selected customer account.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZAccountQuery, ZAccountStatement } from '../../../api/account.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { requestLocale, ZProblem } from '../../http/problem.ts';
import { authenticate } from '../identity/sessions.ts';
import { contentDisposition } from '../requests/attachments.ts';
import { requireModule } from '../tenants/tenants.service.ts';
import { accountStatement, accountStatementCsv } from './account.service.ts';

const problems = { 400: ZProblem, 401: ZProblem, 404: ZProblem, 409: ZProblem };

export function registerAccountRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const auth = async (request: FastifyRequest, reply: FastifyReply) => {
    const context = await authenticate(database, request, reply, clock());
    requireModule(context.tenant, 'account_statement');
    return context;
  };
  const tags = ['account'];

  app.get(
    '/api/v1/customer/account',
    {
      schema: {
        tags,
        summary: 'Account statement: balance, open items (overdue marked), the bookings of a year with running balance, upcoming instalments',
        description: '`year` defaults to the current year. Amounts in cents: positive = owed by the customer (Soll), negative = paid or credited (Haben).',
        querystring: ZAccountQuery,
        response: { 200: ZAccountStatement, ...problems },
      },
    },
    async (request, reply) => accountStatement(database, await auth(request, reply), request.query, clock()),
  );

  app.get(
    '/api/v1/customer/account/statement.csv',
    {
      schema: {
        tags,
        summary: "A year's bookings as CSV (semicolon, decimal comma, UTF-8 with BOM; headers in the request's language)",
        querystring: ZAccountQuery,
      },
    },
    async (request, reply) => {
      const file = await accountStatementCsv(database, await auth(request, reply), request.query, { locale: requestLocale(request), requestId: request.id, now: clock() });
      return reply.type('text/csv; charset=utf-8').header('Content-Disposition', contentDisposition(file.fileName)).header('Cache-Control', 'no-store').send(file.content);
    },
  );
}
