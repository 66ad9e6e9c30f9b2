import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { RequestStatusBadge } from '../components/RequestStatusBadge.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useLocale } from '../lib/i18n.ts';
import { listRequests, REQUESTS_KEY } from '../lib/requests.ts';
import { paths, requestPath } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';

function RequestList() {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const query = useQuery({ queryKey: REQUESTS_KEY, queryFn: ({ signal }) => listRequests(signal) });
  return (
    <section className="section" aria-labelledby="requests-list-heading">
      <h2 id="requests-list-heading">{t('requests.listHeading')}</h2>
      <QueryState query={query}>
        {(requests) =>
          requests.length === 0 ? (
            <p>{t('requests.empty')}</p>
          ) : (
            <ul className="request-list">
              {requests.map((item) => (
                <li key={item.id} className="card request-card">
                  <p className="request-card__subject">
                    <Link to={requestPath(item.id)}>{item.subject}</Link>
                  </p>
                  <dl className="request-card__facts">
                    <div>
                      <dt>{t('requests.reference')}</dt>
                      <dd>{item.reference}</dd>
                    </div>
                    <div>
                      <dt>{t('requests.kindLabel')}</dt>
                      <dd>{t(`requests.kind.${item.kind}`)}</dd>
                    </div>
                    <div>
                      <dt>{t('requests.createdAt')}</dt>
                      <dd>{formatDateTime(item.createdAt, locale, tenant.timeZone)}</dd>
                    </div>
                    <div>
                      <dt>{t('requests.statusLabel')}</dt>
                      <dd>
                        <RequestStatusBadge status={item.status} />
                      </dd>
                    </div>
                  </dl>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}

/** /anliegen: the customer account's messages and requests with their status. */
export function RequestsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('requests.title')} />
      <RequireSession account>
        {() => (
          <>
            <p className="lead">{t('requests.intro')}</p>
            <p>
              <Link to={paths.newRequest} className="button">
                {t('requests.newLink')}
              </Link>
            </p>
            <RequestList />
          </>
        )}
      </RequireSession>
    </>
  );
}
