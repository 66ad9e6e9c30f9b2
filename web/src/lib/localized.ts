// Tenant texts come in German and (optionally) English; English falls back to German.
import type { TLocale, TLocalizedText } from '../../../api/tenant.ts';

export interface LocalizedString {
  text: string;
  lang: TLocale;
}

export function localize(value: TLocalizedText, locale: TLocale): LocalizedString {
  return locale === 'en' && value.en ? { text: value.en, lang: 'en' } : { text: value.de, lang: 'de' };
}

/** Splits a text into paragraphs at blank lines. */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
