import { formatCents, formatDay } from '../lib/format.ts';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TOverview, TOverviewMeter, TOverviewPremise } from '../../../api/overview.ts';
import type { TModule } from '../../../api/tenant.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { RequestStatusBadge } from '../components/RequestStatusBadge.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { useLocale } from '../lib/i18n.ts';
import { useOverviewQuery } from '../lib/overview.ts';
import { formatReading } from '../lib/readings.ts';
import { paths, requestPath } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';

function Tile({ id, title, children, link, wide = false }: { id: string; title: string; children: ReactNode; link?: { to: string; label: string }; wide?: boolean }) {
  return (
    <section className={`card overview-tile${wide ? ' overview-tile--wide' : ''}`} aria-labelledby={id}>
      <h2 id={id} className="overview-tile__title">
        {title}
      </h2>
      <div className="overview-tile__body">{children}</div>
      {link && (
        <p className="overview-tile__link">
          <Link to={link.to}>{link.label}</Link>
        </p>
      )}
    </section>
  );
}

function MeterLine({ meter }: { meter: TOverviewMeter }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  return (
    <li className="overview-meter">
      <p className="overview-meter__title">
        {t(`divisions.${meter.division}`)} · {t('overview.meterNumber')} <strong>{meter.meterNumber}</strong>
      </p>
      <ul className="plain-list">
        {meter.registers.map((register) => (
          <li key={register.id}>
            {register.label ? `${register.label}: ` : ''}
            {register.lastReading
              ? t('overview.lastReading', { value: formatReading(register.lastReading.value, register.unit, locale), date: formatDay(register.lastReading.readOn, locale) })
              : t('overview.noReading')}
          </li>
        ))}
      </ul>
      {meter.selfReadingBlocked === 'smart_meter' && <p className="overview-meter__note">{t('overview.smartMeter')}</p>}
      {meter.readingDue && (
        <p className="overview-meter__due">
          <span className="badge">{t('overview.readingDueBadge')}</span>
        </p>
      )}
    </li>
  );
}

