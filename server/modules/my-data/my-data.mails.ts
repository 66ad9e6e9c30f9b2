// Mail of the personal-data export: a notice to the login that its data was downloaded, so a
// download by someone else does not go unnoticed.
import { z } from 'zod';
import { renderLayout } from '../mail/mail.layout.ts';
import { define } from '../mail/mail.template.ts';

export const myDataMails = {
  personal_data_exported: define({
    data: z.object({ at: z.string(), path: z.string().startsWith('/') }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      const c = tenant.config.contact;
      return renderLayout(tenant, locale, {
        subject: de ? `Ihre Daten wurden heruntergeladen – Kundenportal ${tenant.config.displayName}` : `Your data was downloaded – ${tenant.config.displayName} customer portal`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? `am ${data.at} wurden alle Daten, die wir im Kundenportal zu Ihrem Zugang und Ihren Kundenkonten speichern, als ZIP-Datei heruntergeladen („Meine Daten“).`
              : `on ${data.at}, all data we store in the customer portal about your access and your customer accounts was downloaded as a ZIP file ("My data").`,
          },
          { kind: 'button', label: de ? 'Meine Daten ansehen' : 'Open My data', url: links.portalUrl + data.path },
          {
            kind: 'paragraph',
            text: de
              ? `Wenn Sie das nicht waren, ändern Sie bitte sofort Ihr Passwort und informieren Sie uns: ${c.phone}, ${c.email}.`
              : `If this was not you, please change your password right away and let us know: ${c.phone}, ${c.email}.`,
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
};
