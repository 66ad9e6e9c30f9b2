import { describe, expect, it } from 'vitest';
import { formatDecimal } from './account.ts';
import { formatCents, formatDay } from './format.ts';

describe('money and day formats', () => {
  it('writes euros the way German and English readers expect', () => {
    expect(formatCents(123_456, 'de')).toBe('1.234,56\u00a0€');
    expect(formatCents(-3_000, 'de')).toBe('-30,00\u00a0€');
    expect(formatCents(123_456, 'en')).toBe('€1,234.56');
  });

  it('writes a calendar date as it is, whatever the browser time zone', () => {
    expect(formatDay('2026-01-01', 'de')).toBe('01.01.2026');
    expect(formatDay('2026-12-31', 'en')).toBe('31 Dec 2026');
    expect(formatDay('kein Datum', 'de')).toBe('kein Datum');
  });

  it('writes prices with the decimal mark of the language', () => {
    expect(formatDecimal(33.4, 'de', 2)).toBe('33,40');
    expect(formatDecimal(0.9636, 'en', 4)).toBe('0.9636');
    expect(formatDecimal(11.3, 'de', 1, 3)).toBe('11,3');
  });
});
