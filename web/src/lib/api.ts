// Fetching JSON from the portal server. Every response is validated against the shared zod schema,
// so components only ever see well-formed data.
import type { z } from 'zod';

/** The server answered with an error status (problem+json body when it came from our server). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly requestId: string | null;

  constructor(status: number, code: string | null, requestId: string | null) {
    super(`HTTP ${String(status)}${code ? ` (${code})` : ''}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** The request did not reach the server, or the answer was not what the schema describes. */
export class NetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

function stringField(body: unknown, key: string): string | null {
  if (typeof body !== 'object' || body === null || !(key in body)) return null;
  const value: unknown = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}

async function problemOf(response: Response): Promise<ApiError> {
  let body: unknown = null;
  if (response.headers.get('content-type')?.includes('json')) {
    body = await response.json().catch(() => null);
  }
  return new ApiError(response.status, stringField(body, 'code'), stringField(body, 'requestId'));
}

export async function getJson<T>(url: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin', signal });
  } catch (error) {
    throw new NetworkError(`GET ${url} failed`, { cause: error });
  }
  if (!response.ok) throw await problemOf(response);
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new NetworkError(`GET ${url}: unexpected response`, { cause: parsed.error });
  return parsed.data;
}

/** Client errors (4xx) will not go away by asking again; network and server errors might. */
export function isRetryable(error: unknown): boolean {
  return !(error instanceof ApiError && error.status < 500);
}
