// Mails of the staff module: the invitation to the back office.
import { z } from 'zod';
import { renderLayout } from '../mail/mail.layout.ts';
import { define } from '../mail/mail.template.ts';

const roleNames = {
  admin: { de: 'Administration', en: 'administrator' },
  clerk: { de: 'Sachbearbeitung', en: 'clerk' },
  read_only: { de: 'Nur lesen', en: 'read-only' },
} as const;

export const staffMails = {
  /** An admin invited a colleague: set the password, then set up the authenticator app. */
  staff_invitation: define({
    data: z.object({
      name: z.string().max(200),
      role: z.enum(['admin', 'clerk', 'read_only']),
      invitedBy: z.string().max(200),
      path: z.string().startsWith('/'),
      expiresHours: z.number().int(),
    }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      const name = tenant.config.displayName;
      return renderLayout(tenant, locale, {
        subject: de ? `Einladung in den Kundenportal-Backoffice der ${name}` : `Invitation to the ${name} customer portal back office`,
        greeting: de ? `Guten Tag ${data.name},` : `Hello ${data.name},`,
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? `${data.invitedBy} hat Sie in den Backoffice des Kundenportals der ${name} eingeladen (Rolle: ${roleNames[data.role].de}). Legen Sie über den Link Ihr Passwort fest; danach richten Sie eine Authenticator-App als zweiten Faktor ein – ohne sie ist keine Anmeldung möglich.`
              : `${data.invitedBy} has invited you to the back office of the ${name} customer portal (role: ${roleNames[data.role].en}). Set your password through the link; then set up an authenticator app as second factor – signing in is not possible without it.`,
          },
          { kind: 'button', label: de ? 'Einladung annehmen' : 'Accept invitation', url: links.portalUrl + data.path },
          {
            kind: 'paragraph',
            text: de
              ? `Der Link gilt ${data.expiresHours} Stunden und nur einmal. Wenn Sie keine Einladung erwartet haben, ignorieren Sie diese E-Mail.`
              : `The link is valid for ${data.expiresHours} hours and can be used once. If you did not expect an invitation, ignore this e-mail.`,
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
};
