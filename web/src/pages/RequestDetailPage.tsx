import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TRequestDetail } from '../../../api/requests.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { RequestStatusBadge } from '../components/RequestStatusBadge.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { formatDateTime } from '../lib/format.ts';
import { useLocale } from '../lib/i18n.ts';
import { attachmentUrl, formatFileSize, getRequest, REQUESTS_KEY } from '../lib/requests.ts';
import { paths } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';

function RequestDetail({ request }: { request: TRequestDetail }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const dateTime = (iso: string) => formatDateTime(iso, locale, tenant.timeZone);
  return (
    <>
      <section className="section" aria-labelledby="request-facts-heading">
        <h2 id="request-facts-heading">{request.subject}</h2>
        <dl className="pairs">
          <div>
            <dt>{t('requests.reference')}</dt>
            <dd>{request.reference}</dd>
          </div>
          <div>
            <dt>{t('requests.statusLabel')}</dt>
            <dd>
              <RequestStatusBadge status={request.status} />
            </dd>
          </div>
          <div>
            <dt>{t('requests.kindLabel')}</dt>
            <dd>{t(`requests.kind.${request.kind}`)}</dd>
          </div>
          <div>
            <dt>{t('requests.createdAt')}</dt>
            <dd>{dateTime(request.createdAt)}</dd>
          </div>
          {request.premise && (
            <div>
              <dt>{t('requests.premise')}</dt>
              <dd>{request.premise.address}</dd>
            </div>
          )}
          {request.message && (
            <div>
              <dt>{t('requests.phone')}</dt>
              <dd>{request.message.phone}</dd>
            </div>
          )}
        </dl>
        {request.details.length > 0 && (
          <>
            <h3>{t('requests.detailsHeading')}</h3>
            <dl className="pairs">
              {request.details.map((line) => (
                <div key={line.label}>
                  <dt>{line.label}</dt>
                  <dd>{line.value}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
        {request.message && (
          <>
            <h3>{t('requests.messageHeading')}</h3>
            <p className="request-message">{request.message.text}</p>
          </>
        )}
      </section>
      {request.attachments.length > 0 && (
        <section className="section" aria-labelledby="request-attachments-heading">
          <h2 id="request-attachments-heading">{t('requests.attachmentsHeading')}</h2>
          <ul className="plain-list">
            {request.attachments.map((file) => (
              <li key={file.id}>
                <a href={attachmentUrl(request.id, file.id)} download={file.fileName}>
                  {file.fileName}
                </a>{' '}
                <span className="field__hint">({formatFileSize(file.sizeBytes, locale)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="section" aria-labelledby="request-history-heading">
        <h2 id="request-history-heading">{t('requests.historyHeading')}</h2>
        <ol className="request-history">
          {request.events.map((event, index) => (
            <li key={`${event.at}-${String(index)}`} className="request-history__item">
              <p className="request-history__head">
                <RequestStatusBadge status={event.status} /> <time dateTime={event.at}>{dateTime(event.at)}</time>
              </p>
              <p className="request-history__actor">{t(`requests.actor.${event.actor}`)}</p>
              {event.reason && (
                <p className="request-history__reason">
                  {t(event.status === 'rejected' ? 'requests.reasonLabel' : 'requests.noteLabel')}: {event.reason}
                </p>
              )}
            </li>
          ))}
        </ol>
      </section>
      <p>
        <Link to={paths.requests}>{t('requests.backToList')}</Link>
      </p>
    </>
  );
}

function LoadedRequest({ id }: { id: string }) {
  const query = useQuery({ queryKey: [...REQUESTS_KEY, id], queryFn: ({ signal }) => getRequest(id, signal) });
  return <QueryState query={query}>{(request) => <RequestDetail request={request} />}</QueryState>;
}

/** /anliegen/:id: one request with its status history and attachments. */
export function RequestDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  return (
    <>
      <PageHeading title={t('requests.detailTitle')} />
      <RequireSession account>{() => <LoadedRequest id={id} />}</RequireSession>
    </>
  );
}
