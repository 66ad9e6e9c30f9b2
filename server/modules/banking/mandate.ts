// The SEPA direct debit mandate: its versioned text (what the customer agrees to in the portal and
// what is stored with the consent), the mandate reference and the mandate as a PDF letter.
import type { TCreditor, TMandateText } from '../../../api/banking.ts';
import type { TLocale, TTenantConfig } from '../../../api/tenant.ts';
import { formatDate, renderLetterPdf, type PdfLetterhead } from '../documents/invoice-pdf.ts';

/** Changes of the wording get a new version; the version and the text are stored with each consent. */
export const MANDATE_TEXT_VERSION = 'sepa-core-2026-11';

/** Days before each debit that the customer is told amount and due date (DOMAIN.md §8). */
export const PRE_NOTIFICATION_DAYS = 14;

export function creditorOf(config: TTenantConfig): TCreditor {
  if (!config.sepa) throw new Error('the banking module needs sepa.creditorId');
  return {
    name: config.legalName,
    street: config.address.street,
    postalCode: config.address.postalCode,
    city: config.address.city,
    creditorId: config.sepa.creditorId,
  };
}

/** The mandate text in the customer's language: authorisation, 8-week refund note, pre-notification. */
export function mandateText(creditor: TCreditor, locale: TLocale): TMandateText {
  const name = creditor.name;
  if (locale === 'en') {
    return {
      version: MANDATE_TEXT_VERSION,
      title: 'SEPA direct debit mandate',
      paragraphs: [
        `By agreeing to this mandate, I authorise (A) ${name} to send instructions to my bank to debit my account and (B) my bank to debit my account in accordance with the instructions from ${name}.`,
        'Note: I am entitled to a refund from my bank under the terms and conditions of my agreement with my bank. A refund must be claimed within eight weeks starting from the date on which my account was debited.',
        `${name} will tell me the amount and due date of each debit at least ${String(PRE_NOTIFICATION_DAYS)} days in advance (pre-notification), for example with the instalment plan or the bill. The mandate is for recurring payments; it lapses if no debit is collected for 36 months.`,
      ],
    };
  }
  return {
    version: MANDATE_TEXT_VERSION,
    title: 'SEPA-Lastschriftmandat',
    paragraphs: [
      `Ich ermächtige den Zahlungsempfänger ${name}, Zahlungen von meinem Konto mittels SEPA-Lastschrift einzuziehen. Zugleich weise ich mein Kreditinstitut an, die vom Zahlungsempfänger ${name} auf mein Konto gezogenen SEPA-Lastschriften einzulösen.`,
      'Hinweis: Ich kann innerhalb von acht Wochen, beginnend mit dem Belastungsdatum, die Erstattung des belasteten Betrages verlangen. Es gelten dabei die mit meinem Kreditinstitut vereinbarten Bedingungen.',
      `Betrag und Fälligkeitsdatum jeder Lastschrift teilt mir der Zahlungsempfänger spätestens ${String(PRE_NOTIFICATION_DAYS)} Tage vorher mit (Vorabankündigung), zum Beispiel mit dem Abschlagsplan oder der Rechnung. Das Mandat gilt für wiederkehrende Zahlungen; es erlischt, wenn 36 Monate lang keine Lastschrift eingezogen wurde.`,
    ],
  };
}

export type MandateFacts = {
  creditor: TCreditor;
  reference: string;
  holder: string;
  ibanMasked: string;
};

/**
 * The whole text the customer agreed to, as stored with the consent: title, payee, creditor
 * identifier, mandate reference, account holder, masked IBAN and the paragraphs.
 */
export function consentRecord(facts: MandateFacts, locale: TLocale): string {
  const text = mandateText(facts.creditor, locale);
  const c = facts.creditor;
  const de = locale === 'de';
  return [
    text.title,
    `${de ? 'Zahlungsempfänger' : 'Payee'}: ${c.name}, ${c.street}, ${c.postalCode} ${c.city}`,
    `${de ? 'Gläubiger-Identifikationsnummer' : 'Creditor identifier'}: ${c.creditorId}`,
    `${de ? 'Mandatsreferenz' : 'Mandate reference'}: ${facts.reference}`,
    de ? 'Zahlungsart: wiederkehrende Zahlungen' : 'Type of payment: recurring',
    `${de ? 'Kontoinhaber' : 'Account holder'}: ${facts.holder}`,
    `IBAN: ${facts.ibanMasked}`,
    ...text.paragraphs,
  ].join('\n');
}

/**
 * The reference of a customer account's n-th mandate: the customer number (characters outside
 * the SEPA set replaced) and a running number, e.g. "41234567-M02"; at most 35 characters.
 */
