// problem+json responses (RFC 9457) in the language of the request.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { errorCodes, type ErrorCode, type FieldError } from '../errors.ts';

export const ZProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    requestId: z.string(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
export type TProblem = z.infer<typeof ZProblem>;

/** The locale of a request: ?locale, then Accept-Language, German by default. */
export function requestLocale(request: FastifyRequest): 'de' | 'en' {
  const query = request.query as Record<string, unknown> | undefined;
  if (query && (query.locale === 'en' || query.locale === 'de')) return query.locale;
  const header = request.headers['accept-language'];
  if (typeof header === 'string') {
    const first = header.split(',')[0]?.trim().toLowerCase() ?? '';
    if (first.startsWith('en')) return 'en';
  }
  return 'de';
}

export function problemBody(
  request: FastifyRequest,
  code: ErrorCode,
  options: { detail?: string | undefined; fields?: FieldError[] } = {},
): TProblem {
  const entry = errorCodes[code];
  return {
    type: `https://kundenportal.dev/problems/${code.replaceAll('_', '-')}`,
    title: entry.title[requestLocale(request)],
    status: entry.status,
    code,
    ...(options.detail ? { detail: options.detail } : {}),
    requestId: request.id,
    ...(options.fields && options.fields.length > 0 ? { errors: options.fields } : {}),
  };
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  options: { detail?: string | undefined; fields?: FieldError[] } = {},
): FastifyReply {
  const body = problemBody(request, code, options);
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}
