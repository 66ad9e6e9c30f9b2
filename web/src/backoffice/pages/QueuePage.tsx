import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link, useSearchParams } from 'react-router';
import { ZQueueFilter, ZQueueKind, type TQueueFilter, type TQueueItem, type TQueueKind, type TQueuePage } from '../../../../api/backoffice.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { LoadingStatus } from '../../components/LoadingStatus.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { RequestStatusBadge } from '../../components/RequestStatusBadge.tsx';
import { formatLocalDay, intlLocale } from '../../lib/format.ts';
import { useLocale } from '../../lib/i18n.ts';
import { useTenant } from '../../lib/site.ts';
import { RequireStaff } from '../components/RequireStaff.tsx';
import { queue, type QueueParams } from '../lib/api.ts';
import { boPaths, customerPath, queueItemPath } from '../lib/paths.ts';
import { STAFF_KEY } from '../lib/session.ts';

const PAGE_SIZE = 25;
const ASSIGNED = ['all', 'me', 'none'] as const;
type Assigned = (typeof ASSIGNED)[number];

interface Filters {
  status: TQueueFilter;
  kind: TQueueKind | '';
  assigned: Assigned;
  minAgeDays: string;
  maxAgeDays: string;
  q: string;
}

/** The filters as the URL has them; anything malformed falls back to the default. */
function filtersOf(search: URLSearchParams): Filters & { offset: number } {
  const status = ZQueueFilter.safeParse(search.get('status'));
  const kind = ZQueueKind.safeParse(search.get('kind'));
  const assigned = search.get('assigned');
  const minAge = search.get('minAgeDays') ?? '';
  const maxAge = search.get('maxAgeDays') ?? '';
  const offset = Number(search.get('offset') ?? '0');
  return {
    status: status.success ? status.data : 'open',
    kind: kind.success ? kind.data : '',
    assigned: assigned === 'me' || assigned === 'none' ? assigned : 'all',
    minAgeDays: /^\d{1,4}$/.test(minAge) ? minAge : '',
    maxAgeDays: /^[1-9]\d{0,3}$/.test(maxAge) ? maxAge : '',
    q: (search.get('q') ?? '').slice(0, 100),
    offset: Number.isInteger(offset) && offset >= 0 && offset <= 100_000 ? offset : 0,
  };
}

function searchOf(filters: Filters, offset = 0): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.status !== 'open') search.set('status', filters.status);
  if (filters.kind) search.set('kind', filters.kind);
  if (filters.assigned !== 'all') search.set('assigned', filters.assigned);
  if (filters.minAgeDays) search.set('minAgeDays', filters.minAgeDays);
  if (filters.maxAgeDays) search.set('maxAgeDays', filters.maxAgeDays);
  if (filters.q.trim()) search.set('q', filters.q.trim());
  if (offset > 0) search.set('offset', String(offset));
  return search;
}

/** The label of a queue kind: the customer requests' own, registrations and GP-Nr requests. */
function kindLabel(t: TFunction, kind: TQueueKind): string {
  return kind === 'registration' || kind === 'gp_number' ? t(`registrationReview.kind.${kind}`) : t(`requests.kind.${kind}`);
}

/** Who the item is about: the customer account, else the name the person gave. */
function QueueCustomer({ item }: { item: TQueueItem }) {
  if (item.customer) {
    return (
      <Link to={customerPath(item.customer.id)}>
        {item.customer.customerNumber} <span className="bo-nowrap">{item.customer.name}</span>
      </Link>
    );
  }
  return <>{item.person ?? ''}</>;
}

