import { describe, expect, it } from 'vitest';
import { namesMatch, nameTokens, normalizeMeterNumber } from './proof.ts';

const person = (firstName: string, lastName: string) => ({ id: 'x', customerNumber: '1', kind: 'person', firstName, lastName, companyName: null });
const company = (companyName: string) => ({ id: 'x', customerNumber: '1', kind: 'company', firstName: null, lastName: null, companyName });

describe('tolerant name matching (registration by customer number and name)', () => {
  it('ignores case, umlaut spelling, order, commas and extra first names', () => {
    const record = person('Jürgen', 'Müller-Lüdenscheidt');
    for (const typed of ['Jürgen Müller-Lüdenscheidt', 'juergen mueller lüdenscheidt', 'Müller-Lüdenscheidt, Jürgen', 'MUELLER-LUEDENSCHEIDT', 'Jürgen Hans Müller-Lüdenscheidt']) {
      expect(namesMatch(typed, record), typed).toBe(true);
    }
    expect(namesMatch('Strauß', person('Anna', 'Strauss'))).toBe(true);
    expect(namesMatch('René Lefèvre', person('Rene', 'Lefevre'))).toBe(true);
  });

  it('refuses other people', () => {
    const record = person('Jürgen', 'Müller');
    for (const typed of ['Peter Müller', 'Jürgen Meier', 'Müll', '', 'Müller Peter Klaus']) expect(namesMatch(typed, record), typed).toBe(false);
  });

  it('matches companies with or without the legal form', () => {
    const record = company('Bäckerei Krause GmbH & Co. KG');
    expect(namesMatch('Bäckerei Krause', record)).toBe(true);
    expect(namesMatch('baeckerei krause gmbh', record)).toBe(true);
    expect(namesMatch('Krause', record)).toBe(true);
    expect(namesMatch('Metzgerei Krause', record)).toBe(false);
    expect(namesMatch('GmbH', record)).toBe(false);
  });

  it('splits names into comparable words', () => {
    expect(nameTokens('Groß, Ölaf-Ünal')).toEqual(['gross', 'oelaf', 'uenal']);
  });
});

describe('meter number normalisation', () => {
  const rules = { stripCharacters: '-./', uppercase: true, stripLeadingZeros: false, help: { de: 'x' } };
  it('removes spaces and separators and upper-cases', () => {
    expect(normalizeMeterNumber(' 1emh 0012-3456.78 ', rules)).toBe('1EMH0012345678');
  });
  it('optionally drops leading zeros', () => {
    expect(normalizeMeterNumber('000123', { ...rules, stripLeadingZeros: true })).toBe('123');
    expect(normalizeMeterNumber('000', { ...rules, stripLeadingZeros: true })).toBe('0');
  });
});
