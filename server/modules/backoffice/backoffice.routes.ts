// HTTP routes of the back office's work queue, customer view and dashboard: thin wrappers around
// backoffice.service, each asking for the permission its action needs (read, work).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAssign,
  ZCustomerHit,
  ZCustomerSearch,
  ZCustomerView,
  ZDashboard,
  ZLoginAction,
  ZNoteInput,
  ZQueuePage,
  ZQueueQuery,
  ZStaffRequestDetail,
  ZStatusChange,
} from '../../../api/backoffice.ts';
import { ZCustomerInvitation } from '../../../api/registration-reviews.ts';
import type { TStaffPermission } from '../../../api/staff.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { requestLocale, ZProblem } from '../../http/problem.ts';
import { requestMeta } from '../identity/identity.routes.ts';
import { contentDisposition } from '../requests/attachments.ts';
import { authenticateStaff } from '../staff/staff-auth.ts';
import * as service from './backoffice.service.ts';

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem };
const ZRequestId = z.object({ id: z.uuid() });

export function registerBackofficeRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const meta = (request: FastifyRequest) => requestMeta(request, clock);
  const staff = (request: FastifyRequest, reply: FastifyReply, permission: TStaffPermission) => authenticateStaff(database, request, reply, clock(), permission);
  const tags = ['back office'];

  app.get(
    '/api/v1/backoffice/requests',
    { schema: { tags, summary: 'Work queue: customer requests with filters (open ones oldest first)', querystring: ZQueueQuery, response: { 200: ZQueuePage, ...problems } } },
    async (request, reply) => service.queue(database, await staff(request, reply, 'read'), request.query, clock()),
  );

  app.get(
    '/api/v1/backoffice/requests/:id',
    { schema: { tags, summary: 'A customer request with history, attachments, internal notes and the possible next statuses', params: ZRequestId, response: { 200: ZStaffRequestDetail, ...problems } } },
    async (request, reply) => service.getRequest(database, await staff(request, reply, 'read'), request.params.id, requestLocale(request)),
  );

  app.post(
    '/api/v1/backoffice/requests/:id/status',
    {
      schema: {
        tags,
        summary: 'Change the status; the customer sees it in "Meine Anliegen" and gets a mail',
        description: 'Done address and instalment changes are applied to the portal data; a reviewed reading becomes accepted or rejected. A rejection needs a reason.',
        params: ZRequestId,
        body: ZStatusChange,
        response: { 200: ZStaffRequestDetail, ...problems },
      },
    },
    async (request, reply) => service.changeRequestStatus(database, await staff(request, reply, 'work'), request.params.id, request.body, meta(request)),
  );

  app.post(
    '/api/v1/backoffice/requests/:id/assign',
    { schema: { tags, summary: 'Assign the request to a staff member (or nobody)', params: ZRequestId, body: ZAssign, response: { 200: ZStaffRequestDetail, ...problems } } },
    async (request, reply) => service.assign(database, await staff(request, reply, 'work'), request.params.id, request.body.staffId, meta(request)),
  );

  app.post(
    '/api/v1/backoffice/requests/:id/notes',
    { schema: { tags, summary: 'Add an internal note (never shown to the customer)', params: ZRequestId, body: ZNoteInput, response: { 200: ZStaffRequestDetail, ...problems } } },
    async (request, reply) => service.addNote(database, await staff(request, reply, 'work'), request.params.id, request.body.text, meta(request)),
  );

  app.get(
    '/api/v1/backoffice/requests/:id/attachments/:attachmentId',
    { schema: { tags, summary: 'Download a file the customer sent with the request', params: z.object({ id: z.uuid(), attachmentId: z.uuid() }) } },
    async (request, reply) => {
      const file = await service.getAttachment(database, await staff(request, reply, 'read'), request.params.id, request.params.attachmentId, request.id);
      return reply
        .type(file.contentType)
        .header('Content-Disposition', contentDisposition(file.fileName))
        .send(file.content);
    },
  );

  app.get(
    '/api/v1/backoffice/customers',
    { schema: { tags, summary: 'Find customer accounts by customer number, name, address, meter number, MaLo-ID or login e-mail', querystring: ZCustomerSearch, response: { 200: z.array(ZCustomerHit), ...problems } } },
    async (request, reply) => service.searchCustomers(database, await staff(request, reply, 'read'), request.query.q),
  );

  app.get(
    '/api/v1/backoffice/customers/:id',
    { schema: { tags, summary: 'A customer account with logins, supply, readings, contracts, invoices and requests (audited)', params: ZRequestId, response: { 200: ZCustomerView, ...problems } } },
    async (request, reply) => service.customerView(database, await staff(request, reply, 'read'), request.params.id, meta(request)),
  );

  app.post(
    '/api/v1/backoffice/customers/:id/logins/:loginId/:action',
    {
      schema: {
        tags,
        summary: "Lock or unlock a customer's login, end its sessions or send the activation link again",
        params: z.object({ id: z.uuid(), loginId: z.uuid(), action: ZLoginAction }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await service.loginAction(database, await staff(request, reply, 'work'), request.params.id, request.params.loginId, request.params.action, meta(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/backoffice/customers/:id/invitations',
    {
      bodyLimit: 16 * 1024,
      schema: {
        tags,
        summary: 'Send an invitation link for a customer account without an active access',
        description: 'The link (valid 14 days, once) sets the password and activates the access at once. 409 when the account has an active login.',
        params: ZRequestId,
        body: ZCustomerInvitation,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await service.inviteCustomer(database, await staff(request, reply, 'work'), request.params.id, request.body, meta(request));
      return reply.code(204).send(null);
    },
  );

  app.get('/api/v1/backoffice/dashboard', { schema: { tags, summary: 'Counts for the start page of the back office', response: { 200: ZDashboard, ...problems } } }, async (request, reply) =>
    service.dashboard(database, await staff(request, reply, 'read'), clock(), requestLocale(request)),
  );
}
