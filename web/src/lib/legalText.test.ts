import { describe, expect, it } from 'vitest';
import { parseLegalText } from './legalText.ts';

describe('parseLegalText', () => {
  it('splits headings and paragraphs', () => {
    const text = '# Impressum\n\nStadtwerke GmbH\nHauptstraße 1\n\n\n# Vertreten durch\nErika Mustermann\r\n\r\nLetzter Absatz';
    expect(parseLegalText(text)).toEqual([
      { kind: 'heading', text: 'Impressum' },
      { kind: 'paragraph', text: 'Stadtwerke GmbH\nHauptstraße 1' },
      { kind: 'heading', text: 'Vertreten durch' },
      { kind: 'paragraph', text: 'Erika Mustermann' },
      { kind: 'paragraph', text: 'Letzter Absatz' },
    ]);
  });

  it('treats "#" without a space as text', () => {
    expect(parseLegalText('#hashtag\n## Zwei')).toEqual([{ kind: 'paragraph', text: '#hashtag\n## Zwei' }]);
  });

  it('returns nothing for an empty text', () => {
    expect(parseLegalText('  \n\n')).toEqual([]);
  });
});
