import { useQuery } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TDashboard } from '../../../../api/backoffice.ts';
import type { TStaffSession } from '../../../../api/staff.ts';
import { PageHeading } from '../../components/PageHeading.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useLocale } from '../../lib/i18n.ts';
import { intlLocale } from '../../lib/format.ts';
import { RequireStaff } from '../components/RequireStaff.tsx';
import { dashboard } from '../lib/api.ts';
import { queuePath } from '../lib/paths.ts';
import { STAFF_KEY } from '../lib/session.ts';

function Card({ title, figure, children }: { title: string; figure: string; children?: ReactNode }) {
  const headingId = useId();
  return (
    <section className="box bo-card" aria-labelledby={headingId}>
      <h2 id={headingId} className="bo-card__title">
        {title}
      </h2>
      <p className="bo-card__figure">{figure}</p>
      {children}
    </section>
  );
}

/** A line "<link into the queue>: <count>". */
function CountLink({ to, label, count }: { to: string; label: string; count: number }) {
  const [locale] = useLocale();
  return (
    <li>
      <Link to={to}>{label}</Link>: <strong>{new Intl.NumberFormat(intlLocale(locale)).format(count)}</strong>
    </li>
  );
}

function Dashboard({ data }: { data: TDashboard }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const n = (value: number) => new Intl.NumberFormat(intlLocale(locale)).format(value);
  const open = data.openRequests;
  return (
    <div className="bo-cards">
      <Card title={t('backoffice.dashboard.open')} figure={n(open.total)}>
        <ul className="plain-list bo-card__list">
          <CountLink to={queuePath({ status: 'open' })} label={t('backoffice.dashboard.allOpen')} count={open.total} />
          <CountLink to={queuePath({ status: 'open', assigned: 'none' })} label={t('backoffice.dashboard.unassigned')} count={open.unassigned} />
          <li>
            <Link to={queuePath({ status: 'open', assigned: 'me' })}>{t('backoffice.dashboard.mine')}</Link>
          </li>
        </ul>
      </Card>
      <Card title={t('backoffice.dashboard.byAge')} figure={n(open.byAge.over7Days)}>
        <p className="bo-card__note">{t('backoffice.dashboard.over7Note')}</p>
        <ul className="plain-list bo-card__list">
          <li>
            {t('backoffice.dashboard.under2Days')}: <strong>{n(open.byAge.under2Days)}</strong>
          </li>
          <CountLink to={queuePath({ status: 'open', minAgeDays: 2, maxAgeDays: 7 })} label={t('backoffice.dashboard.days2to7')} count={open.byAge.days2to7} />
          <CountLink to={queuePath({ status: 'open', minAgeDays: 7 })} label={t('backoffice.dashboard.over7Days')} count={open.byAge.over7Days} />
        </ul>
      </Card>
      <Card title={t('backoffice.dashboard.byKind')} figure={n(open.byKind.reduce((sum, row) => sum + row.count, 0))}>
        {open.byKind.length === 0 ? (
          <p>{t('backoffice.dashboard.none')}</p>
        ) : (
          <ul className="plain-list bo-card__list">
            {open.byKind.map((row) => (
              <CountLink key={row.kind} to={queuePath({ status: 'open', kind: row.kind })} label={t(`requests.kind.${row.kind}`)} count={row.count} />
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('backoffice.dashboard.readings')} figure={n(data.readings.pendingReview)}>
        <p className="bo-card__note">{t('backoffice.dashboard.pendingReviewNote')}</p>
        <ul className="plain-list bo-card__list">
          <CountLink to={queuePath({ status: 'open', kind: 'reading' })} label={t('backoffice.dashboard.readingRequests')} count={data.readings.pendingReview} />
          <li>
            {t('backoffice.dashboard.last7Days')}: <strong>{n(data.readings.last7Days)}</strong>
          </li>
          <li>
            {t('backoffice.dashboard.last30Days')}: <strong>{n(data.readings.last30Days)}</strong>
          </li>
        </ul>
      </Card>
      <Card title={t('backoffice.dashboard.gpRequests')} figure={n(data.gpRequestsPending)}>
        <p className="bo-card__note">{t('backoffice.dashboard.gpRequestsNote')}</p>
      </Card>
      <Card title={t('backoffice.dashboard.imports')} figure={n(data.recentImports.filter((run) => run.status === 'failed').length)}>
        <p className="bo-card__note">{t('backoffice.dashboard.importsNote')}</p>
        {data.recentImports.length === 0 ? (
          <p>{t('backoffice.dashboard.noImports')}</p>
        ) : (
          <ul className="plain-list bo-card__list">
            {data.recentImports.map((run) => (
              <li key={run.id}>
                <strong>{run.fileName ?? run.format.toUpperCase()}</strong>{' '}
                {new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(run.startedAt))}:{' '}
                {t(`backoffice.dashboard.importStatus.${run.status === 'succeeded' || run.status === 'failed' ? run.status : 'running'}`)},{' '}
                {t('backoffice.dashboard.importCounts', { values: n(run.values), days: n(run.days), errors: n(run.errorCount) })}
                {run.errors[0] ? <span className="bo-card__note"> {run.errors[0].position}: {run.errors[0].message}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={t('backoffice.dashboard.registrations')} figure={n(data.registrations.last7Days)}>
        <p className="bo-card__note">{t('backoffice.dashboard.registrationsNote')}</p>
        <ul className="plain-list bo-card__list">
          <li>
            {t('backoffice.dashboard.last30Days')}: <strong>{n(data.registrations.last30Days)}</strong>
          </li>
          <li>
            {t('backoffice.dashboard.pendingActivation')}: <strong>{n(data.registrations.pendingActivation)}</strong>
          </li>
        </ul>
      </Card>
    </div>
  );
}

function LoadedDashboard() {
  const query = useQuery({ queryKey: [...STAFF_KEY, 'dashboard'], queryFn: ({ signal }) => dashboard(signal) });
  return <QueryState query={query}>{(data) => <Dashboard data={data} />}</QueryState>;
}

/** /backoffice: the start page after sign-in, counts with links into the work queue. */
export function DashboardPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('backoffice.dashboard.title')} />
      <RequireStaff>
        {(session: TStaffSession) => (
          <>
            <p className="lead">{t('backoffice.dashboard.greeting', { name: session.staff.name })}</p>
            <LoadedDashboard />
          </>
        )}
      </RequireStaff>
    </>
  );
}
