import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TTenantOverview } from '../../../../api/operator.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useLocale } from '../../lib/i18n.ts';
import { RequireOperator } from '../components/RequireOperator.tsx';
import { tenantsOverview } from '../lib/api.ts';
import { CONSOLE_TIME_ZONE } from '../lib/format.ts';
import { opPaths, tenantPath } from '../lib/paths.ts';
import { OPERATOR_KEY } from '../lib/session.ts';

const number = (value: number, locale: string) => value.toLocaleString(locale === 'en' ? 'en-GB' : 'de-DE');

function TenantsTable({ tenants }: { tenants: TTenantOverview[] }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  if (tenants.length === 0) return <p>{t('operator.overview.empty')}</p>;
  return (
    <div className="table-scroll" role="region" aria-labelledby="tenants-caption" tabIndex={0}>
      <table className="bo-table">
        <caption id="tenants-caption">{t('operator.overview.caption', { count: tenants.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('operator.overview.tenant')}</th>
            <th scope="col">{t('operator.overview.country')}</th>
            <th scope="col">{t('operator.overview.modules')}</th>
            <th scope="col" className="bo-num">{t('operator.overview.customers')}</th>
            <th scope="col" className="bo-num">{t('operator.overview.activeLogins')}</th>
            <th scope="col" className="bo-num">{t('operator.overview.staff')}</th>
            <th scope="col" className="bo-num">{t('operator.overview.openRequests')}</th>
            <th scope="col">{t('operator.overview.lastImport')}</th>
            <th scope="col">{t('operator.overview.outbox')}</th>
          </tr>
        </thead>
        <tbody>
          {tenants.map((tenant) => (
            <tr key={tenant.id}>
              <th scope="row">
                <Link to={tenantPath(tenant.slug)}>{tenant.name}</Link>
                <br />
                <span className="bo-muted">{tenant.slug}</span>
              </th>
              <td>{t(`operator.countries.${tenant.country}`)}</td>
              <td>{tenant.modules.map((module) => t(`modules.${module}.title`)).join(', ')}</td>
              <td className="bo-num">{number(tenant.customers, locale)}</td>
              <td className="bo-num">{number(tenant.activeLogins, locale)}</td>
              <td className="bo-num">{number(tenant.staff, locale)}</td>
              <td className="bo-num">{number(tenant.openRequests, locale)}</td>
              <td>
                {tenant.lastImport ? (
                  <>
                    {formatDateTime(tenant.lastImport.startedAt, locale, CONSOLE_TIME_ZONE)}
                    <br />
                    <span className={tenant.lastImport.status === 'failed' ? 'badge badge--error' : 'badge'}>{t(`operator.importStatus.${tenant.lastImport.status}`)}</span>
                  </>
                ) : (
                  t('operator.overview.noImport')
                )}
              </td>
              <td>
                {t('operator.overview.backlog', { count: tenant.outboxBacklog })}
                <br />
                {tenant.outboxFailed > 0 ? (
                  <Link to={opPaths.messages}>{t('operator.overview.failed', { count: tenant.outboxFailed })}</Link>
                ) : (
                  <span className="bo-muted">{t('operator.overview.failed', { count: 0 })}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function LoadedOverview() {
  const query = useQuery({ queryKey: [...OPERATOR_KEY, 'tenants'], queryFn: ({ signal }) => tenantsOverview(signal) });
  return <QueryState query={query}>{(tenants) => <TenantsTable tenants={tenants} />}</QueryState>;
}

/** /betrieb: every tenant of the installation with its figures. */
export function OperatorOverviewPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('operator.overview.title')} />
      <RequireOperator>
        {() => (
          <>
            <p className="lead">{t('operator.overview.intro')}</p>
            <LoadedOverview />
          </>
        )}
      </RequireOperator>
    </>
  );
}
