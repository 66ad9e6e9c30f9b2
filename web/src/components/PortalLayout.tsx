import { Outlet } from 'react-router';
import { MAIN_ID, useFocusOnRouteChange } from '../lib/useFocusOnRouteChange.ts';
import { MainNav } from './MainNav.tsx';
import { AccountBar, SignInLinks } from './SessionControls.tsx';
import { SessionWatcher } from './SessionWatcher.tsx';
import { SiteFooter } from './SiteFooter.tsx';
import { SiteHeader } from './SiteHeader.tsx';
import { SkipLink } from './SkipLink.tsx';
import { TenantBrand } from './TenantBrand.tsx';

/** The shell of a tenant's portal: skip link, header with sign-in state and navigation, main content, footer. */
export function PortalLayout() {
  useFocusOnRouteChange();
  return (
    <>
      <SkipLink targetId={MAIN_ID} />
      <SiteHeader brand={<TenantBrand />} actions={<SignInLinks />} bar={<AccountBar />}>
        <MainNav />
      </SiteHeader>
      <main id={MAIN_ID} tabIndex={-1} className="site-main">
        <Outlet />
      </main>
      <SiteFooter />
      <SessionWatcher />
    </>
  );
}
