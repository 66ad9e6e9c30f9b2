// HTTP routes of the back office's sign-in and staff management: thin wrappers around staff.service.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZColleague,
  ZStaffAcceptInvitation,
  ZStaffInvitationInfo,
  ZStaffInvite,
  ZStaffListItem,
  ZStaffLoginRequest,
  ZStaffLoginStep,
  ZStaffSession,
  ZStaffTotpRequest,
  ZStaffTotpSetup,
  ZStaffUpdate,
} from '../../../api/staff.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { ZProblem } from '../../http/problem.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import { requestMeta } from '../identity/identity.routes.ts';
import * as service from './staff.service.ts';
import { authenticateStaff, clearStaffCookie, setStaffCookie } from './staff-auth.ts';

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem, 410: ZProblem, 429: ZProblem };
const ZId = z.object({ id: z.uuid() });

export function registerStaffRoutes(appBase: FastifyInstance, database: Database, clock: Clock, deps: service.StaffDeps): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const meta = (request: FastifyRequest) => requestMeta(request, clock);
  const tags = ['back office'];
  const admin = (request: FastifyRequest, reply: FastifyReply) => authenticateStaff(database, request, reply, clock(), 'admin');

  app.post(
    '/api/v1/backoffice/auth/login',
    {
      schema: {
        tags,
        summary: 'Back-office sign-in, step 1: e-mail address and password',
        description: 'Always followed by the authenticator code (`/auth/totp`) or, the first time, by setting one up (`/auth/totp-setup`).',
        body: ZStaffLoginRequest,
        response: { 202: ZStaffLoginStep, ...problems },
      },
    },
    async (request, reply) => {
      const result = await service.signIn(database, requireTenant(request), request.body, meta(request));
      setStaffCookie(reply, result.token);
      reply.header('Cache-Control', 'no-store');
      return reply.code(202).send(result.step);
    },
  );

  app.post(
    '/api/v1/backoffice/auth/totp',
    { schema: { tags, summary: 'Back-office sign-in, step 2: the code of the authenticator app', body: ZStaffTotpRequest, response: { 200: ZStaffSession, ...problems } } },
    async (request, reply) => {
      const auth = await authenticateStaff(database, request, reply, clock(), 'read', 'factor');
      const { token, session } = await service.verifyCode(database, auth, request.body.code, deps, meta(request));
      setStaffCookie(reply, token);
      return session;
    },
  );

  app.get(
    '/api/v1/backoffice/auth/totp-setup',
    { schema: { tags, summary: 'Setting up the authenticator (first sign-in): a new secret as QR code', response: { 200: ZStaffTotpSetup, ...problems } } },
    async (request, reply) => {
      const auth = await authenticateStaff(database, request, reply, clock(), 'read', 'enrol');
      return service.startEnrolment(database, auth, deps, meta(request));
    },
  );

  app.post(
    '/api/v1/backoffice/auth/totp-setup',
    { schema: { tags, summary: 'Confirm the authenticator with its first code; completes the sign-in', body: ZStaffTotpRequest, response: { 200: ZStaffSession, ...problems } } },
    async (request, reply) => {
      const auth = await authenticateStaff(database, request, reply, clock(), 'read', 'enrol');
      const { token, session } = await service.confirmEnrolment(database, auth, request.body.code, deps, meta(request));
      setStaffCookie(reply, token);
      return session;
    },
  );

  app.get('/api/v1/backoffice/auth/session', { schema: { tags, summary: 'The signed-in staff member', response: { 200: ZStaffSession, ...problems } } }, async (request, reply) =>
    service.sessionView(await authenticateStaff(database, request, reply, clock(), 'read')),
  );

  app.post('/api/v1/backoffice/auth/logout', { schema: { tags, summary: 'Sign out of the back office', response: { 204: z.null(), ...problems } } }, async (request, reply) => {
    const auth = await authenticateStaff(database, request, reply, clock(), 'read').catch(() => null);
    if (auth) await service.signOut(database, auth, request.id);
    clearStaffCookie(reply);
    return reply.code(204).send(null);
  });

  app.post(
    '/api/v1/backoffice/auth/invitation-info',
    { schema: { tags, summary: 'Who an invitation link is for', body: z.strictObject({ token: z.string().min(20).max(200) }), response: { 200: ZStaffInvitationInfo, ...problems } } },
    async (request) => service.invitationInfo(database, requireTenant(request), request.body.token, clock()),
  );

  app.post(
    '/api/v1/backoffice/auth/accept-invitation',
    { schema: { tags, summary: 'Set the password from the invitation link; the authenticator is set up next', body: ZStaffAcceptInvitation, response: { 202: ZStaffLoginStep, ...problems } } },
    async (request, reply) => {
      const result = await service.acceptInvitation(database, requireTenant(request), request.body, meta(request));
      setStaffCookie(reply, result.token);
      return reply.code(202).send(result.step);
    },
  );

  app.get(
    '/api/v1/backoffice/colleagues',
    { schema: { tags, summary: 'Colleagues a request can be assigned to (active admins and clerks)', response: { 200: z.array(ZColleague), ...problems } } },
    async (request, reply) => service.colleagues(database, await authenticateStaff(database, request, reply, clock(), 'work')),
  );

  app.get('/api/v1/backoffice/staff', { schema: { tags, summary: 'Staff of this utility (admins)', response: { 200: z.array(ZStaffListItem), ...problems } } }, async (request, reply) =>
    service.listStaff(database, await admin(request, reply)),
  );

  app.post(
    '/api/v1/backoffice/staff',
    { schema: { tags, summary: 'Invite a colleague by e-mail (admins)', body: ZStaffInvite, response: { 201: z.object({ id: z.uuid() }), ...problems } } },
    async (request, reply) => {
      const auth = await admin(request, reply);
      const { id } = await service.invite(database, auth.tenant, request.body, { staffId: auth.staffId, name: auth.name }, meta(request));
      return reply.code(201).send({ id });
    },
  );

  app.patch(
    '/api/v1/backoffice/staff/:id',
    { schema: { tags, summary: 'Change the role of a colleague, lock or unlock the access (admins)', params: ZId, body: ZStaffUpdate, response: { 200: ZStaffListItem, ...problems } } },
    async (request, reply) => service.updateStaffMember(database, await admin(request, reply), request.params.id, request.body, meta(request)),
  );

  app.post(
    '/api/v1/backoffice/staff/:id/resend-invitation',
    { schema: { tags, summary: 'Send the invitation link again (admins)', params: ZId, response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      await service.resendInvitation(database, await admin(request, reply), request.params.id, meta(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/backoffice/staff/:id/reset-second-factor',
    { schema: { tags, summary: 'Remove the authenticator of a colleague (lost phone); a new one is set up at the next sign-in (admins)', params: ZId, response: { 204: z.null(), ...problems } } },
    async (request, reply) => {
      const auth = await admin(request, reply);
      await service.resetSecondFactor(database, auth.tenant, { id: request.params.id }, { actorType: 'staff', actorId: auth.staffId }, meta(request));
      return reply.code(204).send(null);
    },
  );
}