function FilterForm({ initial, onApply }: { initial: Filters; onApply: (filters: Filters) => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
  };
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(values);
  };
  return (
    <form className="bo-filters" role="search" aria-label={t('backoffice.queue.filters')} onSubmit={submit}>
      <div className="field">
        <label className="field__label" htmlFor="queue-status">
          {t('backoffice.queue.status')}
        </label>
        <select id="queue-status" className="field__input field__select" value={values.status} onChange={(e) => set('status', ZQueueFilter.catch('open').parse(e.target.value))}>
          {ZQueueFilter.options.map((status) => (
            <option key={status} value={status}>
              {t(`backoffice.queue.statusFilter.${status}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="queue-kind">
          {t('backoffice.queue.kind')}
        </label>
        <select id="queue-kind" className="field__input field__select" value={values.kind} onChange={(e) => set('kind', ZQueueKind.safeParse(e.target.value).data ?? '')}>
          <option value="">{t('backoffice.queue.allKinds')}</option>
          {ZQueueKind.options.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabel(t, kind)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="queue-assigned">
          {t('backoffice.queue.assigned')}
        </label>
        <select id="queue-assigned" className="field__input field__select" value={values.assigned} onChange={(e) => set('assigned', ASSIGNED.find((a) => a === e.target.value) ?? 'all')}>
          {ASSIGNED.map((assigned) => (
            <option key={assigned} value={assigned}>
              {t(`backoffice.queue.assignedFilter.${assigned}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label className="field__label" htmlFor="queue-min-age">
          {t('backoffice.queue.minAge')}
        </label>
        <input
          id="queue-min-age"
          className="field__input bo-filters__number"
          inputMode="numeric"
          pattern="[0-9]*"
          value={values.minAgeDays}
          onChange={(e) => set('minAgeDays', e.target.value.replace(/\D/g, '').slice(0, 4))}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="queue-max-age">
          {t('backoffice.queue.maxAge')}
        </label>
        <input
          id="queue-max-age"
          className="field__input bo-filters__number"
          inputMode="numeric"
          pattern="[0-9]*"
          value={values.maxAgeDays}
          onChange={(e) => set('maxAgeDays', e.target.value.replace(/\D/g, '').replace(/^0+/, '').slice(0, 4))}
        />
      </div>
      <div className="field bo-filters__search">
        <label className="field__label" htmlFor="queue-q">
          {t('backoffice.queue.search')}
        </label>
        <input id="queue-q" type="search" className="field__input" maxLength={100} value={values.q} aria-describedby="queue-q-hint" onChange={(e) => set('q', e.target.value)} />
        <p className="field__hint" id="queue-q-hint">
          {t('backoffice.queue.searchHint')}
        </p>
      </div>
      <div className="bo-filters__actions">
        <button type="submit" className="button">
          {t('backoffice.queue.apply')}
        </button>
      </div>
    </form>
  );
}

function QueueTable({ page, offset, filters }: { page: TQueuePage; offset: number; filters: Filters }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const number = (value: number) => new Intl.NumberFormat(intlLocale(locale)).format(value);
  if (page.total === 0) {
    return (
      <p className="notice" role="status">
        {t('backoffice.queue.empty')}
      </p>
    );
  }
  const from = Math.min(offset + 1, page.total);
  const to = Math.min(offset + page.items.length, page.total);
  const range = t('backoffice.queue.range', { from: number(from), to: number(to), total: number(page.total) });
  return (
    <>
      <p role="status" className="bo-range">
        {range}
      </p>
      <div className="table-scroll" role="region" aria-labelledby="queue-caption" tabIndex={0}>
        <table className="bo-table">
          <caption id="queue-caption">
            {t('backoffice.queue.caption')} <span className="bo-caption__range">({range})</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('backoffice.queue.reference')}</th>
              <th scope="col">{t('backoffice.queue.kind')}</th>
              <th scope="col">{t('backoffice.queue.subject')}</th>
              <th scope="col">{t('backoffice.queue.customer')}</th>
              <th scope="col">{t('backoffice.queue.received')}</th>
              <th scope="col">{t('backoffice.queue.status')}</th>
              <th scope="col">{t('backoffice.queue.assignee')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((item) => (
              <tr key={item.id}>
                <th scope="row">
                  <Link to={queueItemPath(item)}>{item.reference ?? t('registrationReview.kind.gp_number')}</Link>
                </th>
                <td>{kindLabel(t, item.kind)}</td>
                <td>{item.subject}</td>
                <td>
                  <QueueCustomer item={item} />
                </td>
                <td>
                  <time dateTime={item.createdAt}>{formatLocalDay(item.createdAt, locale, tenant.timeZone)}</time>
                  <br />
                  <span className="bo-muted">{t('backoffice.queue.age', { count: item.ageDays })}</span>
                </td>
                <td>
                  <RequestStatusBadge status={item.status} />
                </td>
                <td>{item.assignee ? item.assignee.name : <span className="bo-muted">{t('backoffice.queue.nobody')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="bo-paging" aria-label={t('backoffice.queue.paging')}>
        {offset > 0 && (
          <Link className="button button--secondary" to={`${boPaths.queue}?${searchOf(filters, Math.max(0, offset - PAGE_SIZE)).toString()}`}>
            {t('backoffice.queue.previous')}
          </Link>
        )}
        {offset + page.items.length < page.total && (
          <Link className="button button--secondary" to={`${boPaths.queue}?${searchOf(filters, offset + PAGE_SIZE).toString()}`}>
            {t('backoffice.queue.next')}
          </Link>
        )}
      </nav>
    </>
  );
}

function Queue() {
  const [search, setSearch] = useSearchParams();
  const { offset, ...filters } = filtersOf(search);
  const params: QueueParams = {
    status: filters.status,
    kind: filters.kind || undefined,
    assigned: filters.assigned === 'all' ? undefined : filters.assigned,
    q: filters.q.trim() || undefined,
    minAgeDays: filters.minAgeDays ? Number(filters.minAgeDays) : undefined,
    maxAgeDays: filters.maxAgeDays ? Number(filters.maxAgeDays) : undefined,
    offset,
    limit: PAGE_SIZE,
  };
  const query = useQuery({ queryKey: [...STAFF_KEY, 'queue', params], queryFn: ({ signal }) => queue(params, signal), placeholderData: keepPreviousData });
  return (
    <>
      <FilterForm
        key={search.toString()}
        initial={filters}
        onApply={(next) => {
          setSearch(searchOf(next));
        }}
      />
      {query.isPending ? (
        <LoadingStatus />
      ) : query.isError ? (
        <LoadError
          error={query.error}
          onRetry={() => {
            void query.refetch();
          }}
        />
      ) : (
        <QueueTable page={query.data} offset={offset} filters={filters} />
      )}
    </>
  );
}

/** /backoffice/anliegen: the work queue with filters in the URL, paged. */
export function QueuePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('backoffice.queue.title')} />
      <RequireStaff>{() => <Queue />}</RequireStaff>
    </>
  );
}
