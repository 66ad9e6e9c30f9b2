// Mails of the documents module: a new document of a type whose notice is switched on in the
// settings (ADR 0026) is in the portal. The mail names the type and title, never the content.
import { z } from 'zod';
import { renderLayout } from '../mail/mail.layout.ts';
import { define } from '../mail/mail.template.ts';

export const documentsMails = {
  document_available: define({
    data: z.object({ title: z.string(), typeLabel: z.string(), path: z.string().startsWith('/') }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      return renderLayout(tenant, locale, {
        subject: de ? `Neues Dokument im Kundenportal: ${data.typeLabel} – ${tenant.config.displayName}` : `New document in your customer portal: ${data.typeLabel} – ${tenant.config.displayName}`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? 'in Ihrem Kundenportal liegt ein neues Dokument für Sie bereit. Aus Datenschutzgründen senden wir es nicht per E-Mail; Sie finden es nach der Anmeldung unter „Dokumente“.'
              : 'a new document is waiting for you in your customer portal. For your privacy we do not send it by e-mail; you will find it under "Documents" after signing in.',
          },
          { kind: 'facts', rows: [[de ? 'Dokumentart' : 'Document type', data.typeLabel], [de ? 'Titel' : 'Title', data.title]] },
          { kind: 'button', label: de ? 'Dokumente ansehen' : 'View documents', url: links.portalUrl + data.path },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
};
