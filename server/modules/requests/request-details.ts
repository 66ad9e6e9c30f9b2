// What a customer entered for a change request, as labelled lines for the request's page: each kind's
// payload (written by the module that created the request) read leniently, so an older or partial
// payload shows what it has instead of failing.
import { z } from 'zod';
import type { TRequestDetailLine, TRequestKind } from '../../../api/requests.ts';
import type { TLocale } from '../../../api/tenant.ts';

type Words = Record<string, { de: string; en: string }>;

const words = {
  contract: { de: 'Vertrag', en: 'Contract' },
  currentAmount: { de: 'Bisheriger Abschlag', en: 'Current instalment' },
  desiredAmount: { de: 'Gewünschter Abschlag', en: 'Requested instalment' },
  desiredDate: { de: 'Gewünscht ab', en: 'Requested from' },
  recommendation: { de: 'Unsere Empfehlung', en: 'Our recommendation' },
  comment: { de: 'Ihr Kommentar', en: 'Your comment' },
  newAddress: { de: 'Neue Rechnungsanschrift', en: 'New billing address' },
  previousAddress: { de: 'Bisherige Rechnungsanschrift', en: 'Previous billing address' },
  validFrom: { de: 'Gültig ab', en: 'Valid from' },
  phone: { de: 'Telefon', en: 'Phone' },
  contactEmail: { de: 'E-Mail für Rückfragen', en: 'Contact e-mail' },
  paymentMethod: { de: 'Zahlungsweise', en: 'Payment method' },
  directDebit: { de: 'SEPA-Lastschrift', en: 'SEPA direct debit' },
  transfer: { de: 'Überweisung', en: 'Bank transfer' },
  holder: { de: 'Kontoinhaber', en: 'Account holder' },
  iban: { de: 'IBAN', en: 'IBAN' },
  mandateReference: { de: 'Mandatsreferenz', en: 'Mandate reference' },
  premises: { de: 'Verbrauchsstellen', en: 'Supply addresses' },
  allPremises: { de: 'alle Verbrauchsstellen', en: 'all supply addresses' },
  meter: { de: 'Zählernummer', en: 'Meter number' },
  readOn: { de: 'Ablesedatum', en: 'Reading date' },
  reading: { de: 'Zählerstand', en: 'Meter reading' },
} satisfies Words;

const ZAddress = z.object({ street: z.string(), houseNumber: z.string(), postalCode: z.string(), city: z.string(), country: z.string().optional() });

const payloads = {
  instalment: z.object({
    contractNumber: z.string().optional(),
    currentAmountCents: z.number().optional(),
    desiredAmountCents: z.number().optional(),
    desiredDate: z.string().optional(),
    recommendedAmountCents: z.number().nullable().optional(),
    comment: z.string().optional(),
  }),
  address: z.object({ address: ZAddress.optional(), validFrom: z.string().optional(), previous: ZAddress.nullable().optional() }),
  contact: z.object({ phone: z.string().nullable().optional(), contactEmail: z.string().nullable().optional() }),
  bank: z.object({
    paymentMethod: z.string().optional(),
    validFrom: z.string().optional(),
    allPremises: z.boolean().optional(),
    premises: z.array(z.string()).optional(),
    holder: z.string().optional(),
    ibanMasked: z.string().optional(),
    mandateReference: z.string().optional(),
  }),
  reading: z.object({
    meterNumber: z.string().optional(),
    readOn: z.string().optional(),
    readings: z.array(z.object({ label: z.string().nullable().optional(), unit: z.string().optional(), value: z.string().optional() })).optional(),
    comment: z.string().optional(),
  }),
};

function day(iso: string, locale: TLocale): string {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

function euros(cents: number, locale: TLocale): string {
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

function address(value: z.infer<typeof ZAddress>): string {
  return `${value.street} ${value.houseNumber}, ${value.postalCode} ${value.city}`;
}

/** The labelled lines of a request's payload in the customer's language; [] for messages and unknown shapes. */
export function requestDetails(kind: TRequestKind, payload: unknown, locale: TLocale): TRequestDetailLine[] {
  const lines: TRequestDetailLine[] = [];
  const add = (label: keyof typeof words, value: string | null | undefined): void => {
    if (value !== null && value !== undefined && value !== '') lines.push({ label: words[label][locale], value });
  };
  switch (kind) {
    case 'instalment': {
      const p = payloads.instalment.safeParse(payload);
      if (!p.success) break;
      add('contract', p.data.contractNumber);
      if (p.data.currentAmountCents !== undefined) add('currentAmount', euros(p.data.currentAmountCents, locale));
      if (p.data.desiredAmountCents !== undefined) add('desiredAmount', euros(p.data.desiredAmountCents, locale));
      if (p.data.desiredDate) add('desiredDate', day(p.data.desiredDate, locale));
      if (typeof p.data.recommendedAmountCents === 'number') add('recommendation', euros(p.data.recommendedAmountCents, locale));
      add('comment', p.data.comment);
      break;
    }
    case 'address': {
      const p = payloads.address.safeParse(payload);
      if (!p.success) break;
      if (p.data.address) add('newAddress', address(p.data.address));
      if (p.data.validFrom) add('validFrom', day(p.data.validFrom, locale));
      if (p.data.previous) add('previousAddress', address(p.data.previous));
      break;
    }
    case 'contact': {
      const p = payloads.contact.safeParse(payload);
      if (!p.success) break;
      add('phone', p.data.phone);
      add('contactEmail', p.data.contactEmail);
      break;
    }
    case 'bank': {
      const p = payloads.bank.safeParse(payload);
      if (!p.success) break;
      if (p.data.paymentMethod) add('paymentMethod', p.data.paymentMethod === 'transfer' ? words.transfer[locale] : words.directDebit[locale]);
      add('holder', p.data.holder);
      add('iban', p.data.ibanMasked);
      add('mandateReference', p.data.mandateReference);
      if (p.data.validFrom) add('validFrom', day(p.data.validFrom, locale));
      add('premises', p.data.allPremises ? words.allPremises[locale] : p.data.premises?.join('; '));
      break;
    }
    case 'reading': {
      const p = payloads.reading.safeParse(payload);
      if (!p.success) break;
      add('meter', p.data.meterNumber);
      if (p.data.readOn) add('readOn', day(p.data.readOn, locale));
      for (const reading of p.data.readings ?? []) {
        if (reading.value === undefined) continue;
        const unit = reading.unit === 'm3' ? 'm³' : (reading.unit ?? '');
        const number = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 3 }).format(Number(reading.value));
        lines.push({ label: reading.label ? `${words.reading[locale]} ${reading.label}` : words.reading[locale], value: `${number} ${unit}`.trim() });
      }
      add('comment', p.data.comment);
      break;
    }
    case 'message':
      break;
  }
  return lines;
}
