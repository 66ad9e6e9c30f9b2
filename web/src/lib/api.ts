// Fetching JSON from the portal server. Every response is validated against the shared zod schema,
// so components only ever see well-formed data. Every request says which language the UI speaks
// (Accept-Language): the server translates problem titles and field messages accordingly.
import i18next from 'i18next';
import type { z } from 'zod';

/** A message about one form field, already translated by the server. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The server answered with an error status (problem+json body when it came from our server). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly requestId: string | null;
  /** The problem's title in the UI language (null when the body was not problem+json). */
  readonly title: string | null;
  /** More about this occurrence, in the UI language, when the server gave it. */
  readonly detail: string | null;
  readonly fields: readonly FieldProblem[];
  /** Seconds to wait (Retry-After) before trying again, when the server said so. */
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    code: string | null,
    requestId: string | null,
    details: { title?: string | null; detail?: string | null; fields?: readonly FieldProblem[]; retryAfterSeconds?: number | null } = {},
  ) {
    super(`HTTP ${String(status)}${code ? ` (${code})` : ''}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.title = details.title ?? null;
    this.detail = details.detail ?? null;
    this.fields = details.fields ?? [];
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
  }
}

/** The request did not reach the server, or the answer was not what the schema describes. */
export class NetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

function field(body: unknown, key: string): unknown {
  if (typeof body !== 'object' || body === null || !(key in body)) return undefined;
  return (body as Record<string, unknown>)[key];
}

function stringField(body: unknown, key: string): string | null {
  const value = field(body, key);
  return typeof value === 'string' ? value : null;
}

function fieldProblems(body: unknown): FieldProblem[] {
  const errors = field(body, 'errors');
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry: unknown) => {
    const name = stringField(entry, 'field');
    const message = stringField(entry, 'message');
    return name !== null && message !== null ? [{ field: name, message }] : [];
  });
}

/** Retry-After as seconds (the server sends delta-seconds; an HTTP date is accepted too). */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

export async function problemOf(response: Response): Promise<ApiError> {
  let body: unknown = null;
  if (response.headers.get('content-type')?.includes('json')) {
    body = await response.json().catch(() => null);
  }
  return new ApiError(response.status, stringField(body, 'code'), stringField(body, 'requestId'), {
    title: stringField(body, 'title'),
    detail: stringField(body, 'detail'),
    fields: fieldProblems(body),
    retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
  });
}

/** The UI language as the server should answer in. */
function acceptLanguage(): string {
  return i18next.resolvedLanguage === 'en' ? 'en' : 'de';
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/** A successful response with the server's clock (Date header), for converting its timestamps. */
export interface ApiResponse<T> {
  data: T;
  /** The server's time when it answered (ms since epoch), null when the header is missing. */
  serverDate: number | null;
  /** The browser's time when the answer arrived. */
  receivedAt: number;
}

async function send(url: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': acceptLanguage() };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (error) {
    throw new NetworkError(`${method} ${url} failed`, { cause: error });
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

function serverDateOf(response: Response): number | null {
  const header = response.headers.get('date');
  if (header === null) return null;
  const parsed = Date.parse(header);
  return Number.isNaN(parsed) ? null : parsed;
}

/** Sends a request and parses the JSON answer with `schema`; returns the server's clock as well. */
export async function request<T>(url: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const response = await send(url, options);
  const receivedAt = Date.now();
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new NetworkError(`${options.method ?? 'GET'} ${url}: unexpected response`, { cause: parsed.error });
  }
  return { data: parsed.data, serverDate: serverDateOf(response), receivedAt };
}

/** A request whose answer has no body we need (204 No Content, 202 Accepted). */
export async function requestWithoutBody(url: string, options: RequestOptions = {}): Promise<void> {
  await send(url, options);
}

export async function getJson<T>(url: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
  return (await request(url, schema, { signal })).data;
}

/**
 * The server no longer knows the session: it ended without activity (`session_expired`) or was
 * ended elsewhere or its cookie is gone (`unauthenticated`). Other 401 codes (a wrong password or
 * second-factor code) are answers about the input, not about the session.
 */
export function isSessionLost(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && (error.code === 'session_expired' || error.code === 'unauthenticated');
}

/** Client errors (4xx) will not go away by asking again; network and server errors might. */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof ApiError && error.status < 500);
}
