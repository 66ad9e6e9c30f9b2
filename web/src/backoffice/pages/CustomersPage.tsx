import { useQuery } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TCustomerHit } from '../../../../api/backoffice.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { LoadingStatus } from '../../components/LoadingStatus.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { RequireStaff } from '../components/RequireStaff.tsx';
import { searchCustomers } from '../lib/api.ts';
import { customerPath } from '../lib/paths.ts';
import { STAFF_KEY } from '../lib/session.ts';

function SearchForm({ initial, onSearch }: { initial: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = value.trim();
    if (q.length < 2) {
      setError(t('backoffice.customers.tooShort'));
      document.getElementById('customer-q')?.focus();
      return;
    }
    setError(null);
    onSearch(q);
  };
  return (
    <form className="form bo-search" role="search" aria-label={t('backoffice.customers.searchLabel')} noValidate onSubmit={submit}>
      <div className="field">
        <label className="field__label" htmlFor="customer-q">
          {t('backoffice.customers.query')}
        </label>
        <p className="field__hint" id="customer-q-hint">
          {t('backoffice.customers.queryHint')}
        </p>
        {error && (
          <p className="field__error" id="customer-q-error" role="alert">
            {error}
          </p>
        )}
        <input
          id="customer-q"
          type="search"
          className="field__input"
          maxLength={100}
          value={value}
          aria-invalid={error !== null || undefined}
          aria-describedby={error ? 'customer-q-hint customer-q-error' : 'customer-q-hint'}
          onChange={(e) => setValue(e.target.value)}
        />
      </div>
      <div className="form__actions">
        <button type="submit" className="button">
          {t('backoffice.customers.submit')}
        </button>
      </div>
    </form>
  );
}

function Results({ hits, q }: { hits: TCustomerHit[]; q: string }) {
  const { t } = useTranslation();
  if (hits.length === 0) {
    return (
      <p className="notice" role="status">
        {t('backoffice.customers.none', { q })}
      </p>
    );
  }
  return (
    <>
      <p role="status">{t('backoffice.customers.found', { count: hits.length, q })}</p>
      <div className="table-scroll" role="region" aria-labelledby="customers-caption" tabIndex={0}>
        <table className="bo-table">
          <caption id="customers-caption">{t('backoffice.customers.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('backoffice.customer.number')}</th>
              <th scope="col">{t('backoffice.customer.name')}</th>
              <th scope="col">{t('backoffice.customer.address')}</th>
              <th scope="col">{t('backoffice.customers.logins')}</th>
            </tr>
          </thead>
          <tbody>
            {hits.map((hit) => (
              <tr key={hit.id}>
                <th scope="row">
                  <Link to={customerPath(hit.id)}>{hit.customerNumber}</Link>
                </th>
                <td>{hit.name}</td>
                <td>{hit.address}</td>
                <td>{hit.logins}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function CustomerSearch() {
  const [search, setSearch] = useSearchParams();
  const q = (search.get('q') ?? '').trim().slice(0, 100);
  const query = useQuery({ queryKey: [...STAFF_KEY, 'customers', q], queryFn: ({ signal }) => searchCustomers(q, signal), enabled: q.length >= 2 });
  return (
    <>
      <SearchForm key={q} initial={q} onSearch={(next) => setSearch(new URLSearchParams({ q: next }))} />
      {q.length >= 2 &&
        (query.isPending ? (
          <LoadingStatus />
        ) : query.isError ? (
          <LoadError
            error={query.error}
            onRetry={() => {
              void query.refetch();
            }}
          />
        ) : (
          <Results hits={query.data} q={q} />
        ))}
    </>
  );
}

/** /backoffice/kunden: find a customer account by number, name, address, meter number, MaLo-ID or login e-mail. */
export function CustomersPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('backoffice.customers.title')} />
      <RequireStaff>{() => <CustomerSearch />}</RequireStaff>
    </>
  );
}
