// The operator console of the installation (/betrieb/*, installation host only, ADR 0025): its own
// layout, session (operator cookie) and pages. Operators sign in with password and authenticator code.
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router';
import { PageHeading } from '../components/PageHeading.tsx';
import { SiteNameContext } from '../lib/site.ts';
import '../backoffice/backoffice.css';
import { OperatorLayout } from './components/OperatorLayout.tsx';
import { opPaths } from './lib/paths.ts';
import { OperatorInvitationPage } from './pages/InvitationPage.tsx';
import { OperatorMessagesPage } from './pages/MessagesPage.tsx';
import { OperatorOverviewPage } from './pages/OverviewPage.tsx';
import { OperatorSignInPage } from './pages/SignInPage.tsx';
import { OperatorTenantPage } from './pages/TenantPage.tsx';
import { OperatorTeamPage } from './pages/TeamPage.tsx';

function ConsoleNotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('backoffice.notFound.title')} />
      <p>
        <Link to={opPaths.overview}>{t('operator.notFoundLink')}</Link>
      </p>
    </>
  );
}

/** Routes below /betrieb (InstallationRoot mounts this at /betrieb/*). */
export function OperatorApp() {
  const { t } = useTranslation();
  return (
    <SiteNameContext value={`${t('app.name')} ${t('operator.product')}`}>
      <Routes>
        <Route element={<OperatorLayout />}>
          <Route index element={<OperatorOverviewPage />} />
          <Route path="anmelden" element={<OperatorSignInPage />} />
          <Route path="einladung" element={<OperatorInvitationPage />} />
          <Route path="mandanten/:slug" element={<OperatorTenantPage />} />
          <Route path="nachrichten" element={<OperatorMessagesPage />} />
          <Route path="team" element={<OperatorTeamPage />} />
          <Route path="*" element={<ConsoleNotFound />} />
        </Route>
      </Routes>
    </SiteNameContext>
  );
}
