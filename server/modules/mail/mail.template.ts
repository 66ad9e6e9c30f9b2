// The shape of a mail template: the payload schema (checked when the job is delivered) and a
// render function giving subject and content blocks in German or English.
import type { z } from 'zod';
import type { TLocale } from '../../../api/tenant.ts';
import type { Tenant } from '../tenants/tenants.service.ts';
import type { RenderedMail } from './mail.layout.ts';

export type Template<T extends z.ZodType> = {
  data: T;
  render(tenant: Tenant, locale: TLocale, data: z.infer<T>, links: { portalUrl: string }): RenderedMail;
};

/** Keeps the payload type of a template (use it for every template). */
export function define<T extends z.ZodType>(template: Template<T>): Template<T> {
  return template;
}
