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
