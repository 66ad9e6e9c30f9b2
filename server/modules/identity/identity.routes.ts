// HTTP routes of the identity module: thin wrappers that validate, call the service and respond.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZActivateRequest,
  ZChangeEmailRequest,
  ZChangePasswordRequest,
  ZPasswordConfirmation,
  ZForgotPasswordRequest,
  ZGpNumberRequest,
  ZLinkAccountRequest,
  ZLoginRequest,
  ZPasswordCheckRequest,
  ZPasswordCheckResponse,
  ZRegisterRequest,
  ZRegisterResponse,
  ZResendActivationRequest,
  ZResetPasswordRequest,
  ZSelectAccountRequest,
  ZSession,
  ZSessionListItem,
  ZTokenInfo,
  ZTokenRequest,
} from '../../../api/identity.ts';
import { ZSecondFactorRequired } from '../../../api/factors.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { requestLocale, ZProblem } from '../../http/problem.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import { checkPassword } from './password-policy.ts';
import * as account from './account.service.ts';
import * as service from './identity.service.ts';
import { authenticate, clearSessionCookie, readCookie, SESSION_COOKIE, setSessionCookie } from './sessions.ts';
import { hashToken } from './tokens.ts';

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 410: ZProblem, 422: ZProblem, 429: ZProblem };

/** What the services need to know about a request (client, language, time). */
export function requestMeta(request: FastifyRequest, clock: Clock): service.RequestMeta {
  return {
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
    locale: requestLocale(request),
    now: clock(),
  };
}

