// Liveness (the process answers) and readiness (the database answers and we are not shutting down).
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';

const ZHealth = z.object({ status: z.enum(['ok', 'unavailable']) });

export function registerHealthRoutes(app: FastifyInstance, database: Database, isShuttingDown: () => boolean): void {
  app.get(
    '/healthz',
    { schema: { tags: ['operations'], summary: 'Liveness', response: { 200: ZHealth } } },
    async (_request, reply) => reply.header('Cache-Control', 'no-store').send({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    { schema: { tags: ['operations'], summary: 'Readiness: database reachable', response: { 200: ZHealth, 503: ZHealth } } },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      if (isShuttingDown()) return reply.code(503).send({ status: 'unavailable' as const });
      try {
        await sql`select 1`.execute(database.db);
        return await reply.send({ status: 'ok' as const });
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.code(503).send({ status: 'unavailable' as const });
      }
    },
  );
}