function PremiseTile({ premise }: { premise: TOverviewPremise }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const due = premise.meters.map((m) => m.readingDue).find((d) => d !== null) ?? null;
  return (
    <Tile id={`premise-${premise.id}`} title={t('overview.premiseHeading', { address: premise.address })} link={{ to: paths.contracts, label: t('overview.toContracts') }} wide>
      {due && (
        <p className="notice overview-premise__due">
          {due.reason === 'annual_billing' && due.date ? t('overview.readingDueAnnual', { date: formatDay(due.date, locale) }) : t('overview.readingDueOld')}{' '}
          <Link to={paths.readings}>{t('overview.enterReading')}</Link>
        </p>
      )}
      <div className="overview-premise__columns">
        <div>
          <h3 className="overview-tile__subheading">{t('overview.contractsHeading')}</h3>
          {premise.contracts.length === 0 ? (
            <p>{t('overview.noContract')}</p>
          ) : (
            <ul className="plain-list overview-contracts">
              {premise.contracts.map((contract) => (
                <li key={contract.id}>
                  <strong>{t(contract.direction === 'feed_in' ? 'overview.feedIn' : `divisions.${contract.division}`)}</strong>: {contract.productName}
                  <br />
                  <span className="overview-muted">
                    {t('overview.contractNumber', { number: contract.contractNumber })} ·{' '}
                    {contract.status === 'upcoming'
                      ? t('overview.startsOn', { date: formatDay(contract.startDate, locale) })
                      : contract.endDate
                        ? t('overview.endsOn', { date: formatDay(contract.endDate, locale) })
                        : t('overview.since', { date: formatDay(contract.startDate, locale) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {premise.maloId && <p className="overview-muted">{t('overview.maloId', { id: premise.maloId })}</p>}
        </div>
        {premise.meters.length > 0 && (
          <div>
            <h3 className="overview-tile__subheading">{t('overview.metersHeading')}</h3>
            <ul className="plain-list overview-meters">
              {premise.meters.map((meter) => (
                <MeterLine key={meter.id} meter={meter} />
              ))}
            </ul>
          </div>
        )}
      </div>
    </Tile>
  );
}

/** Switch between consumption points when the account has several (a native select: keyboard and screen readers know it). */
function PremiseSwitch({ premises, chosen, onChoose }: { premises: TOverviewPremise[]; chosen: string; onChoose: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field overview-switch">
      <label className="field__label" htmlFor="overview-premise">
        {t('overview.choosePremise', { count: premises.length })}
      </label>
      <select id="overview-premise" className="field__input field__select" value={chosen} onChange={(event) => onChoose(event.target.value)}>
        {premises.map((premise) => (
          <option key={premise.id} value={premise.id}>
            {premise.address}
          </option>
        ))}
      </select>
    </div>
  );
}

function QuickActions() {
  const { t } = useTranslation();
  const tenant = useTenant();
  const actions: Array<{ to: string; label: string; module?: TModule }> = [
    { to: paths.readings, label: t('overview.actions.reading'), module: 'readings' },
    { to: paths.consumption, label: t('overview.actions.consumption'), module: 'consumption' },
    { to: paths.documents, label: t('overview.actions.documents'), module: 'invoices' },
    { to: paths.instalments, label: t('overview.actions.instalment'), module: 'instalments' },
    { to: paths.banking, label: t('overview.actions.banking'), module: 'banking' },
    { to: paths.customerData, label: t('overview.actions.address') },
    { to: paths.newRequest, label: t('overview.actions.message') },
  ];
  return (
    <nav className="section" aria-labelledby="overview-actions-heading">
      <h2 id="overview-actions-heading">{t('overview.actionsHeading')}</h2>
      <ul className="overview-actions">
        {actions
          .filter((action) => !action.module || tenant.modules.includes(action.module))
          .map((action) => (
            <li key={action.to}>
              <Link to={action.to} className="button button--secondary overview-actions__link">
                {action.label}
              </Link>
            </li>
          ))}
      </ul>
    </nav>
  );
}

function Overview({ overview }: { overview: TOverview }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const [chosen, setChosen] = useState<string | null>(null);
  const premise = overview.premises.find((p) => p.id === chosen) ?? overview.premises[0];
  const { account, nextInstalment, documents, requests } = overview;
  return (
    <>
      <QuickActions />
      <div className="overview-grid">
        {account && (
          <Tile id="overview-balance" title={t('overview.balanceHeading')} link={{ to: paths.account, label: t('overview.toAccount') }}>
            <p className="overview-figure">
              {account.balanceCents > 0
                ? t('overview.balanceOwed', { amount: formatCents(account.balanceCents, locale) })
                : account.balanceCents < 0
                  ? t('overview.balanceCredit', { amount: formatCents(-account.balanceCents, locale) })
                  : t('overview.balanceZero')}
            </p>
            {account.overdueCents > 0 && <p className="notice">{t('overview.overdue', { amount: formatCents(account.overdueCents, locale) })}</p>}
          </Tile>
        )}
        {tenant.modules.includes('instalments') && (
          <Tile id="overview-instalment" title={t('overview.instalmentHeading')} link={{ to: paths.instalments, label: t('overview.toInstalments') }}>
            {nextInstalment ? (
              <p className="overview-figure">{t('overview.nextInstalment', { amount: formatCents(nextInstalment.amountCents, locale), date: formatDay(nextInstalment.dueDate, locale) })}</p>
            ) : (
              <p>{t('overview.noInstalment')}</p>
            )}
          </Tile>
        )}
        {documents && (
          <Tile id="overview-documents" title={t('overview.documentsHeading')} link={{ to: paths.documents, label: t('overview.toDocuments') }}>
            {documents.unreadCount === 0 ? (
              <p>{t('overview.noNewDocuments')}</p>
            ) : (
              <>
                <p className="overview-figure">{t('overview.newDocuments', { count: documents.unreadCount })}</p>
                <ul className="plain-list">
                  {documents.documents.map((document) => (
                    <li key={document.id}>
                      <span className="badge overview-new">{t('overview.new')}</span> {document.title} <span className="overview-muted">({formatDay(document.date, locale)})</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Tile>
        )}
        <Tile id="overview-requests" title={t('overview.requestsHeading')} link={{ to: paths.requests, label: t('overview.toRequests') }}>
          {requests.openCount === 0 ? (
            <p>{t('overview.noOpenRequests')}</p>
          ) : (
            <>
              <p className="overview-figure">{t('overview.openRequests', { count: requests.openCount })}</p>
              <ul className="plain-list overview-requests">
                {requests.open.map((item) => (
                  <li key={item.id}>
                    <Link to={requestPath(item.id)}>{item.subject}</Link> <RequestStatusBadge status={item.status} />
                    <br />
                    <span className="overview-muted">{item.reference}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Tile>
        {overview.premises.length > 1 && premise && <PremiseSwitch premises={overview.premises} chosen={premise.id} onChoose={setChosen} />}
        {premise && <PremiseTile premise={premise} />}
      </div>
    </>
  );
}

/** /uebersicht: what a signed-in customer looks at first, for the selected customer account. */
export function OverviewPage() {
  const { t } = useTranslation();
  const query = useOverviewQuery();
  return (
    <>
      <PageHeading title={t('overview.title')} />
      <RequireSession account>{() => <QueryState query={query}>{(overview) => <Overview overview={overview} />}</QueryState>}</RequireSession>
    </>
  );
}
