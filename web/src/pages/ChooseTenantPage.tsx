import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TDemoAccounts } from '../../../api/tenant.ts';
import { DemoTenant } from '../components/DemoTenant.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

/** Demo mode on a host without a tenant: every demo tenant with its address and test data. */
export function ChooseTenantPage({ accounts }: { accounts: TDemoAccounts }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('chooser.title')} />
      <p className="lead">{t('chooser.intro')}</p>
      {accounts.tenants.map((tenant) => (
        <DemoTenant key={tenant.slug} tenant={tenant} />
      ))}
      {accounts.operators.length > 0 && (
        <p>
          {t('operator.demoIntro')} <Link to="/betrieb">{t('operator.demoLink')}</Link>
        </p>
      )}
    </>
  );
}
