import { describe, expect, it } from 'vitest';
import { countryName, formatList, telHref } from './format.ts';
import { localize, paragraphs } from './localized.ts';

describe('formatting', () => {
  it('builds tel: links from written phone numbers', () => {
    expect(telHref('+49 1234 5678-0')).toBe('tel:+49123456780');
    expect(telHref('0512 / 12 34 56')).toBe('tel:0512123456');
  });

  it('joins lists and names countries in the UI language', () => {
    expect(formatList(['Strom', 'Gas', 'Wasser'], 'de')).toBe('Strom, Gas und Wasser');
    expect(formatList(['electricity', 'gas'], 'en')).toBe('electricity and gas');
    expect(countryName('AT', 'de')).toBe('Österreich');
    expect(countryName('AT', 'en')).toBe('Austria');
  });
});

describe('tenant texts', () => {
  it('falls back to German and says so', () => {
    expect(localize({ de: 'Hallo', en: 'Hello' }, 'en')).toEqual({ text: 'Hello', lang: 'en' });
    expect(localize({ de: 'Hallo' }, 'en')).toEqual({ text: 'Hallo', lang: 'de' });
    expect(localize({ de: 'Hallo', en: 'Hello' }, 'de')).toEqual({ text: 'Hallo', lang: 'de' });
  });

  it('splits paragraphs at blank lines', () => {
    expect(paragraphs('Eins\nzwei\n\n \nDrei\r\n')).toEqual(['Eins\nzwei', 'Drei']);
  });
});
