// PostgreSQL text cannot hold the NUL character (U+0000): a body, query or path parameter with one
// would fail deep in a statement. Every request is checked before validation, and answers 400 with
// the field that holds it, translated, and nothing is changed.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { requestLocale } from './problem.ts';

const message = {
  de: 'Darf kein Nullzeichen (U+0000) enthalten.',
  en: 'Must not contain a NUL character (U+0000).',
};

/** The path of the first string (or key) holding U+0000, or null. Bounded depth; JSON is a tree. */
export function nulCharacterPath(value: unknown, path: string[] = [], depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(body)' : null;
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = nulCharacterPath(value[i], [...path, String(i)], depth + 1);
      if (found) return found;
    }
    return null;
  }
  // Parsed JSON, query and params only: a streamed body (interval data) is checked by its reader.
  if (Buffer.isBuffer(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '\\u0000')].join('.');
    const found = nulCharacterPath(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

export function registerTextInputCheck(app: FastifyInstance): void {
  app.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
    const field = nulCharacterPath(request.params) ?? nulCharacterPath(request.query) ?? nulCharacterPath(request.body);
    done(field ? new AppError('validation_failed', { fields: [{ field, message: message[requestLocale(request)] }] }) : undefined);
  });
}
