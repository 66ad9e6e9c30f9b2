import { describe, expect, it } from 'vitest';
import { brandPalette, LIGHT_SURFACE } from './branding.ts';
import { contrastRatio, MIN_TEXT_CONTRAST, NEAR_BLACK, parseHex, textColorOn, toHex, WHITE, type Rgb } from './color.ts';

function rgb(hex: string): Rgb {
  const parsed = parseHex(hex);
  if (!parsed) throw new Error(`bad colour ${hex}`);
  return parsed;
}

describe('colour maths', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio(WHITE, [0, 0, 0])).toBeCloseTo(21, 5);
    expect(contrastRatio(rgb('#777777'), WHITE)).toBeCloseTo(4.48, 2);
    expect(contrastRatio(rgb('#767676'), WHITE)).toBeGreaterThanOrEqual(4.5);
  });

  it('parses and prints #rrggbb', () => {
    expect(parseHex('#00609C')).toEqual([0, 96, 156]);
    expect(parseHex('red')).toBeNull();
    expect(toHex([0, 96, 156])).toBe('#00609c');
  });

  it('picks white on dark and near-black on light colours', () => {
    expect(textColorOn(rgb('#00609c'))).toBe(WHITE);
    expect(textColorOn(rgb('#ffd200'))).toBe(NEAR_BLACK);
  });
});

describe('brandPalette', () => {
  const channel = [0, 51, 102, 119, 136, 153, 204, 255];
  const samples = channel.flatMap((r) => channel.flatMap((g) => channel.map((b) => toHex([r, g, b]))));

  it.each(samples)('keeps text readable for primary %s', (primary) => {
    const palette = brandPalette({ primaryColor: primary, accentColor: '#000000', logoUrl: null });
    expect(palette['--brand-primary']).toBe(primary);
    const onPrimary = rgb(palette['--brand-on-primary']);
    expect([toHex(WHITE), toHex(NEAR_BLACK)]).toContain(palette['--brand-on-primary']);
    expect(contrastRatio(onPrimary, rgb(palette['--brand-primary-surface']))).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    expect(contrastRatio(rgb(palette['--brand-link']), LIGHT_SURFACE)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
    expect(contrastRatio(rgb(palette['--brand-link']), WHITE)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it('leaves colours alone that are already readable', () => {
    const palette = brandPalette({ primaryColor: '#00609c', accentColor: '#f39200', logoUrl: null });
    expect(palette).toEqual({
      '--brand-primary': '#00609c',
      '--brand-accent': '#f39200',
      '--brand-on-primary': '#ffffff',
      '--brand-primary-surface': '#00609c',
      '--brand-link': '#00609c',
    });
  });

  it('darkens a light brand colour for link text', () => {
    const palette = brandPalette({ primaryColor: '#ffd200', accentColor: '#7ab800', logoUrl: null });
    expect(palette['--brand-on-primary']).toBe(toHex(NEAR_BLACK));
    expect(palette['--brand-primary-surface']).toBe('#ffd200');
    expect(palette['--brand-link']).not.toBe('#ffd200');
  });
});
