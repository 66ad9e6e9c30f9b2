// Prometheus metrics at /metrics: HTTP latency by route, process metrics and outbox state.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import client from 'prom-client';
import type { Database } from '../db/database.ts';
import { sendProblem } from './problem.ts';

export function registerMetrics(app: FastifyInstance, database: Database, token: string | null): void {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'kundenportal_' });
  const duration = new client.Histogram({
    name: 'kundenportal_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new client.Gauge({
    name: 'kundenportal_outbox_jobs',
    help: 'Outbox jobs by status (dead = gave up after all retries)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const { rows } = await sql<{ status: string; n: number }>`
        select status, count(*)::int as n from outbox where status <> 'done' group by status
      `.execute(database.db);
      this.reset();
      for (const status of ['pending', 'running', 'dead']) {
        this.set({ status }, rows.find((row) => row.status === status)?.n ?? 0);
      }
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token && request.headers.authorization !== `Bearer ${token}`) {
      return sendProblem(request, reply, 'unauthenticated');
    }
    return reply.type(registry.contentType).header('Cache-Control', 'no-store').send(await registry.metrics());
  });
}
