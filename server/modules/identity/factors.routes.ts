// HTTP routes of second factors: the second step of signing in, passkey sign-in, and managing TOTP,
// passkeys and recovery codes under /api/v1/me/factors.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAddPasskeyRequest,
  ZFactorChangeResult,
  ZFactors,
  ZPasskeyLoginRequest,
  ZSecondFactorRequest,
  ZSecondFactorRequired,
  ZTotpConfirmRequest,
  ZTotpSetup,
  ZWebAuthnOptions,
} from '../../../api/factors.ts';
import { ZSession } from '../../../api/identity.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { ZProblem } from '../../http/problem.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import * as factors from './factors.service.ts';
import { requestMeta } from './identity.routes.ts';
import { authenticate, readCookie, SESSION_COOKIE, setSessionCookie, type AuthContext } from './sessions.ts';
import { hashToken } from './tokens.ts';

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem, 429: ZProblem };

export function registerFactorRoutes(appBase: FastifyInstance, database: Database, clock: Clock, deps: factors.FactorDeps): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const meta = (request: FastifyRequest) => requestMeta(request, clock);
  const auth = (request: FastifyRequest, reply: FastifyReply) => authenticate(database, request, reply, clock());
  const pending = (request: FastifyRequest, reply: FastifyReply) => authenticate(database, request, reply, clock(), 'factor_pending');
  const rp = (request: FastifyRequest) => factors.relyingPartyOf(request);
  const tags = ['second factor'];

  app.get(
    '/api/v1/auth/second-factor',
    { schema: { tags, summary: 'The factors a half-finished sign-in can continue with', response: { 200: ZSecondFactorRequired, ...problems } } },
    async (request, reply) => factors.pendingSignIn(database, await pending(request, reply)),
  );

  app.post(
    '/api/v1/auth/second-factor',
    {
      schema: {
        tags,
        summary: 'Finish signing in with a code from the authenticator app or a recovery code',
        body: ZSecondFactorRequest,
        response: { 200: ZSession, ...problems },
      },
    },
    async (request, reply) => {
      const result = await factors.completeWithCode(database, await pending(request, reply), request.body, deps, meta(request));
      setSessionCookie(reply, result.token);
      return reply.header('Cache-Control', 'no-store').send(result.session);
    },
  );

  app.post(
    '/api/v1/auth/passkey/options',
    {
      schema: {
        tags,
        summary: 'Start signing in with a passkey (passwordless, or as the second step after the password)',
        response: { 200: ZWebAuthnOptions, ...problems },
      },
    },
    async (request, reply) => {
      let half: AuthContext | null = null;
      try {
        half = await pending(request, reply);
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 401) throw error;
      }
      return reply.header('Cache-Control', 'no-store').send(await factors.passkeyLoginOptions(database, requireTenant(request), half, rp(request), meta(request)));
    },
  );

  app.post(
    '/api/v1/auth/passkey',
    { schema: { tags, summary: 'Sign in with a passkey', body: ZPasskeyLoginRequest, response: { 200: ZSession, ...problems } } },
    async (request, reply) => {
      const previous = readCookie(request, SESSION_COOKIE);
      const result = await factors.signInWithPasskey(database, requireTenant(request), request.body, rp(request), meta(request), previous ? hashToken(previous) : null);
      setSessionCookie(reply, result.token);
      return reply.header('Cache-Control', 'no-store').send(result.session);
    },
  );

  app.get('/api/v1/me/factors', { schema: { tags, summary: 'Second factors of this login', response: { 200: ZFactors, ...problems } } }, async (request, reply) =>
    factors.listFactors(database, await auth(request, reply)),
  );

  app.post(
    '/api/v1/me/factors/totp',
    {
      schema: {
        tags,
        summary: 'Start setting up an authenticator app (needs a recent password confirmation, /api/v1/auth/reauth)',
        response: { 200: ZTotpSetup, ...problems },
      },
    },
    async (request, reply) => factors.startTotpSetup(database, await auth(request, reply), deps, meta(request)),
  );

  app.post(
    '/api/v1/me/factors/totp/confirm',
    {
      schema: {
        tags,
        summary: 'Finish the setup with a first code; the first factor brings recovery codes (shown once)',
        body: ZTotpConfirmRequest,
        response: { 200: ZFactorChangeResult, ...problems },
      },
    },
    async (request, reply) => factors.confirmTotp(database, await auth(request, reply), request.body.code, deps, meta(request)),
  );

  app.delete(
    '/api/v1/me/factors/totp',
    { schema: { tags, summary: 'Turn sign-in with an authenticator app off (needs a recent password confirmation)', response: { 200: ZFactors, ...problems } } },
    async (request, reply) => factors.disableTotp(database, await auth(request, reply), meta(request)),
  );

  app.post(
    '/api/v1/me/factors/recovery-codes',
    { schema: { tags, summary: 'Replace the recovery codes (needs a recent password confirmation)', response: { 200: ZFactorChangeResult, ...problems } } },
    async (request, reply) => factors.renewRecoveryCodes(database, await auth(request, reply), meta(request)),
  );

  app.post(
    '/api/v1/me/factors/passkeys/options',
    { schema: { tags, summary: 'Start adding a passkey (needs a recent password confirmation)', response: { 200: ZWebAuthnOptions, ...problems } } },
    async (request, reply) => factors.passkeyRegistrationOptions(database, await auth(request, reply), rp(request), meta(request)),
  );

  app.post(
    '/api/v1/me/factors/passkeys',
    { schema: { tags, summary: 'Save a new passkey', body: ZAddPasskeyRequest, response: { 200: ZFactorChangeResult, ...problems } } },
    async (request, reply) => factors.addPasskey(database, await auth(request, reply), request.body, rp(request), meta(request)),
  );

  app.delete(
    '/api/v1/me/factors/passkeys/:id',
    {
      schema: {
        tags,
        summary: 'Remove a passkey (needs a recent password confirmation)',
        params: z.object({ id: z.uuid() }),
        response: { 200: ZFactors, ...problems },
      },
    },
    async (request, reply) => factors.removePasskey(database, await auth(request, reply), request.params.id, meta(request)),
  );
}
