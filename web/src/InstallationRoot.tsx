import { useTranslation } from 'react-i18next';
import { InstallationLayout } from './components/InstallationLayout.tsx';
import { QueryState } from './components/QueryState.tsx';
import { ApiError } from './lib/api.ts';
import { useDemoAccountsQuery } from './lib/queries.ts';
import { SiteNameContext } from './lib/site.ts';
import { ChooseTenantPage } from './pages/ChooseTenantPage.tsx';
import { NoPortalPage } from './pages/NoPortalPage.tsx';

/** A host without a tenant: the tenant chooser in demo mode, otherwise "no portal here". */
export function InstallationRoot() {
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
