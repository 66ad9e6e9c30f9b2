// Mails of registrations needing review (ADR 0027): the receipt with the reference, and the
// rejection with the clerk's reason. Assigning sends the identity module's 'invitation' mail.
import { z } from 'zod';
import { renderLayout } from '../mail/mail.layout.ts';
import { define } from '../mail/mail.template.ts';

export const registrationReviewMails = {
  /** The person asked the utility to check a registration by hand. */
  registration_review_received: define({
    data: z.object({ reference: z.string().max(40), name: z.string().max(200), numbers: z.array(z.tuple([z.string(), z.string()])).max(3) }),
    render(tenant, locale, data) {
      const de = locale === 'de';
      return renderLayout(tenant, locale, {
        subject: de ? `Ihre Registrierung wird geprüft (${data.reference}) – ${tenant.config.displayName}` : `Your registration is being checked (${data.reference}) – ${tenant.config.displayName}`,
        greeting: de ? `Guten Tag ${data.name},` : `Hello ${data.name},`,
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? 'vielen Dank. Wir prüfen Ihre Angaben und ordnen sie Ihrem Kundenkonto zu. Danach erhalten Sie eine E-Mail mit einem Link, über den Sie Ihr Passwort festlegen und Ihren Zugang freischalten. Bitte geben Sie bei Rückfragen die Vorgangsnummer an.'
              : 'thank you. We will check your details and match them to your customer account. You will then get an e-mail with a link to set your password and activate your access. Please quote the reference if you contact us.',
          },
          { kind: 'facts', rows: [[de ? 'Vorgangsnummer' : 'Reference', data.reference], ...data.numbers] },
          {
            kind: 'paragraph',
            text: de ? 'Wenn Sie das nicht veranlasst haben, können Sie diese E-Mail ignorieren.' : 'If you did not ask for this, you can ignore this e-mail.',
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  /** A clerk could not match the person to a customer account. */
  registration_review_rejected: define({
    data: z.object({ reference: z.string().max(40), name: z.string().max(200), reason: z.string().max(2000) }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      return renderLayout(tenant, locale, {
        subject: de ? `Ihre Registrierung (${data.reference}) – ${tenant.config.displayName}` : `Your registration (${data.reference}) – ${tenant.config.displayName}`,
        greeting: de ? `Guten Tag ${data.name},` : `Hello ${data.name},`,
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? 'wir haben Ihre Angaben geprüft, können Ihnen aber leider keinen Zugang zum Kundenportal einrichten. Begründung:'
              : 'we have checked your details but unfortunately cannot set up access to the customer portal for you. Reason:',
          },
          { kind: 'paragraph', text: data.reason },
          { kind: 'facts', rows: [[de ? 'Vorgangsnummer' : 'Reference', data.reference]] },
          { kind: 'button', label: de ? 'Zum Kundenportal' : 'Open the customer portal', url: links.portalUrl },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
};
