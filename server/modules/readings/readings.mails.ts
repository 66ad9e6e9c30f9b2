// Mails of the readings module: the confirmation of a submitted reading. (A reading confirmed despite
// a plausibility warning becomes a customer request; its confirmation is the request's mail.)
import { z } from 'zod';
import { renderLayout } from '../mail/mail.layout.ts';
import { define } from '../mail/mail.template.ts';
import { formatDate } from './readings.messages.ts';
import { decimalToMilli, formatQuantity } from './value.ts';

const divisionNames = {
  electricity: { de: 'Strom', en: 'Electricity' },
  gas: { de: 'Gas', en: 'Gas' },
  water: { de: 'Wasser', en: 'Water' },
  heat: { de: 'Wärme', en: 'Heat' },
} as const;

export const readingsMails = {
  /** A reading was booked (plausible): date and values per register. */
  reading_received: define({
    data: z.object({
      meterNumber: z.string(),
      division: z.enum(['electricity', 'gas', 'water', 'heat']),
      readOn: z.string(),
      values: z.array(z.object({ label: z.string().nullable(), value: z.string(), unit: z.enum(['kWh', 'm3']) })),
      path: z.string().startsWith('/'),
    }),
    render(tenant, locale, data, links) {
      const de = locale === 'de';
      const rows: Array<[string, string]> = [
        [de ? 'Zähler' : 'Meter', `${data.meterNumber} (${divisionNames[data.division][locale]})`],
        [de ? 'Ablesedatum' : 'Reading date', formatDate(data.readOn, locale)],
        ...data.values.map((v): [string, string] => [v.label ?? (de ? 'Zählerstand' : 'Reading'), formatQuantity(decimalToMilli(v.value), v.unit, locale)]),
      ];
      return renderLayout(tenant, locale, {
        subject: de
          ? `Ihr Zählerstand ist eingegangen – ${tenant.config.displayName}`
          : `We have received your meter reading – ${tenant.config.displayName}`,
        greeting: de ? 'Guten Tag,' : 'Hello,',
        blocks: [
          {
            kind: 'paragraph',
            text: de
              ? 'vielen Dank für Ihren Zählerstand. Wir haben ihn geprüft und übernommen; er fließt in Ihre nächste Abrechnung ein.'
              : 'thank you for your meter reading. We have checked and accepted it; it will be used for your next bill.',
          },
          { kind: 'facts', rows },
          { kind: 'button', label: de ? 'Zählerstände ansehen' : 'View meter readings', url: links.portalUrl + data.path },
        ],
        closing: de ? 'Mit freundlichen Grüßen' : 'Kind regards',
      });
    },
  }),
} as const;
