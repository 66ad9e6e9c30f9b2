import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatEuro, type TInstalmentRecommendation } from '../../../api/instalments.ts';
import { useLocale } from '../lib/i18n.ts';
import { paths } from '../lib/routes.ts';
import { HelpDisclosure } from './HelpDisclosure.tsx';

/**
 * The recommended instalment of a contract and, behind a disclosure, how it was computed (DOMAIN.md
 * §4): forecast x energy price + base price = annual cost, / instalments per year, rounded up.
 */
export function InstalmentsRecommendation({ recommendation, currentCents }: { recommendation: TInstalmentRecommendation; currentCents: number | null }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const euro = (cents: number) => formatEuro(cents, locale);
  const number = (value: number, digits = 0) => new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  const unit = t(`instalments.recommendation.unit.${recommendation.unit}`);
  const forecast = `${number(recommendation.forecast)} ${unit}`;
  const price = t('instalments.recommendation.price', { price: number(recommendation.energyPriceCt, 2), unit });
  const difference = currentCents === null ? 0 : recommendation.amountCents - currentCents;
  return (
    <div className="instalments-recommendation">
      <p className="instalments-recommendation__amount">
        {t('instalments.recommendation.heading')}: <strong>{t('instalments.recommendation.amount', { amount: euro(recommendation.amountCents) })}</strong>
      </p>
      <p>
        {t('instalments.recommendation.basis', { forecast })}{' '}
        {currentCents !== null &&
          (difference > 0
            ? t('instalments.recommendation.more', { difference: euro(difference) })
            : difference < 0
              ? t('instalments.recommendation.less', { difference: euro(-difference) })
              : t('instalments.recommendation.same'))}
      </p>
      {!recommendation.withinLimits && (
        <p>
          {t('instalments.recommendation.outside')} <Link to={paths.newRequest}>{t('instalments.contactLink')}</Link>
        </p>
      )}
      <HelpDisclosure title={t('instalments.recommendation.howTitle')}>
        <dl className="pairs instalments-calculation">
          <div>
            <dt>{t('instalments.recommendation.forecast')}</dt>
            <dd>{forecast}</dd>
          </div>
          <div>
            <dt>{t('instalments.recommendation.energy')}</dt>
            <dd>
              {forecast} × {price} = {euro(recommendation.energyCostCents)}
            </dd>
          </div>
          <div>
            <dt>{t('instalments.recommendation.base')}</dt>
            <dd>{euro(recommendation.basePriceCentsPerYear)}</dd>
          </div>
          <div>
            <dt>{t('instalments.recommendation.annual')}</dt>
            <dd>
              {euro(recommendation.energyCostCents)} + {euro(recommendation.basePriceCentsPerYear)} = {euro(recommendation.annualCostCents)}
            </dd>
          </div>
          <div>
            <dt>{t('instalments.recommendation.perInstalment', { count: recommendation.instalmentsPerYear })}</dt>
            <dd>
              {euro(recommendation.annualCostCents)} ÷ {recommendation.instalmentsPerYear} = {euro(recommendation.exactCents)}
            </dd>
          </div>
          <div>
            <dt>{t('instalments.recommendation.rounded')}</dt>
            <dd>{euro(recommendation.amountCents)}</dd>
          </div>
        </dl>
        <p>{t('instalments.recommendation.gross')}</p>
      </HelpDisclosure>
    </div>
  );
}
