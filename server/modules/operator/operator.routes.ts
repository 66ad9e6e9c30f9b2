// HTTP routes of the operator console (/api/v1/operator/..., installation host only): thin wrappers
// around operator.service. Every route but the sign-in steps needs a complete operator session.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZFailedMessage,
  ZOperatorAcceptInvitation,
  ZOperatorInvitationInfo,
  ZOperatorInvite,
  ZOperatorListItem,
  ZOperatorLoginRequest,
  ZOperatorLoginStep,
  ZOperatorSession,
  ZOperatorTotpRequest,
  ZOperatorTotpSetup,
  ZOperatorUpdate,
  ZTenantOverview,
  ZTenantStaff,
  ZTenantStaffInvite,
} from '../../../api/operator.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { ZProblem } from '../../http/problem.ts';
import { requestMeta } from '../identity/identity.routes.ts';
import { authenticateOperator, clearOperatorCookie, requireInstallationHost, setOperatorCookie } from './operator-auth.ts';
import * as service from './operator.service.ts';

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem, 410: ZProblem, 429: ZProblem };
const ZSlug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/);
const ZInvitationLink = z.object({ id: z.uuid(), invitationPath: z.string() });

/** The console's page that accepts an operator invitation (token in the fragment: never sent to servers or logs). */
export function operatorInvitationPath(token: string): string {
  return `/betrieb/einladung#${token}`;
}

