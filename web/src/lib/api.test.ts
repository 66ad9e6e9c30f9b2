import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import de from '../locales/de.json';
import en from '../locales/en.json';
import { ApiError, isSessionLost, NetworkError, parseRetryAfter, problemOf } from './api.ts';
import { formatDateTime } from './format.ts';
import { problemMessage } from './problems.ts';

describe('problem+json', () => {
  it('keeps code, translated title, field messages and Retry-After', async () => {
    const body = {
      type: 'https://kundenportal.dev/problems/validation-failed',
      title: 'Bitte prüfen Sie Ihre Eingaben.',
      status: 400,
      code: 'validation_failed',
      detail: 'Mehr dazu',
      requestId: 'req-1',
      errors: [{ field: 'email', message: 'Ungültig' }, { field: 3 }],
    };
    const response = new Response(JSON.stringify(body), {
      status: 400,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '30' },
    });
    const error = await problemOf(response);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', requestId: 'req-1', title: body.title, detail: 'Mehr dazu', retryAfterSeconds: 30 });
    expect(error.fields).toEqual([{ field: 'email', message: 'Ungültig' }]);
  });

  it('copes with bodies that are not problem+json', async () => {
    const error = await problemOf(new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    expect(error).toMatchObject({ status: 502, code: null, title: null, fields: [] });
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter('Sat, 21 Nov 2026 12:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('bald')).toBeNull();
  });
});

describe('messages for failed requests', () => {
  const i18n = i18next.createInstance();
  void i18n.init({ resources: { de: { translation: de }, en: { translation: en } }, lng: 'de', initAsync: false });
  const t = i18n.t;

  it("prefers the form's own text, then the server's title", () => {
    const wrong = new ApiError(401, 'invalid_credentials', 'r', { title: 'Vom Server' });
    expect(problemMessage(t, wrong, { invalid_credentials: 'Eigener Text' })).toBe('Eigener Text');
    expect(problemMessage(t, wrong)).toBe('Vom Server');
  });

  it('says how long to wait when rate limited', () => {
    expect(problemMessage(t, new ApiError(429, 'rate_limited', 'r', { retryAfterSeconds: 1 }))).toContain('1 Sekunde ');
    expect(problemMessage(t, new ApiError(429, 'rate_limited', 'r', { retryAfterSeconds: 150 }))).toContain('3 Minuten');
    expect(problemMessage(t, new ApiError(429, 'rate_limited', 'r'))).toContain('einen Moment');
  });

  it('explains network and server errors in plain words', () => {
    expect(problemMessage(t, new NetworkError('down'))).toBe(de.status.networkError);
    expect(problemMessage(t, new ApiError(500, 'internal', 'r', { title: 'Interner Fehler' }))).toBe(de.status.serverError);
  });
});

describe('formatDateTime', () => {
  it("shows the tenant's local time in the UI language", () => {
    expect(formatDateTime('2026-11-21T13:05:00Z', 'de', 'Europe/Berlin')).toBe('21.11.2026, 14:05');
    expect(formatDateTime('2026-07-01T08:00:00Z', 'en', 'Europe/Vienna')).toBe('1 Jul 2026, 10:00');
  });
});

describe('isSessionLost', () => {
  it('is only about the session, not about a wrong password or code', () => {
    expect(isSessionLost(new ApiError(401, 'session_expired', null))).toBe(true);
    expect(isSessionLost(new ApiError(401, 'unauthenticated', null))).toBe(true);
    expect(isSessionLost(new ApiError(401, 'invalid_credentials', null))).toBe(false);
    expect(isSessionLost(new ApiError(401, 'second_factor_invalid', null))).toBe(false);
    expect(isSessionLost(new ApiError(403, 'forbidden', null))).toBe(false);
    expect(isSessionLost(new NetworkError('offline'))).toBe(false);
  });
});
