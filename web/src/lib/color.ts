// WCAG 2.1 colour maths for tenant branding: relative luminance, contrast ratio and adjustments
// that keep text readable whatever colours a tenant configures.

export type Rgb = readonly [number, number, number];

export const WHITE: Rgb = [255, 255, 255];
/** The dark text colour used on light brand colours (and for body text). */
export const NEAR_BLACK: Rgb = [17, 17, 17];

export const MIN_TEXT_CONTRAST = 4.5;

export function parseHex(hex: string): Rgb | null {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

function channelLuminance(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance as defined by WCAG 2.1. */
export function relativeLuminance([r, g, b]: Rgb): number {
  return 0.2126 * channelLuminance(r) + 0.7152 * channelLuminance(g) + 0.0722 * channelLuminance(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** White or near-black, whichever contrasts more with the background. */
export function textColorOn(background: Rgb): Rgb {
  return contrastRatio(WHITE, background) >= contrastRatio(NEAR_BLACK, background) ? WHITE : NEAR_BLACK;
}

function mix(from: Rgb, to: Rgb, amount: number): Rgb {
  const channel = (a: number, b: number): number => Math.round(a + (b - a) * amount);
  return [channel(from[0], to[0]), channel(from[1], to[1]), channel(from[2], to[2])];
}

/**
 * Moves `color` towards `direction` (black to darken, white to lighten) in small steps until it
 * reaches `minRatio` against `against`. Returns the colour unchanged when it already does.
 */
export function adjustForContrast(color: Rgb, against: Rgb, direction: Rgb, minRatio = MIN_TEXT_CONTRAST): Rgb {
  for (let step = 0; step <= 50; step++) {
    const candidate = mix(color, direction, step / 50);
    if (contrastRatio(candidate, against) >= minRatio) return candidate;
  }
  return direction;
}
