import { useLayoutEffect } from 'react';
import { Route, Routes } from 'react-router';
import type { TPublicTenant } from '../../api/tenant.ts';
import { PortalLayout } from './components/PortalLayout.tsx';
import { applyBranding } from './lib/branding.ts';
import { applyDefaultLocale } from './lib/i18n.ts';
import { legalPages } from './lib/routes.ts';
import { SiteNameContext, TenantContext } from './lib/site.ts';
import { LegalPage } from './pages/LegalPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { StartPage } from './pages/StartPage.tsx';

/** A tenant's branded portal with its routes. */
export function TenantPortal({ tenant }: { tenant: TPublicTenant }) {
  // Layout effects, so the first paint already has the tenant's colours and language.
  useLayoutEffect(() => {
    applyBranding(document.documentElement, tenant.branding);
  }, [tenant.branding]);
  useLayoutEffect(() => {
    applyDefaultLocale(tenant.defaultLocale);
  }, [tenant.defaultLocale]);
  return (
    <TenantContext value={tenant}>
      <SiteNameContext value={tenant.displayName}>
        <Routes>
          <Route element={<PortalLayout />}>
            <Route index element={<StartPage />} />
            {legalPages.map((page) => (
              <Route key={page.path} path={page.path} element={<LegalPage kind={page.kind} label={page.label} />} />
            ))}
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </SiteNameContext>
    </TenantContext>
  );
}
