import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { InstallationLayout } from './components/InstallationLayout.tsx';
import { QueryState } from './components/QueryState.tsx';
import { ApiError } from './lib/api.ts';
import { useDemoAccountsQuery } from './lib/queries.ts';
import { SiteNameContext } from './lib/site.ts';
import { ChooseTenantPage } from './pages/ChooseTenantPage.tsx';
import { NoPortalPage } from './pages/NoPortalPage.tsx';
import { OperatorApp } from './operator/OperatorApp.tsx';

/** A host without a tenant: the operator console at /betrieb; elsewhere the tenant chooser in demo mode, otherwise "no portal here". */
export function InstallationRoot() {
  return (
    <Routes>
      <Route path="/betrieb/*" element={<OperatorApp />} />
      <Route path="*" element={<ChooserOrNoPortal />} />
    </Routes>
  );
}

function ChooserOrNoPortal() {
  const { t } = useTranslation();
  const demo = useDemoAccountsQuery(true);
  const notDemo = demo.error instanceof ApiError && demo.error.status === 404;
  return (
    <SiteNameContext value={t('app.name')}>
      <InstallationLayout>
        {notDemo ? (
          <NoPortalPage />
        ) : (
          <QueryState query={demo}>{(accounts) => <ChooseTenantPage accounts={accounts} />}</QueryState>
        )}
      </InstallationLayout>
    </SiteNameContext>
  );
}
