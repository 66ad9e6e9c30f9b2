// POST /api/v1/integration/interval-data (ADR 0022): the billing or metering system sends 15-minute
// values as JSON, CSV (text/csv) or MSCONS (application/edifact); the body is streamed into
// importIntervalData, never buffered whole (up to 200 MB). 200 with the counts, 422 with the
// positioned errors (nothing written), 413 when the body is larger. The client authentication
// (OAuth2 bearer token with scope intervals:write) is passed in: `requireClient` of the
// integration clients module, e.g. in registerIntegrationRoutes:
//   registerIntervalImportRoutes(app, database, { requireClient });
import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { ZProblem } from '../../http/problem.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { importIntervalData, type IntervalFormat } from './interval-import.service.ts';

export const INTERVAL_BODY_LIMIT_BYTES = 200 * 1024 * 1024;

/** Authenticates an integration client of the host's tenant holding the scope (401/403 otherwise). */
export type IntervalClientAuth = (request: FastifyRequest, scope: 'intervals:write') => Promise<{ tenant: Tenant; clientKey: string }>;

const ZIntervalError = z.object({
  code: z.string(),
  message: z.object({ de: z.string(), en: z.string() }),
  line: z.number().int().optional(),
  column: z.string().optional(),
  record: z.number().int().optional(),
  path: z.string().optional(),
  segment: z.number().int().optional(),
  character: z.number().int().optional(),
});

const ZIntervalImportResult = z.object({
  runId: z.string(),
  status: z.enum(['succeeded', 'failed']),
  format: z.enum(['json', 'csv', 'mscons']),
  bytes: z.number().int(),
  records: z.number().int(),
  series: z.number().int(),
  values: z.number().int(),
  days: z.number().int(),
  errorCount: z.number().int(),
  errors: z.array(ZIntervalError),
});

const FORMATS: Record<string, IntervalFormat> = { 'application/json': 'json', 'text/csv': 'csv', 'application/edifact': 'mscons' };

/** Counts the bytes going through and fails with 413 beyond the limit. */
function limited(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) done(new AppError('payload_too_large'));
      else done(null, chunk);
    },
  });
}

export function registerIntervalImportRoutes(base: FastifyInstance, database: Database, deps: { requireClient: IntervalClientAuth }): void {
  void base.register(async (scope) => {
    // Route-local: the body stays a stream for these content types (JSON too: it may be large).
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(['application/json', 'text/csv', 'application/edifact'], (_request, payload, done) => {
      done(null, payload);
    });
    await Promise.resolve();
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/api/v1/integration/interval-data',
      {
        bodyLimit: INTERVAL_BODY_LIMIT_BYTES,
        schema: {
          tags: ['integration'],
          security: [{ integrationBearer: ['intervals:write'] }],
          summary: 'Import 15-minute values (JSON, CSV or MSCONS), applied whole or not at all',
          description:
            'Body as `application/json` ({ series: [...] }), `text/csv` (docs/API.md "Interval data CSV") or `application/edifact` (MSCONS ' +
            'load profiles); streamed, at most 200 MB. Values are merged into the stored days (a later value replaces an earlier one for the ' +
            'same quarter hour) and the daily sums are recomputed. 422 lists the first 100 errors with their position; then nothing was written.',
          headers: z.object({ 'x-file-name': z.string().max(200).optional() }).loose(),
          response: { 200: ZIntervalImportResult, 401: ZProblem, 403: ZProblem, 413: ZProblem, 415: ZProblem, 422: ZIntervalImportResult },
        },
      },
      async (request, reply) => {
        const client = await deps.requireClient(request, 'intervals:write');
        const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        const format = FORMATS[type];
        if (!format) throw new AppError('unsupported_media_type');
        const length = Number(request.headers['content-length'] ?? 0);
        if (length > INTERVAL_BODY_LIMIT_BYTES) throw new AppError('payload_too_large');
        const body = request.body as NodeJS.ReadableStream;
        const input = body.pipe(limited(INTERVAL_BODY_LIMIT_BYTES));
        const fileName = typeof request.headers['x-file-name'] === 'string' ? request.headers['x-file-name'] : null;
        // A body over the limit fails the stream with 413 (the run is recorded as failed).
        const result = await importIntervalData(database, client.tenant.id, { format, input, source: 'api', fileName, actor: client.clientKey, requestId: request.id });
        const { runId, status, bytes, records, series, values, days, errorCount, errors } = result;
        return reply.code(status === 'succeeded' ? 200 : 422).send({ runId, status, format, bytes, records, series, values, days, errorCount, errors });
      },
    );
  });
}
