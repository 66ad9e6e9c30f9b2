// Tenant colours as CSS custom properties on <html>. Text colours derived from them always reach
// WCAG AA (4.5:1) against the surface they are drawn on.
import type { TPublicTenant } from '../../../api/tenant.ts';
import { adjustForContrast, contrastRatio, MIN_TEXT_CONTRAST, NEAR_BLACK, parseHex, textColorOn, toHex, WHITE, type Rgb } from './color.ts';

/** The light grey of boxes and the footer (`--surface-muted` in styles.css); links must be readable on it. */
export const LIGHT_SURFACE: Rgb = [243, 244, 246];
const FALLBACK_PRIMARY: Rgb = [0, 84, 147];

/**
 * --brand-primary / --brand-accent: the tenant's colours as configured.
 * --brand-on-primary: white or near-black, whichever contrasts more with the primary colour.
 * --brand-primary-surface: the primary colour as a background for --brand-on-primary text (equal to
 *   the primary colour unless that is so mid-toned that neither text colour reaches 4.5:1).
 * --brand-link: the primary colour as text on white and light grey (darkened when too light).
 */
export type BrandVariable =
  | '--brand-primary'
  | '--brand-accent'
  | '--brand-on-primary'
  | '--brand-primary-surface'
  | '--brand-link';

export function brandPalette(branding: TPublicTenant['branding']): Record<BrandVariable, string> {
  const primary = parseHex(branding.primaryColor) ?? FALLBACK_PRIMARY;
  const accent = parseHex(branding.accentColor) ?? primary;
  const onPrimary = textColorOn(primary);
  const surface =
    contrastRatio(onPrimary, primary) >= MIN_TEXT_CONTRAST
      ? primary
      : adjustForContrast(primary, onPrimary, onPrimary === WHITE ? NEAR_BLACK : WHITE);
  return {
    '--brand-primary': toHex(primary),
    '--brand-accent': toHex(accent),
    '--brand-on-primary': toHex(onPrimary),
    '--brand-primary-surface': toHex(surface),
    '--brand-link': toHex(adjustForContrast(primary, LIGHT_SURFACE, NEAR_BLACK)),
  };
}

export function applyBranding(root: HTMLElement, branding: TPublicTenant['branding']): void {
  for (const [name, value] of Object.entries(brandPalette(branding))) root.style.setProperty(name, value);
}
