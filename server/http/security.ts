// Security headers on every response (including 404 and 500), CSRF defence for state-changing
// requests and request-size limits.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem.ts';

const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Swagger UI styles some elements with inline style attributes.
const docsCsp = csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

export function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('Content-Security-Policy', request.url.startsWith('/api/docs') ? docsCsp : csp);
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Referrer-Policy', 'strict-origin-when-cross-origin');
  reply.header('X-Frame-Options', 'DENY');
  reply.header('Cross-Origin-Opener-Policy', 'same-origin');
  reply.header('Cross-Origin-Resource-Policy', 'same-origin');
  reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
  if (isHttps(request)) reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Browsers mark cross-site and same-site (another tenant's subdomain) requests with Sec-Fetch-Site
 * and send Origin on every unsafe request; either one naming another site is refused.
 * Machine clients that send neither (billing systems with bearer tokens) are not browsers.
 */
function isForeignBrowserRequest(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.origin;
  if (typeof origin === 'string') {
    const expected = `${request.protocol}://${request.host}`;
    if (origin !== expected) return true;
  }
  return false;
}

export function registerSecurity(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    setSecurityHeaders(request, reply);
    if (unsafeMethods.has(request.method) && isForeignBrowserRequest(request)) {
      return sendProblem(request, reply, 'csrf_rejected');
    }
    return undefined;
  });
}
