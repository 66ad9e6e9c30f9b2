import { formatCents, formatDay } from '../lib/format.ts';
import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ZDocumentKind, ZDocumentTypeCode, type TDocument, type TDocumentList, type TDocumentTypeLabel } from '../../../api/documents.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { documentsKey, useDocumentsQuery, type DocumentFilters } from '../lib/documents.ts';
import { useLocale } from '../lib/i18n.ts';
import { formatFileSize } from '../lib/requests.ts';
import { useSession } from '../lib/session.ts';
import { useTenant } from '../lib/site.ts';

/** URL parameters of the filters (German, like the paths): /dokumente?typ=invoice&dokumentart=mahnung&jahr=2025 */
const KIND_PARAM = 'typ';
const TYPE_PARAM = 'dokumentart';
const YEAR_PARAM = 'jahr';

function filtersOf(params: URLSearchParams): DocumentFilters {
  const kind = ZDocumentKind.safeParse(params.get(KIND_PARAM));
  const type = ZDocumentTypeCode.safeParse(params.get(TYPE_PARAM));
  const year = Number(params.get(YEAR_PARAM));
  return { kind: kind.success ? kind.data : null, type: type.success ? type.data : null, year: Number.isInteger(year) && year > 1900 ? year : null };
}

/** The utility's label of a document type in the page's language (German when there is no English one). */
function typeLabel(type: TDocumentTypeLabel, locale: 'de' | 'en'): string {
  return locale === 'en' ? (type.label.en ?? type.label.de) : type.label.de;
}

/** What an invoice or credit note amounts to, in words. */
function InvoiceFacts({ document }: { document: TDocument }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const invoice = document.invoice;
  if (!invoice) return null;
  const money = (cents: number) => formatCents(cents, locale);
  if (invoice.kind === 'credit_note') {
    return (
      <div>
        <dt>{t('documents.creditAmount')}</dt>
        <dd>
          {money(Math.abs(invoice.grossCents))}
          <span className="documents-card__note">{t('documents.paidOutOn', { date: formatDay(invoice.dueDate, locale) })}</span>
        </dd>
      </div>
    );
  }
  return (
    <>
      <div>
        <dt>{t('documents.invoiceAmount')}</dt>
        <dd>{money(invoice.grossCents)}</dd>
      </div>
      <div>
        <dt>{t('documents.result')}</dt>
        <dd>
          {invoice.balanceCents > 0
            ? t('documents.additionalPayment', { amount: money(invoice.balanceCents) })
            : invoice.balanceCents < 0
              ? t('documents.credit', { amount: money(-invoice.balanceCents) })
              : t('documents.settled')}
          {invoice.balanceCents > 0 && <span className="documents-card__note">{t('documents.dueOn', { date: formatDay(invoice.dueDate, locale) })}</span>}
        </dd>
      </div>
    </>
  );
}

function DocumentCard({ document, onDownload }: { document: TDocument; onDownload: (id: string) => void }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const isNew = document.readAt === null;
  const kindLabel = document.type
    ? typeLabel(document.type, locale)
    : document.invoice
      ? t(`documents.invoiceKind.${document.invoice.kind}`)
      : t(`documents.kind.${document.kind}`);
  return (
    <li className="card documents-card">
      <h3 className="documents-card__title">
        <a
          href={document.downloadPath}
          download={document.fileName}
          onClick={() => {
            onDownload(document.id);
          }}
        >
          {document.title}
          <span className="documents-card__file">
            {' '}
            {t('documents.fileHint', { size: formatFileSize(document.sizeBytes, locale) })}
          </span>
        </a>
        {isNew && (
          <>
            {' '}
            <span className="badge documents-badge">{t('documents.new')}</span>
          </>
        )}
      </h3>
      <dl className="documents-card__facts">
        <div>
          <dt>{t('documents.date')}</dt>
          <dd>{formatDay(document.date, locale)}</dd>
        </div>
        <div>
          <dt>{t('documents.type')}</dt>
          <dd>{kindLabel}</dd>
        </div>
        {document.invoice && (
          <>
            <div>
              <dt>{t('documents.period')}</dt>
              <dd>{t('documents.periodValue', { from: formatDay(document.invoice.periodStart, locale), to: formatDay(document.invoice.periodEnd, locale) })}</dd>
            </div>
            <div>
              <dt>{document.invoice.kind === 'credit_note' ? t('documents.creditNumber') : t('documents.invoiceNumber')}</dt>
              <dd>{document.invoice.number}</dd>
            </div>
            <InvoiceFacts document={document} />
          </>
        )}
      </dl>
    </li>
  );
}

