// Locale-aware formatting with Intl (the UI language decides, not the browser's).
import type { TLocale } from '../../../api/tenant.ts';

/** The Intl locale of the UI language: British English (day before month, 24 h) or German. */
export function intlLocale(locale: TLocale): string {
  return locale === 'en' ? 'en-GB' : 'de-DE';
}

/** 123456 -> "1.234,56 €" (de) or "€1,234.56" (en). */
export function formatCents(cents: number, locale: TLocale): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/**
 * A calendar day 'YYYY-MM-DD' as it is, in no time zone: "04.05.2026" (de); in English
 * "31 Dec 2025" (`month: 'short'`, for tables and facts) or "31 December 2025" (`'long'`, in sentences).
 */
export function formatDay(iso: string, locale: TLocale, month: 'short' | 'long' = 'short'): string {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return locale === 'en'
    ? new Intl.DateTimeFormat('en-GB', { day: 'numeric', month, year: 'numeric', timeZone: 'UTC' }).format(date)
    : new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** The local day of a timestamp in the utility's time zone: "04.05.2026" (de) or "4 May 2026" (en). */
export function formatLocalDay(instant: string, locale: TLocale, timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = locale === 'en' ? { dateStyle: 'medium', timeZone } : { day: '2-digit', month: '2-digit', year: 'numeric', timeZone };
  return new Intl.DateTimeFormat(intlLocale(locale), options).format(new Date(instant));
}

export function formatList(items: string[], locale: TLocale): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

export function formatYear(date: Date, locale: TLocale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', timeZone }).format(date);
}

export function countryName(code: string, locale: TLocale): string {
  return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
}

/** A phone number as a tel: URI: digits and a leading plus only. */
export function telHref(phone: string): string {
  const trimmed = phone.trim();
  return `tel:${trimmed.startsWith('+') ? '+' : ''}${trimmed.replace(/\D/g, '')}`;
}

/**
 * Date and time in the tenant's time zone: "21.11.2026, 14:05" or "21 Nov 2026, 14:05" (British
 * English: day before month and a 24-hour clock, as customers in Germany and Austria expect).
 */
export function formatDateTime(iso: string, locale: TLocale, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}
