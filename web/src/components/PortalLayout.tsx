import { Outlet } from 'react-router';
import { MAIN_ID, useFocusOnRouteChange } from '../lib/useFocusOnRouteChange.ts';
import { MainNav } from './MainNav.tsx';
import { SiteFooter } from './SiteFooter.tsx';
import { SiteHeader } from './SiteHeader.tsx';
import { SkipLink } from './SkipLink.tsx';
import { TenantBrand } from './TenantBrand.tsx';

/** The shell of a tenant's portal: skip link, header with navigation, main content, footer. */
export function PortalLayout() {
  useFocusOnRouteChange();
  return (
    <>
      <SkipLink targetId={MAIN_ID} />
      <SiteHeader brand={<TenantBrand />}>
        <MainNav />
      </SiteHeader>
      <main id={MAIN_ID} tabIndex={-1} className="site-main">
        <Outlet />
      </main>
      <SiteFooter />
    </>
  );
}
