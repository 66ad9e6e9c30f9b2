// HTTP routes of registrations needing review (ADR 0027): the public form (throttled, small body)
// and the back office's view and decisions, each asking for the permission its action needs.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZAssign, ZNoteInput } from '../../../api/backoffice.ts';
import { ZRegistrationReview, ZRegistrationReviewReceipt, ZRegistrationReviewRequest, ZReviewAccept, ZReviewReject } from '../../../api/registration-reviews.ts';
import type { TStaffPermission } from '../../../api/staff.ts';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/database.ts';
import { ZProblem } from '../../http/problem.ts';
import { requireTenant } from '../../http/tenant-context.ts';
import { requestMeta } from '../identity/identity.routes.ts';
import { authenticateStaff } from '../staff/staff-auth.ts';
import * as service from './registration-reviews.service.ts';

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem, 413: ZProblem, 429: ZProblem };
const ZReviewId = z.object({ id: z.uuid() });
/** The form is a few short fields and a note: 64 KB is plenty. */
const REVIEW_BODY_LIMIT_BYTES = 64 * 1024;

export function registerRegistrationReviewRoutes(appBase: FastifyInstance, database: Database, clock: Clock): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const meta = (request: FastifyRequest) => requestMeta(request, clock);
  const staff = (request: FastifyRequest, reply: FastifyReply, permission: TStaffPermission) => authenticateStaff(database, request, reply, clock(), permission);

  app.post(
    '/api/v1/auth/registration-review',
    {
      bodyLimit: REVIEW_BODY_LIMIT_BYTES,
      schema: {
        tags: ['identity'],
        summary: 'Ask the utility to check a registration whose numbers did not match ("Registrierung prüfen lassen")',
        description:
          'Name, postal address, the numbers entered, e-mail, optional phone and a note. The answer is always the reference (also mailed); a clerk assigns the review to a customer account (an invitation link is mailed) or rejects it with a reason. Throttled per client and e-mail address.',
        body: ZRegistrationReviewRequest,
        response: { 202: ZRegistrationReviewReceipt, ...problems },
      },
    },
    async (request, reply) => {
      const receipt = await service.submitReview(database, requireTenant(request), request.body, { ...meta(request), locale: request.body.locale });
      return reply.code(202).send(receipt);
    },
  );

  const tags = ['back office'];
  const base = '/api/v1/backoffice/registration-reviews/:id';

  app.get(base, { schema: { tags, summary: 'A registration needing review, with matching customer accounts (opening it is audited)', params: ZReviewId, response: { 200: ZRegistrationReview, ...problems } } }, async (request, reply) =>
    service.getReview(database, await staff(request, reply, 'read'), request.params.id, meta(request)),
  );

  app.post(`${base}/start`, { schema: { tags, summary: 'Take the review in progress (assigned to the member when nobody has it)', params: ZReviewId, response: { 200: ZRegistrationReview, ...problems } } }, async (request, reply) =>
    service.startReview(database, await staff(request, reply, 'work'), request.params.id, meta(request)),
  );

  app.post(`${base}/assign`, { schema: { tags, summary: 'Assign the review to a staff member (or nobody)', params: ZReviewId, body: ZAssign, response: { 200: ZRegistrationReview, ...problems } } }, async (request, reply) =>
    service.assignReview(database, await staff(request, reply, 'work'), request.params.id, request.body.staffId, meta(request)),
  );

  app.post(`${base}/notes`, { schema: { tags, summary: 'Add an internal note (never shown to the person)', params: ZReviewId, body: ZNoteInput, response: { 200: ZRegistrationReview, ...problems } } }, async (request, reply) =>
    service.addReviewNote(database, await staff(request, reply, 'work'), request.params.id, request.body.text, meta(request)),
  );

  app.post(
    `${base}/accept`,
    {
      schema: {
        tags,
        summary: 'Assign to a customer account: an invitation link is mailed to the person',
        description: 'The account must be one of this utility without an active login. Works whatever registration methods the utility offers.',
        params: ZReviewId,
        body: ZReviewAccept,
        response: { 200: ZRegistrationReview, ...problems },
      },
    },
    async (request, reply) => service.acceptReview(database, await staff(request, reply, 'work'), request.params.id, request.body.customerId, meta(request)),
  );

  app.post(`${base}/reject`, { schema: { tags, summary: 'Reject with a reason, which is mailed to the person', params: ZReviewId, body: ZReviewReject, response: { 200: ZRegistrationReview, ...problems } } }, async (request, reply) =>
    service.rejectReview(database, await staff(request, reply, 'work'), request.params.id, request.body.reason, meta(request)),
  );
}
