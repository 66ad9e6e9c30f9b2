// Locale-aware formatting with Intl (the UI language decides, not the browser's).
import type { TLocale } from '../../../api/tenant.ts';

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
