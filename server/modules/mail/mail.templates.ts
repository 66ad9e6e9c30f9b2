// Mail templates: each renders subject and content blocks in German or English.
// Modules add their templates here; payloads are validated when the job is delivered.
import { z } from 'zod';
import type { TLocale } from '../../../api/tenant.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import { renderLayout, type RenderedMail } from './mail.layout.ts';

type Template<T extends z.ZodType> = {
  data: T;
  render(tenant: Tenant, locale: TLocale, data: z.infer<T>, links: { portalUrl: string }): RenderedMail;
};

function define<T extends z.ZodType>(template: Template<T>): Template<T> {
  return template;
}

export const templates = {
  /** Sent by operators (`cli mail test`) to check the mail setup of a tenant. */
  test_mail: define({
    data: z.object({ requestedBy: z.string().max(200) }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      return renderLayout(tenant, locale, {
        subject: de ? `Testnachricht aus dem Kundenportal ${tenant.config.displayName}` : `Test message from the ${tenant.config.displayName} customer portal`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? 'diese Nachricht bestätigt, dass der E-Mail-Versand des Kundenportals funktioniert.'
              : 'this message confirms that the customer portal can send e-mail.',
          },
          { kind: 'facts', rows: [[de ? 'Angefordert von' : 'Requested by', data.requestedBy]] },
          { kind: 'button', label: de ? 'Zum Kundenportal' : 'Open the customer portal', url: links.portalUrl },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
} as const;

export type TemplateName = keyof typeof templates;

export const ZMailJob = z.object({
  to: z.email(),
  locale: z.enum(['de', 'en']),
  template: z.enum(Object.keys(templates) as [TemplateName, ...TemplateName[]]),
  data: z.unknown(),
});
export type TMailJob = z.infer<typeof ZMailJob>;

export function renderMail(tenant: Tenant, job: TMailJob, links: { portalUrl: string }): RenderedMail {
  const template = templates[job.template];
  return template.render(tenant, job.locale, template.data.parse(job.data), links);
}
