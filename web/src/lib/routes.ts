// The public pages of a tenant portal. Paths are German in both languages; only the labels change.
import type { TLegalPageKind } from '../../../api/tenant.ts';

export type NavLabelKey = 'nav.home' | 'nav.imprint' | 'nav.privacy' | 'nav.accessibility';

export const legalPages: readonly { path: string; kind: TLegalPageKind; label: NavLabelKey }[] = [
  { path: '/impressum', kind: 'imprint', label: 'nav.imprint' },
  { path: '/datenschutz', kind: 'privacy', label: 'nav.privacy' },
  { path: '/barrierefreiheit', kind: 'accessibility', label: 'nav.accessibility' },
];
