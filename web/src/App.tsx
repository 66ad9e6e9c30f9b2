import { useTranslation } from 'react-i18next';
import { InstallationLayout } from './components/InstallationLayout.tsx';
import { LoadError } from './components/LoadError.tsx';
import { LoadingStatus } from './components/LoadingStatus.tsx';
import { PageHeading } from './components/PageHeading.tsx';
import { InstallationRoot } from './InstallationRoot.tsx';
import { ApiError } from './lib/api.ts';
import { useTenantQuery } from './lib/queries.ts';
import { SiteNameContext } from './lib/site.ts';
import { MAIN_ID } from './lib/useFocusOnRouteChange.ts';
import { TenantPortal } from './TenantPortal.tsx';

/** Loads the host's tenant and decides what this host shows. */
export function App() {
  const { t } = useTranslation();
  const tenant = useTenantQuery();
  if (tenant.data) return <TenantPortal tenant={tenant.data} />;
  if (tenant.error instanceof ApiError && tenant.error.code === 'tenant_not_found') return <InstallationRoot />;
  if (tenant.isPending && tenant.errorUpdateCount === 0) {
    // No header yet: it would show the product name and then flash to the tenant's brand.
    return (
      <main id={MAIN_ID} tabIndex={-1} className="site-main">
        <LoadingStatus />
      </main>
    );
  }
  return (
    <SiteNameContext value={t('app.name')}>
      <InstallationLayout>
        <PageHeading title={t('status.portalUnavailable')} />
        {tenant.isError ? (
          <LoadError
            error={tenant.error}
            onRetry={() => {
              void tenant.refetch();
            }}
          />
        ) : (
          <LoadingStatus />
        )}
      </InstallationLayout>
    </SiteNameContext>
  );
}
