// HTTP route of the start page (Übersicht) of a signed-in customer. The page is what every
// sign-in opens, so its answer is kept per login and customer account while the change feed
// reports no change to the account's data, its sessions or the login's linked accounts (ADR 0019),
// and only for the day it was made (due dates and "reading due" move with the date).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ZOverview } from '../../../api/overview.ts';
import { localDate, type Clock } from '../../clock.ts';
import { CurrentCache } from '../../db/change-feed.ts';
import type { Database } from '../../db/database.ts';
import { ZProblem } from '../../http/problem.ts';
import { authenticate } from '../identity/sessions.ts';
import { customerOverview } from './overview.service.ts';

type CachedOverview = { today: string; tenantVersion: number; body: string };

export function registerOverviewRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const cache = app.changeFeed ? new CurrentCache<CachedOverview>(app.changeFeed, 20_000) : null;
  app.get(
    '/api/v1/customer/overview',
    {
      schema: {
        tags: ['overview'],
        summary: 'The start page of the selected customer account: consumption points, balance, next instalment, new documents, open requests',
        response: { 200: ZOverview, 401: ZProblem, 409: ZProblem },
      },
    },
    async (request, reply) => {
      const now = clock();
      const auth = await authenticate(database, request, reply, now);
      const customerId = auth.selectedCustomerId;
      if (!cache || !app.changeFeed || !customerId) return customerOverview(database, auth, now);
      const key = `${auth.tenant.id} ${auth.loginId} ${customerId}`;
      const today = localDate(now, auth.tenant.config.timeZone);
      const tenantVersion = auth.tenant.updatedAt.getTime();
      const hit = cache.get(key);
      if (hit && hit.today === today && hit.tenantVersion === tenantVersion) return sendJson(reply, hit.body);
      const mark = app.changeFeed.mark();
      const overview = await customerOverview(database, auth, now);
      // What the route's serializer sends: the schema's parse, as JSON.
      const body = JSON.stringify(ZOverview.parse(overview));
      cache.set(key, mark, auth.tenant.id, [['customer', customerId], ['login', auth.loginId]], { today, tenantVersion, body });
      return sendJson(reply, body);
    },
  );
}

/** Sends JSON made earlier as it is (the route's serializer would parse it again). */
function sendJson(reply: FastifyReply, body: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').serializer((payload: unknown) => payload as string).send(body);
}
