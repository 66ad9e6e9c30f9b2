// Development helpers, never registered in production: the dev mailbox (mails land here when no
// SMTP_URL is set), invitation links as staff will send them from the back office, and, in demo
// mode, the list of demo logins and unregistered demo customers.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZDevInvitationRequest, ZDevInvitationResponse, type TDevInvitationRequest, type TDevInvitationResponse } from '../../../api/dev.ts';
import { ZDemoAccounts, type TDemoAccounts } from '../../../api/tenant.ts';
import { systemClock, type Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { withTenant, type Database } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { requestLocale } from '../../http/problem.ts';
import { createInvitation } from '../identity/account.service.ts';
import { findCustomerByNumber } from '../identity/identity.repository.ts';
import { authenticate } from '../identity/sessions.ts';
import { normalizeCustomerNumber } from '../identity/proof.ts';
import { escapeHtml } from '../mail/mail.layout.ts';
import { getTenantBySlug } from '../tenants/tenants.service.ts';

const ZMailboxQuery = z.object({
  to: z.string().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const ZMailboxMessage = z.object({
  id: z.number().int(),
  tenant: z.string(),
  to: z.string(),
  from: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  time: z.string(),
});
type TMailboxMessage = z.infer<typeof ZMailboxMessage>;

async function readMailbox(
  database: Database,
  request: FastifyRequest,
  query: z.infer<typeof ZMailboxQuery>,
): Promise<TMailboxMessage[]> {
  const tenant = request.tenant;
  if (!tenant && !request.isRootHost) throw new AppError('tenant_not_found');
  const run = async (db: Database['db']) => {
    let select = db
      .selectFrom('dev_mailbox')
      .innerJoin('tenants', 'tenants.id', 'dev_mailbox.tenant_id')
      .select([
        'dev_mailbox.id',
        'tenants.slug as tenant',
        'dev_mailbox.to_address as to',
        'dev_mailbox.from_address as from',
        'dev_mailbox.subject',
        'dev_mailbox.text_body as text',
        'dev_mailbox.html_body as html',
        'dev_mailbox.created_at as createdAt',
      ])
      .orderBy('dev_mailbox.created_at', 'desc')
      .orderBy('dev_mailbox.id', 'desc')
      .limit(query.limit);
    if (query.to) select = select.where('dev_mailbox.to_address', '=', query.to.toLowerCase());
    const rows = await select.execute();
    return rows.map(({ createdAt, ...row }) => ({ ...row, time: createdAt.toISOString() }));
  };
  // On a tenant host only that tenant's mails (row-level security); on the root host all of them.
  return tenant ? withTenant(database, tenant.id, run) : run(database.db);
}

function mailboxPage(messages: TMailboxMessage[], heading: string): string {
  const items = messages
    .map(
      (m) =>
        `<article><h2>${escapeHtml(m.subject)}</h2><p class="meta">An: ${escapeHtml(m.to)} · Von: ${escapeHtml(m.from)} · ` +
        `${escapeHtml(m.time)} · Mandant: ${escapeHtml(m.tenant)} · <a href="/dev/mailbox/${m.tenant}/${m.id}.html">HTML-Ansicht</a></p>` +
        `<pre>${escapeHtml(m.text)}</pre></article>`,
    )
    .join('');
  return (
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(heading)}</title><link rel="stylesheet" href="/dev/dev.css"></head><body><main>` +
    `<h1>${escapeHtml(heading)}</h1><p>Entwicklungs-Postfach: Ohne SMTP_URL landen alle E-Mails hier. ` +
    `Als JSON: <a href="/dev/mailbox.json">/dev/mailbox.json</a></p>` +
    (items || '<p>Noch keine E-Mails.</p>') +
    `</main></body></html>`
  );
}

const invitationMessages = {
  notOffered: {
    de: 'Dieser Mandant bietet keine Einladungen an (registrationMethods ohne „invitation“).',
    en: 'This tenant does not offer invitations (registrationMethods without "invitation").',
  },
  unknownCustomer: { de: 'Unter dieser Kundennummer gibt es keinen Kunden.', en: 'There is no customer with this customer number.' },
};

/**
 * An invitation link mailed to `email` for the customer account `customerNumber`, through the same
 * createInvitation that staff and other modules use. The tenant is the host's, or on the root host
 * the one named in the body.
 */
async function inviteCustomer(
  database: Database,
  request: FastifyRequest,
  input: TDevInvitationRequest,
  now: Date,
): Promise<TDevInvitationResponse> {
  const named = input.tenant;
  const tenant = request.tenant ?? (request.isRootHost && named ? await getTenantBySlug(database.db, named) : undefined);
  if (!tenant || (named !== undefined && named !== tenant.slug)) throw new AppError('tenant_not_found');
  const locale = requestLocale(request);
  if (!tenant.config.registrationMethods.includes('invitation')) throw new AppError('forbidden', { detail: invitationMessages.notOffered[locale] });
  const customerNumber = normalizeCustomerNumber(input.customerNumber);
  await withTenant(database, tenant.id, async (trx) => {
    const customer = await findCustomerByNumber(trx, tenant.id, customerNumber);
    if (!customer) throw new AppError('validation_failed', { fields: [{ field: 'customerNumber', message: invitationMessages.unknownCustomer[locale] }] });
    await createInvitation(trx, tenant, { email: input.email, customerId: customer.id, locale: input.locale, invitedBy: 'dev', now });
  });
  return { tenant: tenant.slug, customerNumber, email: input.email, mailbox: `/dev/mailbox?to=${encodeURIComponent(input.email)}` };
}

const devCss = `body{font-family:system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}main{max-width:900px;margin:0 auto;padding:16px}
article{background:#fff;border:1px solid #ccc;border-radius:6px;padding:12px 16px;margin:12px 0}h2{font-size:1.1rem;margin:0 0 4px}
.meta{color:#444;font-size:.9rem;margin:0 0 8px}pre{white-space:pre-wrap;font-size:.9rem}a{color:#0b57d0}`;

export function registerDevRoutes(
  appBase: FastifyInstance,
  config: Config,
  database: Database,
  demoAccounts: (() => Promise<TDemoAccounts>) | undefined,
  clock: Clock = systemClock,
): void {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const hide = { hide: true };

  app.get('/dev/dev.css', { schema: hide }, async (_request, reply) => reply.type('text/css').send(devCss));

  app.get(
    '/dev/mailbox.json',
    { schema: { ...hide, querystring: ZMailboxQuery, response: { 200: z.array(ZMailboxMessage) } } },
    async (request, reply) => reply.header('Cache-Control', 'no-store').send(await readMailbox(database, request, request.query)),
  );

  app.get('/dev/mailbox', { schema: { ...hide, querystring: ZMailboxQuery } }, async (request, reply) => {
    const messages = await readMailbox(database, request, request.query);
    const heading = request.tenant ? `Postfach – ${request.tenant.config.displayName}` : 'Postfach – alle Mandanten';
    return reply.header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(mailboxPage(messages, heading));
  });

  app.get(
    '/dev/mailbox/:tenant/:id.html',
    { schema: { ...hide, params: z.object({ tenant: z.string().max(40), id: z.coerce.number().int() }) } },
    async (request, reply) => {
      const messages = await readMailbox(database, request, { limit: 500 });
      const message = messages.find((m) => m.id === request.params.id && m.tenant === request.params.tenant);
      if (!message) throw new AppError('not_found');
      // Mail HTML uses inline styles; it is shown sandboxed, without script.
      return reply
        .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox")
        .header('Cache-Control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(message.html);
    },
  );

  app.post(
    '/dev/invitations',
    { schema: { ...hide, body: ZDevInvitationRequest, response: { 202: ZDevInvitationResponse } } },
    async (request, reply) => reply.code(202).send(await inviteCustomer(database, request, request.body, clock())),
  );

  // Browser tests of the password confirmation (step-up) dialogs: the session's last confirmation
  // becomes an hour old, as if the user had signed in long ago (signing in counts as a confirmation).
  app.post('/dev/session/age-password-confirmation', { schema: hide }, async (request, reply) => {
    const auth = await authenticate(database, request, reply, clock());
    const longAgo = new Date(clock().getTime() - 3_600_000);
    await withTenant(database, auth.tenant.id, (trx) =>
      trx.updateTable('sessions').set({ reauthenticated_at: longAgo }).where('tenant_id', '=', auth.tenant.id).where('id', '=', auth.sessionId).execute(),
    );
    return reply.code(204).send();
  });

  if (config.demo && demoAccounts) {
    app.get('/dev/demo-accounts.json', { schema: { ...hide, response: { 200: ZDemoAccounts } } }, async (_request, reply) =>
      reply.header('Cache-Control', 'no-store').send(await demoAccounts()),
    );
  }
}
