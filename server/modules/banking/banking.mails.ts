// Mails of the banking module: the confirmation of a change (masked IBAN only) and the security
// notice to every login of the customer account (no account data at all).
import { z } from 'zod';
import { define } from '../mail/mail.template.ts';
import { renderLayout } from '../mail/mail.layout.ts';

function day(isoDate: string, de: boolean): string {
  const [y, m, d] = isoDate.split('-');
  return de ? `${d ?? ''}.${m ?? ''}.${y ?? ''}` : `${d ?? ''}/${m ?? ''}/${y ?? ''}`;
}

export const bankingMails = {
  /** A change of the bank details was received (sent to the login that made it). */
  banking_change_received: define({
    data: z.object({
      reference: z.string(),
      paymentMethod: z.enum(['direct_debit', 'transfer']),
      validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      /** Addresses of the chosen consumption points; null: all of them. */
      premises: z.array(z.string()).nullable(),
      mandate: z
        .object({
          holder: z.string(),
          /** Never the full IBAN. */
          ibanMasked: z.string().regex(/^[A-Z]{2}\d{2}[ *A-Z0-9]*$/).refine((v) => v.includes('*'), 'must be masked'),
          bic: z.string().nullable(),
          reference: z.string(),
          creditorId: z.string(),
        })
        .nullable(),
      path: z.string().startsWith('/'),
    }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      const name = tenant.config.displayName;
      const from = day(data.validFrom, de);
      const points = data.premises ? data.premises.join('; ') : de ? 'alle Verbrauchsstellen' : 'all consumption points';
      const rows: Array<[string, string]> = [[de ? 'Vorgangsnummer' : 'Reference number', data.reference]];
      if (data.mandate) {
        rows.push(
          [de ? 'Kontoinhaber' : 'Account holder', data.mandate.holder],
          ['IBAN', data.mandate.ibanMasked],
          ...(data.mandate.bic ? [['BIC', data.mandate.bic] as [string, string]] : []),
          [de ? 'Mandatsreferenz' : 'Mandate reference', data.mandate.reference],
          [de ? 'Gläubiger-ID' : 'Creditor identifier', data.mandate.creditorId],
        );
      } else {
        rows.push([de ? 'Zahlungsweise' : 'Payment method', de ? 'Überweisung' : 'Bank transfer']);
      }
      rows.push([de ? 'Gültig ab' : 'Valid from', from], [de ? 'Verbrauchsstellen' : 'Consumption points', points]);
      const intro = data.mandate
        ? de
          ? `wir haben Ihre neue Bankverbindung und Ihr SEPA-Lastschriftmandat erhalten. Sobald wir die Änderung bearbeitet haben, ziehen wir fällige Beträge ab dem ${from} von diesem Konto ein:`
          : `we have received your new bank details and your SEPA direct debit mandate. Once we have processed the change, we will collect amounts due from this account from ${from}:`
        : de
          ? `wir haben Ihren Wunsch erhalten, ab dem ${from} per Überweisung statt per Lastschrift zu zahlen. Bitte überweisen Sie fällige Beträge dann selbst und geben Sie dabei Ihre Kundennummer an.`
          : `we have received your request to pay by bank transfer instead of direct debit from ${from}. Please then transfer amounts due yourself, quoting your customer number.`;
      return renderLayout(tenant, locale, {
        subject: data.mandate
          ? de
            ? `Ihre neue Bankverbindung ist bei uns eingegangen – ${name}`
            : `We have received your new bank details – ${name}`
          : de
            ? `Ihre Zahlungsweise: Änderung eingegangen – ${name}`
            : `Your payment method: change received – ${name}`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          { kind: 'paragraph', text: intro },
          { kind: 'facts', rows },
          ...(data.mandate
            ? [
                {
                  kind: 'paragraph' as const,
                  text: de
                    ? 'Ihr Lastschriftmandat finden Sie als PDF im Kundenportal unter „Bankverbindung“. Sie können innerhalb von acht Wochen ab dem Belastungsdatum die Erstattung eines belasteten Betrages verlangen; es gelten die mit Ihrem Kreditinstitut vereinbarten Bedingungen. Die IBAN ist zu Ihrem Schutz nur gekürzt angegeben.'
                    : 'You will find your direct debit mandate as a PDF in the customer portal under "Bank details". You can ask for a refund of a debited amount within eight weeks of the debit date, under the terms agreed with your bank. For your protection the IBAN is shown shortened.',
                },
              ]
            : []),
          { kind: 'button', label: de ? 'Bankverbindung ansehen' : 'View bank details', url: links.portalUrl + data.path },
          {
            kind: 'paragraph',
            text: de ? 'Bitte geben Sie bei Rückfragen die Vorgangsnummer an.' : 'Please quote the reference number if you contact us about it.',
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
  /** Security notice (SEC-12) to every login of the customer account: no account data. */
  banking_security_notice: define({
    data: z.object({ customerNumber: z.string(), at: z.iso.datetime(), accessPath: z.string().startsWith('/') }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      const when = new Intl.DateTimeFormat(de ? 'de' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: tenant.config.timeZone }).format(new Date(data.at));
      const phone = tenant.config.contact.phone;
      return renderLayout(tenant, locale, {
        subject: de ? 'Ihre Bankverbindung wurde geändert – waren Sie das nicht?' : 'Your bank details were changed – was this not you?',
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? `am ${when} wurde im Kundenportal die Bankverbindung für das Kundenkonto ${data.customerNumber} geändert.`
              : `on ${when} the bank details of customer account ${data.customerNumber} were changed in the customer portal.`,
          },
          {
            kind: 'paragraph',
            text: de
              ? `Waren Sie das nicht? Dann rufen Sie uns bitte sofort an (${phone}), damit wir die Änderung nicht ausführen, und ändern Sie Ihr Passwort im Kundenportal unter „Mein Zugang“.`
              : `Was this not you? Then please call us at once (${phone}) so that we do not carry out the change, and change your password in the customer portal under "My access".`,
          },
          { kind: 'button', label: de ? 'Mein Zugang' : 'My access', url: links.portalUrl + data.accessPath },
          {
            kind: 'paragraph',
            text: de ? 'Wenn Sie die Änderung selbst vorgenommen haben, ist nichts weiter zu tun.' : 'If you made the change yourself, there is nothing else to do.',
          },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
};