function Filters({ data, filters }: { data: TDocumentList; filters: DocumentFilters }) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  const [locale] = useLocale();
  const kindId = useId();
  const typeId = useId();
  const yearId = useId();
  // A type chosen in the URL stays a choice even when no document has it (then the list is empty).
  const types = filters.type === null || data.types.some((type) => type.code === filters.type) ? data.types : [...data.types, { code: filters.type, label: { de: filters.type } }];
  const update = (name: string, value: string) => {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  };
  return (
    <form
      className="documents-filter"
      aria-label={t('documents.filterLabel')}
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <div className="field">
        <label className="field__label" htmlFor={kindId}>
          {t('documents.filterKind')}
        </label>
        <select
          id={kindId}
          className="field__input field__select"
          value={filters.kind ?? ''}
          onChange={(event) => {
            update(KIND_PARAM, event.target.value);
          }}
        >
          <option value="">{t('documents.allKinds')}</option>
          {data.kinds.map((kind) => (
            <option key={kind} value={kind}>
              {t(`documents.kindPlural.${kind}`)}
            </option>
          ))}
        </select>
      </div>
      {types.length > 0 && (
        <div className="field">
          <label className="field__label" htmlFor={typeId}>
            {t('documents.filterType')}
          </label>
          <select
            id={typeId}
            className="field__input field__select"
            value={filters.type ?? ''}
            onChange={(event) => {
              update(TYPE_PARAM, event.target.value);
            }}
          >
            <option value="">{t('documents.allTypes')}</option>
            {types.map((type) => (
              <option key={type.code} value={type.code}>
                {typeLabel(type, locale)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label className="field__label" htmlFor={yearId}>
          {t('documents.filterYear')}
        </label>
        <select
          id={yearId}
          className="field__input field__select"
          value={filters.year === null ? '' : String(filters.year)}
          onChange={(event) => {
            update(YEAR_PARAM, event.target.value);
          }}
        >
          <option value="">{t('documents.allYears')}</option>
          {[...new Set(filters.year === null ? data.years : [filters.year, ...data.years])].sort((a, b) => b - a).map((year) => (
            <option key={year} value={year}>
              {year}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}

/** `loading`: the filters changed and the list shown is still the previous one. */
function DocumentList({ data, filters, loading }: { data: TDocumentList; filters: DocumentFilters; loading: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const customerId = useSession()?.selectedCustomerId ?? null;
  const filtered = filters.kind !== null || filters.type !== null || filters.year !== null;
  // The download marks the document read on the server; show it at once, reload the notice later.
  const markRead = (id: string) => {
    const readAt = new Date().toISOString();
    queryClient.setQueriesData<TDocumentList>({ queryKey: [...documentsKey(customerId), 'list'] }, (list) => {
      if (!list) return list;
      const wasNew = list.documents.some((d) => d.id === id && d.readAt === null);
      return {
        ...list,
        unreadCount: wasNew ? list.unreadCount - 1 : list.unreadCount,
        documents: list.documents.map((d) => (d.id === id && d.readAt === null ? { ...d, readAt } : d)),
      };
    });
    void queryClient.invalidateQueries({ queryKey: [...documentsKey(customerId), 'new'], refetchType: 'none' });
  };
  if (data.total === 0) return <p>{t('documents.empty')}</p>;
  return (
    <>
      <p className="documents-unread">{data.unreadCount > 0 ? t('documents.unreadCount', { count: data.unreadCount }) : t('documents.noneUnread')}</p>
      <Filters data={data} filters={filters} />
      <p role="status" className="documents-count">
        {loading
          ? t('status.loading')
          : filtered
            ? t('documents.shownOf', { count: data.documents.length, total: data.total })
            : t('documents.shownAll', { count: data.total })}
      </p>
      {data.documents.length === 0 ? (
        <p>{t('documents.noMatch')}</p>
      ) : (
        <ul className="documents-list" aria-busy={loading || undefined}>
          {data.documents.map((document) => (
            <DocumentCard key={document.id} document={document} onDownload={markRead} />
          ))}
        </ul>
      )}
    </>
  );
}

function Documents() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const filters = filtersOf(params);
  const query = useDocumentsQuery(filters);
  return (
    <>
      <p className="lead">{t('documents.intro')}</p>
      <section className="section" aria-labelledby="documents-list-heading">
        <h2 id="documents-list-heading">{t('documents.listHeading')}</h2>
        <QueryState query={query}>{(data) => <DocumentList data={data} filters={filters} loading={query.isPlaceholderData} />}</QueryState>
      </section>
    </>
  );
}

/** /dokumente: invoices and documents of the selected customer account, with PDF download. */
export function DocumentsPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  return (
    <>
      <PageHeading title={t('documents.title')} />
      {tenant.modules.includes('invoices') ? <RequireSession account>{() => <Documents />}</RequireSession> : <p className="notice">{t('documents.notOffered')}</p>}
    </>
  );
}
