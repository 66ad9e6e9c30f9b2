import { formatCents, formatDay } from '../lib/format.ts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TContract, TContractPremise, TContractsOverview, TPriceSet } from '../../../api/contracts.ts';
import { PageHeading } from '../components/PageHeading.tsx';
import { QueryState } from '../components/QueryState.tsx';
import { RequireSession } from '../components/RequireSession.tsx';
import { formatDecimal } from '../lib/account.ts';
import { useContractsQuery } from '../lib/contracts.ts';
import { useLocale } from '../lib/i18n.ts';
import { paths } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** "33,40 ct/kWh" or, for water, "2,31 €/m³". */
function useEnergyPrice(contract: TContract) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  return (ct: number) =>
    contract.unit === 'm3' ? t('contracts.perCubicMetre', { price: formatDecimal(ct / 100, locale, 2) }) : t('contracts.perKwh', { price: formatDecimal(ct, locale, 2) });
}

function Prices({ contract, prices }: { contract: TContract; prices: TPriceSet }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const price = useEnergyPrice(contract);
  if (contract.direction === 'feed_in') {
    return <Fact label={t('contracts.remuneration')}>{t('contracts.remunerationValue', { price: price(prices.energyCt) })}</Fact>;
  }
  const energyLabel = contract.division === 'water' ? t('contracts.volumePrice') : t('contracts.energyPrice');
  return (
    <>
      <Fact label={energyLabel}>
        {price(prices.energyCt)}
        {prices.energyNetCt !== null && <span className="contracts-card__note">{t('contracts.net', { price: price(prices.energyNetCt) })}</span>}
      </Fact>
      <Fact label={t('contracts.basePrice')}>
        {t('contracts.basePriceValue', { year: formatCents(prices.baseCentsPerYear, locale), month: formatCents(Math.round(prices.baseCentsPerYear / 12), locale) })}
        {prices.baseNetCentsPerYear !== null && (
          <span className="contracts-card__note">{t('contracts.netPerYear', { price: formatCents(prices.baseNetCentsPerYear, locale) })}</span>
        )}
      </Fact>
    </>
  );
}

