// Development helpers (never in production): what the demo overview sends to /dev/*.
import { z } from 'zod';
import { ZEmail } from './identity.ts';
import { ZLocale, ZTenantSlug } from './tenant.ts';

/**
 * POST /dev/invitations: an invitation link for a customer account, as staff will send it from the
 * back office. On the root host `tenant` names the tenant; on a tenant's host it may be left out.
 */
export const ZDevInvitationRequest = z.strictObject({
  tenant: ZTenantSlug.optional(),
  customerNumber: z.string().trim().min(1).max(64),
  email: ZEmail,
  /** Language of the invitation mail. */
  locale: ZLocale,
});
export type TDevInvitationRequest = z.infer<typeof ZDevInvitationRequest>;

export const ZDevInvitationResponse = z.object({
  tenant: z.string(),
  customerNumber: z.string(),
  email: z.string(),
  /** The dev mailbox, showing the mails to `email`. */
  mailbox: z.string(),
});
export type TDevInvitationResponse = z.infer<typeof ZDevInvitationResponse>;
