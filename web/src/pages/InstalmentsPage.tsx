import { formatLocalDay } from '../lib/format.ts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatCalendarDate, formatEuro, type TInstalmentContract, type TInstalmentOverview } from '../../../api/instalments.ts';
import type { TCreatedRequest } from '../../../api/requests.ts';
import { InstalmentsChangeForm, isChangeable } from '../components/InstalmentsChangeForm.tsx';
import { InstalmentsRecommendation } from '../components/InstalmentsRecommendation.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { RequestStatusBadge } from '../components/RequestStatusBadge.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useLocale } from '../lib/i18n.ts';
import { getInstalments, INSTALMENTS_KEY } from '../lib/instalments.ts';
import { paths, requestPath } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';

function monthName(month: number, locale: 'de' | 'en'): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, month - 1, 1)));
}

function Validity({ plan }: { plan: NonNullable<TInstalmentContract['plan']> }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const from = formatCalendarDate(plan.validFrom, locale);
  if (plan.validTo) return <>{t('instalments.validFromTo', { from, to: formatCalendarDate(plan.validTo, locale) })}</>;
  return <>{t('instalments.validSince', { from })}</>;
}

function CreatedNotice({ created }: { created: TCreatedRequest }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  // Rendered by the state change after sending: focus it once it exists.
  useEffect(() => {
    box.current?.focus();
  }, [created.id]);
  return (
    <div ref={box} tabIndex={-1} className="notice notice--success" role="status">
      <p>
        <strong>{t('instalments.change.successTitle')}</strong>
      </p>
      <p>{t('instalments.change.success', { reference: created.reference })}</p>
      <p>
        <Link to={requestPath(created.id)}>{t('instalments.requestLink', { reference: created.reference })}</Link>
      </p>
    </div>
  );
}

function PendingNotice({ pending }: { pending: NonNullable<TInstalmentContract['pendingChange']> }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  return (
    <div className="notice instalments-pending">
      <p>
        <strong>
          {t('instalments.pending.title', {
            date: formatLocalDay(pending.createdAt, locale, tenant.timeZone),
            amount: formatEuro(pending.desiredAmountCents, locale),
            from: formatCalendarDate(pending.desiredDate, locale),
          })}
        </strong>
      </p>
      <p>
        {t('instalments.pending.status', { reference: pending.reference })} <RequestStatusBadge status={pending.status} />
      </p>
      <p>{t('instalments.pending.note')}</p>
      <p>
        <Link to={requestPath(pending.requestId)}>{t('instalments.requestLink', { reference: pending.reference })}</Link>
      </p>
    </div>
  );
}

function ContractSection({ contract, overview }: { contract: TInstalmentContract; overview: TInstalmentOverview }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const headingId = useId();
  const [created, setCreated] = useState<TCreatedRequest | null>(null);
  const { plan } = contract;
  const month = overview.monthWithoutInstalment;
  return (
    <section className="section instalments-contract" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('instalments.contractHeading', { division: t(`instalments.division.${contract.division}`), number: contract.contractNumber })}</h2>
      <dl className="pairs instalments-facts">
        <div>
          <dt>{t('instalments.premise')}</dt>
          <dd>{contract.premise}</dd>
        </div>
        <div>
          <dt>{t('instalments.tariff')}</dt>
          <dd>{contract.tariffName}</dd>
        </div>
        <div>
          <dt>{t('instalments.amount')}</dt>
          <dd>{plan ? <strong className="instalments-contract__amount">{formatEuro(plan.amountCents, locale)}</strong> : t('instalments.noPlan')}</dd>
        </div>
        {plan && (
          <>
            <div>
              <dt>{t('instalments.validity')}</dt>
              <dd>
                <Validity plan={plan} />
              </dd>
            </div>
            <div>
              <dt>{t('instalments.dueDayLabel')}</dt>
              <dd>{month === null ? t('instalments.dueDay', { day: plan.dueDay }) : t('instalments.dueDayExcept', { day: plan.dueDay, month: monthName(month, locale) })}</dd>
            </div>
          </>
        )}
      </dl>
      {contract.recommendation && plan && <InstalmentsRecommendation recommendation={contract.recommendation} currentCents={plan.amountCents} />}
      {created && <CreatedNotice created={created} />}
      {contract.pendingChange ? (
        contract.pendingChange.requestId !== created?.id && <PendingNotice pending={contract.pendingChange} />
      ) : isChangeable(contract) ? (
        <InstalmentsChangeForm contract={contract} onCreated={setCreated} />
      ) : (
        plan && (
          <p>
            {t('instalments.noChange')} <Link to={paths.newRequest}>{t('instalments.contactLink')}</Link>
          </p>
        )
      )}
    </section>
  );
}

function DueDates({ overview }: { overview: TInstalmentOverview }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const captionId = useId();
  const columns = overview.contracts.filter((contract) => overview.upcoming.some((due) => due.items.some((item) => item.contractId === contract.contractId)));
  const several = columns.length > 1;
  const month = overview.monthWithoutInstalment;
  return (
    <section className="section instalments-due" aria-labelledby="instalments-due-heading">
      <h2 id="instalments-due-heading">{t('instalments.due.heading')}</h2>
      <p className="instalments-due__total">
        {t('instalments.due.total')}: <strong>{formatEuro(overview.totalCents, locale)}</strong>
      </p>
      {month !== null && <p>{t('instalments.due.skipMonth', { month: monthName(month, locale) })}</p>}
      {overview.upcoming.length === 0 ? (
        <p>{t('instalments.due.none')}</p>
      ) : (
        <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
          <table className={several ? undefined : 'instalments-due__table--single'}>
            <caption id={captionId}>{t('instalments.due.caption', { count: overview.upcoming.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('instalments.due.date')}</th>
                {several &&
                  columns.map((contract) => (
                    <th scope="col" key={contract.contractId} className="instalments-amount">
                      {t('instalments.due.contractColumn', { division: t(`instalments.division.${contract.division}`), number: contract.contractNumber })}
                    </th>
                  ))}
                <th scope="col" className="instalments-amount">
                  {several ? t('instalments.due.sum') : t('instalments.due.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {overview.upcoming.map((due) => (
                <tr key={due.dueDate}>
                  <th scope="row">{formatCalendarDate(due.dueDate, locale)}</th>
                  {several &&
                    columns.map((contract) => {
                      const item = due.items.find((entry) => entry.contractId === contract.contractId);
                      return (
                        <td key={contract.contractId} className="instalments-amount">
                          {item ? formatEuro(item.amountCents, locale) : '–'}
                        </td>
                      );
                    })}
                  <td className="instalments-amount">{formatEuro(due.totalCents, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Instalments() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: INSTALMENTS_KEY, queryFn: ({ signal }) => getInstalments(signal) });
  return (
    <QueryState query={query}>
      {(overview) =>
        overview.contracts.length === 0 ? (
          <p>{t('instalments.none')}</p>
        ) : (
          <>
            {overview.contracts.map((contract) => (
              <ContractSection key={contract.contractId} contract={contract} overview={overview} />
            ))}
            <DueDates overview={overview} />
          </>
        )
      }
    </QueryState>
  );
}

/** /abschlag: the instalments of the selected customer account and the change request. */
export function InstalmentsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('instalments.title')} />
      <RequireSession account>
        {(session) => (
          <>
            <p className="lead">{t('instalments.intro')}</p>
            <Instalments key={session.selectedCustomerId} />
          </>
        )}
      </RequireSession>
    </>
  );
}
