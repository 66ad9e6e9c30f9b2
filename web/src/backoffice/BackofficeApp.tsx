// The back office of a utility (/backoffice/*): its own layout, session (staff cookie) and pages,
// outside the customer portal's layout. Staff sign in with password and authenticator code.
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router';
import { PageHeading } from '../components/PageHeading.tsx';
import { SiteNameContext, useTenant } from '../lib/site.ts';
import './backoffice.css';
import { BackofficeLayout } from './components/BackofficeLayout.tsx';
import { boPaths } from './lib/paths.ts';
import { CustomerPage } from './pages/CustomerPage.tsx';
import { CustomersPage } from './pages/CustomersPage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { GpLettersPage } from './pages/GpLettersPage.tsx';
import { IntegrationPage } from './pages/IntegrationPage.tsx';
import { InvitationPage } from './pages/InvitationPage.tsx';
import { QueuePage } from './pages/QueuePage.tsx';
import { RequestPage } from './pages/RequestPage.tsx';
import { ReviewPage } from './pages/ReviewPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { TeamPage } from './pages/TeamPage.tsx';

function BackofficeNotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('backoffice.notFound.title')} />
      <p>{t('backoffice.notFound.text')}</p>
      <p>
        <Link to={boPaths.dashboard}>{t('backoffice.notFound.link')}</Link>
      </p>
    </>
  );
}

/** Routes below /backoffice (relative paths: TenantPortal mounts this at /backoffice/*). */
export function BackofficeApp() {
  const { t } = useTranslation();
  const tenant = useTenant();
  return (
    <SiteNameContext value={`${tenant.displayName} ${t('backoffice.product')}`}>
      <Routes>
        <Route element={<BackofficeLayout />}>
          <Route index element={<DashboardPage />} />
          <Route path="anmelden" element={<SignInPage />} />
          <Route path="einladung" element={<InvitationPage />} />
          <Route path="anliegen" element={<QueuePage />} />
          <Route path="anliegen/:id" element={<RequestPage />} />
          <Route path="registrierungen/:id" element={<ReviewPage />} />
          <Route path="kunden" element={<CustomersPage />} />
          <Route path="kunden/:id" element={<CustomerPage />} />
          <Route path="team" element={<TeamPage />} />
          <Route path="schnittstellen" element={<IntegrationPage />} />
          <Route path="einstellungen" element={<SettingsPage />} />
          <Route path="gp-nummern" element={<GpLettersPage />} />
          <Route path="*" element={<BackofficeNotFound />} />
        </Route>
      </Routes>
    </SiteNameContext>
  );
}