export function registerOperatorRoutes(appBase: FastifyInstance, database: Database, clock: Clock, deps: service.OperatorDeps): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const meta = (request: FastifyRequest) => requestMeta(request, clock);
  const tags = ['operator'];
  const operator = (request: FastifyRequest, reply: FastifyReply) => authenticateOperator(database, request, reply, clock());
  const base = '/api/v1/operator';

  app.post(
    `${base}/auth/login`,
    {
      schema: {
        tags,
        summary: 'Operator sign-in, step 1: e-mail address and password (installation host only)',
        description: 'Always followed by the authenticator code (`/auth/totp`) or, the first time, by setting one up (`/auth/totp-setup`).',
        body: ZOperatorLoginRequest,
        response: { 202: ZOperatorLoginStep, ...problems },
      },
    },
    async (request, reply) => {
      requireInstallationHost(request);
      const result = await service.signIn(database, request.body, meta(request));
      setOperatorCookie(reply, result.token);
      reply.header('Cache-Control', 'no-store');
      return reply.code(202).send(result.step);
    },
  );

  app.post(
    `${base}/auth/totp`,
    { schema: { tags, summary: 'Operator sign-in, step 2: the code of the authenticator app', body: ZOperatorTotpRequest, response: { 200: ZOperatorSession, ...problems } } },
    async (request, reply) => {
      const auth = await authenticateOperator(database, request, reply, clock(), 'factor');
      const { token, session } = await service.verifyCode(database, auth, request.body.code, deps, meta(request));
      setOperatorCookie(reply, token);
      return session;
    },
  );

  app.get(
    `${base}/auth/totp-setup`,
    { schema: { tags, summary: 'Setting up the authenticator (first sign-in): a new secret as QR code', response: { 200: ZOperatorTotpSetup, ...problems } } },
    async (request, reply) => service.startEnrolment(database, await authenticateOperator(database, request, reply, clock(), 'enrol'), deps, meta(request)),
  );

  app.post(
    `${base}/auth/totp-setup`,
    { schema: { tags, summary: 'Confirm the authenticator with its first code; completes the sign-in', body: ZOperatorTotpRequest, response: { 200: ZOperatorSession, ...problems } } },
    async (request, reply) => {
      const auth = await authenticateOperator(database, request, reply, clock(), 'enrol');
      const { token, session } = await service.confirmEnrolment(database, auth, request.body.code, deps, meta(request));
      setOperatorCookie(reply, token);
      return session;
    },
  );

  app.get(`${base}/auth/session`, { schema: { tags, summary: 'The signed-in operator', response: { 200: ZOperatorSession, ...problems } } }, async (request, reply) =>
    service.sessionView(await operator(request, reply)),
  );

  app.post(`${base}/auth/logout`, { schema: { tags, summary: 'Sign out of the operator console', response: { 204: z.null(), ...problems } } }, async (request, reply) => {
    requireInstallationHost(request);
    const auth = await operator(request, reply).catch(() => null);
    if (auth) await service.signOut(database, auth, request.id);
    clearOperatorCookie(reply);
    return reply.code(204).send(null);
  });

  app.post(
    `${base}/auth/invitation-info`,
    { schema: { tags, summary: 'Who an operator invitation link is for', body: z.strictObject({ token: z.string().min(20).max(200) }), response: { 200: ZOperatorInvitationInfo, ...problems } } },
    async (request) => {
      requireInstallationHost(request);
      return service.invitationInfo(database, request.body.token, clock());
    },
  );

  app.post(
    `${base}/auth/accept-invitation`,
    { schema: { tags, summary: 'Set the password from the invitation link; the authenticator is set up next', body: ZOperatorAcceptInvitation, response: { 202: ZOperatorLoginStep, ...problems } } },
    async (request, reply) => {
      requireInstallationHost(request);
      const result = await service.acceptInvitation(database, request.body, meta(request));
      setOperatorCookie(reply, result.token);
      return reply.code(202).send(result.step);
    },
  );

  // --- tenants ---

  app.get(
    `${base}/tenants`,
    { schema: { tags, summary: 'All tenants with customers, logins, staff, open requests, the last import and the outbox', response: { 200: z.array(ZTenantOverview), ...problems } } },
    async (request, reply) => {
      await operator(request, reply);
      return service.overview(database);
    },
  );

  app.get(
    `${base}/tenants/:slug/staff`,
    { schema: { tags, summary: "A tenant's back-office staff (audited in the tenant)", params: z.object({ slug: ZSlug }), response: { 200: ZTenantStaff, ...problems } } },
    async (request, reply) => service.tenantStaff(database, await operator(request, reply), request.params.slug, request.id),
  );

  app.post(
    `${base}/tenants/:slug/staff`,
    { schema: { tags, summary: "Invite a member of a tenant's staff, e.g. a new utility's first admin (the tenant mails the link)", params: z.object({ slug: ZSlug }), body: ZTenantStaffInvite, response: { 201: z.object({ id: z.uuid() }), ...problems } } },
    async (request, reply) => {
      const created = await service.inviteTenantStaff(database, await operator(request, reply), request.params.slug, request.body, meta(request));
      return reply.code(201).send(created);
    },
  );

  app.post(
    `${base}/tenants/:slug/staff/:id/reset-second-factor`,
    { schema: { tags, summary: "Remove a staff member's authenticator (lost phone, no admin left to do it)", params: z.object({ slug: ZSlug, id: z.uuid() }), response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      await service.resetTenantStaffFactor(database, await operator(request, reply), request.params.slug, request.params.id, meta(request));
      return reply.code(204).send(null);
    },
  );

  // --- outbox ---

  app.get(
    `${base}/outbox/failed`,
    { schema: { tags, summary: 'Failed outbox messages (mails, webhooks) of all tenants', response: { 200: z.array(ZFailedMessage), ...problems } } },
    async (request, reply) => {
      await operator(request, reply);
      return service.failedMessages(database);
    },
  );

  app.post(
    `${base}/outbox/:slug/:id/retry`,
    { schema: { tags, summary: 'Queue a failed message again (audited in its tenant)', params: z.object({ slug: ZSlug, id: z.coerce.number().int().positive() }), response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      await service.retryMessage(database, await operator(request, reply), request.params.slug, request.params.id, request.id);
      return reply.code(204).send(null);
    },
  );

  // --- the operator team ---

  app.get(`${base}/operators`, { schema: { tags, summary: 'The operator team', response: { 200: z.array(ZOperatorListItem), ...problems } } }, async (request, reply) => {
    await operator(request, reply);
    return service.listOperators(database);
  });

  app.post(
    `${base}/operators`,
    { schema: { tags, summary: 'Invite an operator; answers the single-use link (72 hours) to hand over', body: ZOperatorInvite, response: { 201: ZInvitationLink, ...problems } } },
    async (request, reply) => {
      const auth = await operator(request, reply);
      const { id, token } = await service.inviteOperator(database, request.body, { operatorId: auth.operatorId }, meta(request));
      return reply.code(201).send({ id, invitationPath: operatorInvitationPath(token) });
    },
  );

  app.post(
    `${base}/operators/:id/renew-invitation`,
    { schema: { tags, summary: 'A new invitation link for an operator who has not accepted yet', params: z.object({ id: z.uuid() }), response: { 200: ZInvitationLink, ...problems } } },
    async (request, reply) => {
      const auth = await operator(request, reply);
      const { token } = await service.renewInvitation(database, { operatorId: auth.operatorId }, request.params.id, meta(request));
      return { id: request.params.id, invitationPath: operatorInvitationPath(token) };
    },
  );

  app.patch(
    `${base}/operators/:id`,
    { schema: { tags, summary: 'Lock or unlock an operator (never oneself, never the last active one)', params: z.object({ id: z.uuid() }), body: ZOperatorUpdate, response: { 200: ZOperatorListItem, ...problems } } },
    async (request, reply) => service.setOperatorStatus(database, await operator(request, reply), request.params.id, request.body.status, meta(request)),
  );
}