export function registerIdentityRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const meta = (request: FastifyRequest): service.RequestMeta => requestMeta(request, clock);
  const auth = (request: FastifyRequest, reply: FastifyReply) => authenticate(database, request, reply, clock());
  const tags = ['identity'];

  app.post(
    '/api/v1/auth/register',
    {
      schema: {
        tags,
        summary: 'Register for the portal with proof of being a customer; an activation link is mailed',
        body: ZRegisterRequest,
        response: { 202: ZRegisterResponse, ...problems },
      },
    },
    async (request, reply) => {
      const { email } = await service.register(database, requireTenant(request), request.body, { ...meta(request), locale: request.body.locale });
      return reply.code(202).send({ status: 'check_email' as const, email });
    },
  );

  app.post(
    '/api/v1/auth/gp-number-request',
    {
      schema: {
        tags,
        summary: 'Ask the grid operator for the GP-Nr (sent by letter); the requester gets a copy by mail',
        body: ZGpNumberRequest,
        response: { 202: z.object({ status: z.literal('received') }), ...problems },
      },
    },
    async (request, reply) => {
      await service.requestGpNumber(database, requireTenant(request), request.body, meta(request));
      return reply.code(202).send({ status: 'received' as const });
    },
  );

  app.post(
    '/api/v1/auth/token-info',
    { schema: { tags, summary: 'What a mailed link is for (activation, password reset)', body: ZTokenRequest, response: { 200: ZTokenInfo, ...problems } } },
    async (request) => service.tokenInfo(database, requireTenant(request), request.body.token, clock()),
  );

  app.post(
    '/api/v1/auth/activate',
    {
      schema: {
        tags,
        summary: 'Activate a registration with the mailed link (and set the password where none was given)',
        body: ZActivateRequest,
        response: { 200: z.object({ status: z.literal('activated'), email: z.string() }), ...problems },
      },
    },
    async (request) => {
      const { email } = await service.activate(database, requireTenant(request), request.body, meta(request));
      return { status: 'activated' as const, email };
    },
  );

  app.post(
    '/api/v1/auth/resend-activation',
    { schema: { tags, summary: 'Send the activation link again', body: ZResendActivationRequest, response: { 202: ZRegisterResponse, ...problems } } },
    async (request, reply) => {
      await service.resendActivation(database, requireTenant(request), request.body.email, { ...meta(request), locale: request.body.locale });
      return reply.code(202).send({ status: 'check_email' as const, email: request.body.email });
    },
  );

  app.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags,
        summary: 'Sign in with e-mail address or customer number and password',
        description: 'With a second factor set up, the answer is 202 and the sign-in continues at /api/v1/auth/second-factor or with a passkey.',
        body: ZLoginRequest,
        response: { 200: ZSession, 202: ZSecondFactorRequired, ...problems },
      },
    },
    async (request, reply) => {
      const previous = readCookie(request, SESSION_COOKIE);
      const result = await service.login(database, requireTenant(request), request.body, meta(request), previous ? hashToken(previous) : null);
      setSessionCookie(reply, result.token);
      reply.header('Cache-Control', 'no-store');
      return result.kind === 'complete' ? reply.code(200).send(result.session) : reply.code(202).send(result.secondFactor);
    },
  );

  app.post('/api/v1/auth/logout', { schema: { tags, summary: 'Sign out (ends this session)', response: { 204: z.null(), ...problems } } }, async (request, reply) => {
    for (const stage of ['complete', 'factor_pending'] as const) {
      try {
        await service.logout(database, await authenticate(database, request, reply, clock(), stage), request.id);
        break;
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 401) throw error;
      }
    }
    clearSessionCookie(reply);
    return reply.code(204).send(null);
  });

  app.get('/api/v1/auth/session', { schema: { tags, summary: 'The signed-in login, its customer accounts and the session timeouts', response: { 200: ZSession, ...problems } } }, async (request, reply) =>
    service.currentSession(database, await auth(request, reply)),
  );

  app.post('/api/v1/auth/keepalive', { schema: { tags, summary: 'Stay signed in (extends the idle timeout)', response: { 200: ZSession, ...problems } } }, async (request, reply) =>
    service.currentSession(database, await authenticate(database, request, reply, clock(), 'complete', 'always')),
  );

  app.post(
    '/api/v1/auth/select-account',
    { schema: { tags, summary: 'Choose the customer account to work in', body: ZSelectAccountRequest, response: { 200: ZSession, ...problems } } },
    async (request, reply) => service.selectAccount(database, await auth(request, reply), request.body.customerId, request.id),
  );

  app.post(
    '/api/v1/auth/forgot-password',
    { schema: { tags, summary: 'Mail a link to set a new password (same answer for unknown addresses)', body: ZForgotPasswordRequest, response: { 202: ZRegisterResponse, ...problems } } },
    async (request, reply) => {
      await service.forgotPassword(database, requireTenant(request), request.body.email, { ...meta(request), locale: request.body.locale });
      return reply.code(202).send({ status: 'check_email' as const, email: request.body.email });
    },
  );

  app.post(
    '/api/v1/auth/reset-password',
    {
      schema: {
        tags,
        summary: 'Set a new password with the mailed link (ends all sessions)',
        body: ZResetPasswordRequest,
        response: { 200: z.object({ status: z.literal('password_reset'), email: z.string() }), ...problems },
      },
    },
    async (request) => {
      const { email } = await service.resetPassword(database, requireTenant(request), request.body, meta(request));
      return { status: 'password_reset' as const, email };
    },
  );

  app.post(
    '/api/v1/auth/password-check',
    { schema: { tags, summary: "Check a password against the utility's policy (length, common passwords)", body: ZPasswordCheckRequest, response: { 200: ZPasswordCheckResponse, ...problems } } },
    async (request, reply) => {
      const tenant = requireTenant(request);
      const minLength = tenant.config.passwordMinLength;
      const found = checkPassword(request.body.password, { minLength, contextWords: [tenant.slug, tenant.config.displayName] });
      return reply.header('Cache-Control', 'no-store').send({ acceptable: found.length === 0, problems: found, minLength });
    },
  );

  app.post(
    '/api/v1/me/password',
    { schema: { tags, summary: 'Change the password (current, new, repeat); ends the other sessions', body: ZChangePasswordRequest, response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      const { token } = await service.changePassword(database, await auth(request, reply), request.body, meta(request));
      setSessionCookie(reply, token);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/accounts',
    { schema: { tags, summary: 'Link another customer account (same proof as registration)', body: ZLinkAccountRequest, response: { 200: ZSession, ...problems } } },
    async (request, reply) => service.linkAccount(database, await auth(request, reply), request.body, meta(request)),
  );

  app.delete(
    '/api/v1/me/accounts/:customerId',
    { schema: { tags, summary: 'Unlink a customer account from this login', params: z.object({ customerId: z.uuid() }), response: { 200: ZSession, 409: ZProblem, ...problems } } },
    async (request, reply) => service.unlinkAccount(database, await auth(request, reply), request.params.customerId, request.id),
  );

  app.post(
    '/api/v1/me/email',
    { schema: { tags, summary: 'Change the e-mail address (password required); the new address must confirm', body: ZChangeEmailRequest, response: { 202: ZRegisterResponse, ...problems } } },
    async (request, reply) => {
      const { email } = await account.requestEmailChange(database, await auth(request, reply), request.body, meta(request));
      return reply.code(202).send({ status: 'check_email' as const, email });
    },
  );

  app.post(
    '/api/v1/auth/confirm-email',
    {
      schema: {
        tags,
        summary: 'Confirm a new e-mail address with the mailed link; the old address is notified',
        body: ZTokenRequest,
        response: { 200: z.object({ status: z.literal('email_changed'), email: z.string() }), 409: ZProblem, ...problems },
      },
    },
    async (request) => {
      const { email } = await account.confirmEmailChange(database, requireTenant(request), request.body.token, meta(request));
      return { status: 'email_changed' as const, email };
    },
  );

  app.post(
    '/api/v1/auth/reauth',
    { schema: { tags, summary: 'Confirm the password before a sensitive change (valid for 5 minutes); the session gets a new cookie', body: ZPasswordConfirmation, response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      const { token } = await account.reauthenticate(database, await auth(request, reply), request.body.password, meta(request));
      setSessionCookie(reply, token);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/v1/me',
    { schema: { tags, summary: 'Delete the registration (password required); customer records stay with the utility', body: ZPasswordConfirmation, response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      await account.deleteRegistration(database, await auth(request, reply), request.body.password, meta(request));
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get('/api/v1/me/sessions', { schema: { tags, summary: 'Sessions of this login (signed-in devices)', response: { 200: z.array(ZSessionListItem), ...problems } } }, async (request, reply) =>
    service.listSessions(database, await auth(request, reply), requestLocale(request), clock()),
  );

  app.delete(
    '/api/v1/me/sessions/:id',
    { schema: { tags, summary: 'End one session of this login', params: z.object({ id: z.uuid() }), response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      await service.endSession(database, await auth(request, reply), request.params.id, request.id);
      return reply.code(204).send(null);
    },
  );
}
