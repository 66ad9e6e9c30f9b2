// Sending mail: enqueue in the business transaction; the outbox handler renders and delivers
// through SMTP (SMTP_URL) or, without it, into the dev mailbox kept in the database.
import nodemailer from 'nodemailer';
import type { Config } from '../../config.ts';
import { withTenant, type Database, type TenantTransaction } from '../../db/database.ts';
import { tenantBaseUrl } from '../../public-url.ts';
import { enqueue } from '../outbox/outbox.repository.ts';
import type { OutboxHandler } from '../outbox/outbox.worker.ts';
import { listDomains } from '../tenants/tenants.repository.ts';
import { getTenantBySlug, listAllTenants, type Tenant } from '../tenants/tenants.service.ts';
import { renderMail, ZMailJob, type TMailJob } from './mail.templates.ts';

export const MAIL_TOPIC = 'mail.send';

export async function enqueueMail(
  trx: TenantTransaction,
  tenantId: string,
  mail: TMailJob,
  idempotencyKey?: string,
): Promise<void> {
  await enqueue(trx, tenantId, { topic: MAIL_TOPIC, payload: ZMailJob.parse(mail), ...(idempotencyKey ? { idempotencyKey } : {}) });
}

function fromAddress(config: Config, tenant: Tenant): string {
  const mail = tenant.config.mail;
  if (mail.fromAddress) return `"${(mail.fromName ?? tenant.config.displayName).replaceAll('"', '')}" <${mail.fromAddress}>`;
  return config.mailFrom;
}

export function createMailHandler(config: Config, database: Database): OutboxHandler {
  const transport = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : null;
  const tenants = new Map<string, Tenant>();

  async function tenantById(id: string): Promise<Tenant> {
    const cached = tenants.get(id);
    if (cached) return cached;
    const found = (await listAllTenants(database.db)).find((tenant) => tenant.id === id);
    if (!found) throw new Error(`tenant ${id} not found`);
    tenants.set(id, found);
    return found;
  }

  return async (job) => {
    const mail = ZMailJob.parse(job.payload);
    const tenant = await tenantById(job.tenantId);
    const portalUrl = tenantBaseUrl(config, { slug: tenant.slug, domains: await listDomains(database.db, tenant.id) });
    const rendered = renderMail(tenant, mail, { portalUrl });
    const from = fromAddress(config, tenant);
    if (transport) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        // Stable per job, so a redelivery after a crash can be recognised as a duplicate.
        messageId: `<${job.idempotencyKey}.${job.id}@${tenant.slug}.kundenportal>`,
      });
      return;
    }
    await withTenant(database, tenant.id, (trx) =>
      trx
        .insertInto('dev_mailbox')
        .values({
          tenant_id: tenant.id,
          to_address: mail.to,
          from_address: from,
          subject: rendered.subject,
          text_body: rendered.text,
          html_body: rendered.html,
          outbox_id: job.id,
        })
        .execute(),
    );
  };
}

/** For `cli mail test`: queue a test mail for a tenant. */
export async function queueTestMail(database: Database, slug: string, to: string, requestedBy: string): Promise<void> {
  const tenant = await getTenantBySlug(database.db, slug);
  if (!tenant) throw new Error(`unknown tenant ${slug}`);
  await withTenant(database, tenant.id, (trx) =>
    enqueueMail(trx, tenant.id, { to, locale: tenant.config.defaultLocale, template: 'test_mail', data: { requestedBy } }),
  );
}
