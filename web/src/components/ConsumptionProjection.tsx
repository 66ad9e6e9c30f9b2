import { formatCents } from '../lib/format.ts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TProjection } from '../../../api/consumption.ts';
import { digitsFor, formatDate, formatNumber, unitLabel, useProjections } from '../lib/consumption.ts';
import { useLocale } from '../lib/i18n.ts';
import { paths } from '../lib/routes.ts';
import { useTenant } from '../lib/site.ts';
import { QueryState } from './QueryState.tsx';

/** Differences below one euro count as balanced. */
const BALANCED_CENTS = 100;

function ProjectionCard({ projection }: { projection: TProjection }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const p = projection;
  const unit = unitLabel(p.unit);
  const quantity = (milli: number) => `${formatNumber(milli / 1000, locale, digitsFor(milli))} ${unit}`;
  const money = (cents: number) => formatCents(cents, locale);
  const balance = p.expectedBalanceCents;
  const outcome = Math.abs(balance) < BALANCED_CENTS ? 'balanced' : balance > 0 ? 'additional' : 'credit';
  const headingId = `projection-${p.contractId}`;
  return (
    <li className="card consumption-projection__card">
      <section aria-labelledby={headingId}>
        <h3 id={headingId}>{t('consumption.projection.title', { division: t(`consumption.division.${p.division}`), address: p.premiseAddress })}</h3>
        <dl className="pairs consumption-projection__facts">
          <div>
            <dt>{t('consumption.projection.contract')}</dt>
            <dd>{p.contractNumber}</dd>
          </div>
          <div>
            <dt>{t('consumption.projection.period')}</dt>
            <dd>{t('consumption.projection.periodValue', { from: formatDate(p.billingPeriod.from, locale), to: formatDate(p.billingPeriod.to, locale) })}</dd>
          </div>
          <div>
            <dt>{t('consumption.projection.soFar')}</dt>
            <dd>
              {p.measuredUntil === null
                ? t('consumption.projection.soFarNone')
                : t('consumption.projection.soFarUntil', { value: quantity(p.consumptionSoFarMilli), date: formatDate(p.measuredUntil, locale) })}
              {p.gasConversion && p.consumptionSoFarM3Milli !== null && p.measuredUntil !== null && (
                <span className="consumption-projection__detail">
                  {t('consumption.projection.gasSoFar', {
                    m3: `${formatNumber(p.consumptionSoFarM3Milli / 1000, locale, 1)} m³`,
                    factor: formatNumber(p.gasConversion.factor, locale, 4),
                  })}
                </span>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('consumption.projection.projected')}</dt>
            <dd>
              {quantity(p.projectedMilli)}
              <span className="consumption-projection__detail">
                {p.basis === 'measured'
                  ? t('consumption.projection.basis.measured')
                  : t('consumption.projection.basis.forecast', { forecast: p.annualForecastMilli === null ? '–' : quantity(p.annualForecastMilli) })}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('consumption.projection.cost')}</dt>
            <dd>
              {money(p.projectedCostCents)}
              <span className="consumption-projection__detail">
                {t('consumption.projection.costDetail', {
                  energy: quantity(p.projectedMilli),
                  price: formatNumber(p.energyPriceCt, locale, 2, 2),
                  unit,
                  base: money(p.basePriceCentsPerYear),
                  tariff: p.tariffName,
                })}
              </span>
            </dd>
          </div>
          <div>
            <dt>{t('consumption.projection.instalments')}</dt>
            <dd>
              {t('consumption.projection.instalmentsValue', { total: money(p.instalments.totalCents), count: p.instalments.count })}
              <span className="consumption-projection__detail">
                {t('consumption.projection.instalmentsDetail', { paid: money(p.instalments.paidCents), open: money(p.instalments.openCents), upcoming: money(p.instalments.upcomingCents) })}
              </span>
            </dd>
          </div>
        </dl>
        <p className={`consumption-projection__result consumption-projection__result--${outcome}`}>
          <span>{t(`consumption.projection.${outcome}`)}</span>
          {outcome !== 'balanced' && <strong>{money(Math.abs(balance))}</strong>}
        </p>
        <p className="consumption-projection__actions">
          {outcome === 'additional' && tenant.modules.includes('instalments') && <Link to={paths.instalments}>{t('consumption.projection.changeInstalment')}</Link>}
          {p.basis === 'forecast' && tenant.modules.includes('readings') && <Link to={paths.readings}>{t('consumption.projection.enterReading')}</Link>}
        </p>
      </section>
    </li>
  );
}

/** The expected additional payment or credit per contract of the account. */
export function ConsumptionProjection() {
  const { t } = useTranslation();
  const query = useProjections();
  return (
    <section className="section consumption-projection" aria-labelledby="consumption-projection-heading">
      <h2 id="consumption-projection-heading">{t('consumption.projection.heading')}</h2>
      <QueryState query={query}>
        {(data) =>
          data.projections.length === 0 ? (
            <p>{t('consumption.projection.none')}</p>
          ) : (
            <>
              <ul className="consumption-projection__list">
                {data.projections.map((projection) => (
                  <ProjectionCard key={projection.contractId} projection={projection} />
                ))}
              </ul>
              <p className="consumption-projection__note">{t('consumption.projection.note')}</p>
            </>
          )
        }
      </QueryState>
    </section>
  );
}