function ContractCard({ contract, overview }: { contract: TContract; overview: TContractsOverview }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const price = useEnergyPrice(contract);
  const day = (iso: string) => formatDay(iso, locale);
  const feedIn = contract.direction === 'feed_in';
  const divisionWord = t(`divisions.${contract.division}`);
  const division = divisionWord.charAt(0).toLocaleUpperCase(locale) + divisionWord.slice(1);
  const unit = contract.unit === 'm3' ? 'm³' : 'kWh';
  const at = tenant.country === 'AT';
  return (
    <li className="card contracts-card">
      <h3 className="contracts-card__title">
        {feedIn ? t('contracts.feedInHeading', { division, product: contract.product.name }) : t('contracts.heading', { division, product: contract.product.name })}
        {contract.status !== 'active' && (
          <>
            {' '}
            <span className={`badge contracts-badge contracts-badge--${contract.status}`}>{t(`contracts.status.${contract.status}`)}</span>
          </>
        )}
      </h3>
      <dl className="pairs contracts-card__facts">
        <Fact label={t('contracts.contractNumber')}>{contract.contractNumber}</Fact>
        <Fact label={t('contracts.kind')}>{feedIn ? t('contracts.feedIn') : t('contracts.consumption')}</Fact>
        <Prices contract={contract} prices={contract.prices} />
        <Fact label={t('contracts.priceBasis')}>
          {feedIn
            ? t('contracts.feedInVat', { date: day(contract.prices.validFrom) })
            : t(at ? 'contracts.vatNoteAT' : 'contracts.vatNote', { vat: formatDecimal(contract.prices.vatPercent ?? 0, locale, 0, 1), date: day(contract.prices.validFrom) })}
        </Fact>
        {contract.nextPrices && (
          <Fact label={t('contracts.nextPrices', { date: day(contract.nextPrices.validFrom) })}>
            {feedIn
              ? price(contract.nextPrices.energyCt)
              : t('contracts.nextPricesValue', { energy: price(contract.nextPrices.energyCt), base: formatCents(contract.nextPrices.baseCentsPerYear, locale) })}
          </Fact>
        )}
        <Fact label={feedIn ? t('contracts.commissioned') : t('contracts.startDate')}>{day(contract.startDate)}</Fact>
        {contract.endDate && <Fact label={contract.status === 'ended' ? t('contracts.endedOn') : t('contracts.endsOn')}>{day(contract.endDate)}</Fact>}
        {contract.remunerationEnd && <Fact label={t('contracts.remunerationEnd')}>{t('contracts.remunerationEndValue', { date: day(contract.remunerationEnd) })}</Fact>}
        {!feedIn && contract.status !== 'ended' && (
          <>
            <Fact label={t('contracts.minimumTerm')}>
              {contract.minimumTermMonths === 0
                ? t('contracts.none')
                : contract.minimumTermEnd
                  ? t(contract.minimumTermEnd < overview.today ? 'contracts.minimumTermOver' : 'contracts.minimumTermUntil', {
                      count: contract.minimumTermMonths,
                      date: day(contract.minimumTermEnd),
                    })
                  : t('contracts.months', { count: contract.minimumTermMonths })}
            </Fact>
            <Fact label={t('contracts.noticePeriod')}>{contract.noticePeriodWeeks === 0 ? t('contracts.none') : t('contracts.weeks', { count: contract.noticePeriodWeeks })}</Fact>
          </>
        )}
        {contract.earliestEndDate && (
          <Fact label={t('contracts.earliestEnd')}>
            <strong>{day(contract.earliestEndDate)}</strong>
            <span className="contracts-card__note">
              {contract.noticeDeadline ? t('contracts.ifNoticeBy', { date: day(contract.noticeDeadline) }) : t('contracts.ifNoticeToday', { date: day(overview.today) })}
            </span>
          </Fact>
        )}
        {contract.instalment && (
          <Fact label={at ? t('contracts.instalmentAT') : t('contracts.instalment')}>
            {t('contracts.instalmentValue', { amount: formatCents(contract.instalment.amountCents, locale), day: contract.instalment.dueDay })}
            <span className="contracts-card__note">{t('contracts.since', { date: day(contract.instalment.validFrom) })}</span>
          </Fact>
        )}
        {contract.annualForecast !== null && (
          <Fact label={feedIn ? t('contracts.forecastFeedIn') : t('contracts.forecast')}>
            {formatDecimal(contract.annualForecast, locale, 0)} {unit}
          </Fact>
        )}
        {contract.meters.length > 0 && (
          <Fact label={t('contracts.meters', { count: contract.meters.length })}>
            <ul className="plain-list contracts-meters">
              {contract.meters.map((meter) => (
                <li key={meter.meterNumber}>
                  <span className="contracts-meters__number">{meter.meterNumber}</span> ({t(`contracts.meterKind.${meter.kind}`)}
                  {meter.registers.length > 1 && `: ${meter.registers.map((r) => r.label ?? r.obis).join(', ')}`})
                  {meter.meteringPointId && <span className="contracts-card__note">{t('contracts.meteringPoint', { id: meter.meteringPointId })}</span>}
                </li>
              ))}
            </ul>
          </Fact>
        )}
      </dl>
      {contract.division === 'gas' && contract.status !== 'ended' && (
        <p className="field__hint">
          {t('contracts.gasNote', { calorificValue: formatDecimal(overview.gasConversion.calorificValue, locale, 1, 3), zNumber: formatDecimal(overview.gasConversion.zNumber, locale, 4) })}
        </p>
      )}
    </li>
  );
}

function Premise({ premise, overview, index }: { premise: TContractPremise; overview: TContractsOverview; index: number }) {
  const { t } = useTranslation();
  const headingId = `contracts-premise-${String(index)}`;
  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('contracts.premiseHeading', { address: premise.address })}</h2>
      {premise.maloId && <p className="contracts-malo">{t('contracts.maloId', { id: premise.maloId })}</p>}
      <ul className="contracts-list">
        {premise.contracts.map((contract) => (
          <ContractCard key={contract.id} contract={contract} overview={overview} />
        ))}
      </ul>
    </section>
  );
}

function Contracts() {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const query = useContractsQuery();
  return (
    <>
      <p className="lead">{t('contracts.intro')}</p>
      <QueryState query={query}>
        {(overview) =>
          overview.premises.length === 0 ? (
            <p>{t('contracts.empty')}</p>
          ) : (
            <>
              <p className="field__hint">{t('contracts.asOf', { date: formatDay(overview.today, locale) })}</p>
              {overview.premises.map((premise, index) => (
                <Premise key={premise.id} premise={premise} overview={overview} index={index} />
              ))}
            </>
          )
        }
      </QueryState>
      {tenant.modules.includes('requests') && (
        <p>
          {t('contracts.changeHint')} <Link to={paths.newRequest}>{t('contracts.changeLink')}</Link>
        </p>
      )}
    </>
  );
}

/** /vertraege: contracts and products of the selected customer account per consumption point. */
export function ContractsPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  return (
    <>
      <PageHeading title={t('contracts.title')} />
      {tenant.modules.includes('contracts') ? <RequireSession account>{() => <Contracts />}</RequireSession> : <p className="notice">{t('contracts.notOffered')}</p>}
    </>
  );
}