export function mandateReference(customerNumber: string, sequence: number): string {
  const suffix = `-M${String(sequence).padStart(2, '0')}`;
  const base = customerNumber.replace(/[^A-Za-z0-9/?:().,'+ -]/g, '-').slice(0, 35 - suffix.length);
  return `${base}${suffix}`;
}

// ---------------------------------------------------------------------------------------------
// PDF

export type MandatePdfData = {
  config: TTenantConfig;
  customer: { customerNumber: string; recipient: readonly string[] };
  reference: string;
  holder: string;
  ibanMasked: string;
  bic: string | null;
  validFrom: string;
  /** "alle Verbrauchsstellen des Kundenkontos" or the addresses. */
  premises: readonly string[] | 'all';
  consent: { channel: 'portal' | 'paper'; at: Date; locale: TLocale };
};

function letterheadOf(config: TTenantConfig, creditor: TCreditor): PdfLetterhead {
  return {
    legalName: config.legalName,
    displayName: config.displayName,
    tagline: `Gläubiger-Identifikationsnummer ${creditor.creditorId}`,
    street: config.address.street,
    postalCode: config.address.postalCode,
    city: config.address.city,
    phone: config.contact.phone,
    email: config.contact.email,
    hours: config.contact.hours.de,
    primaryColor: config.branding.primaryColor,
    footerColumns: [
      [config.legalName, `${config.address.street} · ${config.address.postalCode} ${config.address.city}`],
      [`Telefon ${config.contact.phone}`, config.contact.email],
      [`Gläubiger-ID ${creditor.creditorId}`],
    ],
  };
}

function localParts(at: Date, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/**
 * The mandate as a one-page letter to the customer, in German like every document of the utility
 * (a consent given in English is noted; its wording is stored with the consent). The IBAN is masked
 * like everywhere else.
 */
export async function renderMandatePdf(data: MandatePdfData): Promise<Buffer> {
  const creditor = creditorOf(data.config);
  const text = mandateText(creditor, 'de');
  const given = localParts(data.consent.at, data.config.timeZone);
  const intro =
    data.consent.channel === 'portal'
      ? `Sie haben uns am ${formatDate(given.date)} um ${given.time} Uhr im Kundenportal das folgende SEPA-Lastschriftmandat erteilt` +
        `${data.consent.locale === 'en' ? ' (auf Englisch, gleichen Inhalts)' : ''}. Bitte bewahren Sie dieses Schreiben für Ihre Unterlagen auf.`
      : `für Ihr Kundenkonto liegt uns das folgende SEPA-Lastschriftmandat vor, das Sie uns am ${formatDate(given.date)} schriftlich erteilt haben.`;
  return renderLetterPdf({
    letterhead: letterheadOf(data.config, creditor),
    recipient: data.customer.recipient,
    subject: text.title,
    date: given.date,
    references: [
      { label: 'Kundennummer', value: data.customer.customerNumber },
      { label: 'Mandatsreferenz', value: data.reference },
    ],
    salutation: 'Guten Tag,',
    paragraphs: [intro, text.paragraphs[0] ?? ''],
    table: {
      head: ['Angabe', 'Inhalt'],
      align: ['left', 'left'],
      widths: [1, 2],
      rows: [
        ['Zahlungsempfänger', `${creditor.name}, ${creditor.street}, ${creditor.postalCode} ${creditor.city}`],
        ['Gläubiger-Identifikationsnummer', creditor.creditorId],
        ['Mandatsreferenz', data.reference],
        ['Zahlungsart', 'Wiederkehrende Zahlungen'],
        ['Kontoinhaber (Zahlungspflichtiger)', `${data.holder}, Kundennummer ${data.customer.customerNumber}`],
        ['IBAN (zu Ihrem Schutz gekürzt)', data.ibanMasked],
        ['BIC', data.bic ?? '–'],
        ['Gültig ab', formatDate(data.validFrom)],
        ['Verbrauchsstellen', data.premises === 'all' ? 'alle Verbrauchsstellen des Kundenkontos' : data.premises.join('; ')],
        ['Erteilt', data.consent.channel === 'portal' ? `elektronisch im Kundenportal am ${formatDate(given.date)}, ${given.time} Uhr` : `schriftlich am ${formatDate(given.date)}`],
      ],
    },
    closingParagraphs: text.paragraphs.slice(1),
    signature: ['Mit freundlichen Grüßen', `Ihre ${data.config.displayName}`, 'Dieses Schreiben wurde maschinell erstellt und ist ohne Unterschrift gültig.'],
  });
}
