// What the current host shows: a tenant's portal (with its public configuration) or the bare
// installation. Pages read it for titles and tenant texts.
import { createContext, use } from 'react';
import type { TPublicTenant } from '../../../api/tenant.ts';

/** Shown after the page name in document.title: the tenant's name, or the product name. */
export const SiteNameContext = createContext('');

export const TenantContext = createContext<TPublicTenant | null>(null);

export function useTenant(): TPublicTenant {
  const tenant = use(TenantContext);
  if (!tenant) throw new Error('useTenant() outside a tenant portal');
  return tenant;
}
