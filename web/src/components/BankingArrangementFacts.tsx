import { formatDay } from '../lib/format.ts';
import { useTranslation } from 'react-i18next';
import type { TBankArrangement } from '../../../api/banking.ts';
import { mandatePdfUrl } from '../lib/banking.ts';
import { useLocale } from '../lib/i18n.ts';

/**
 * One payment arrangement as label/value pairs: payment method, and for a direct debit the holder,
 * the masked IBAN, BIC, mandate reference with its PDF. `since`: in force ("Gültig seit", and for a
 * transfer the note to quote the customer number) or still to come ("Gültig ab").
 */
export function BankingArrangementFacts({ arrangement, customerNumber, since }: { arrangement: TBankArrangement; customerNumber: string; since: boolean }) {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const debit = arrangement.paymentMethod === 'direct_debit';
  return (
    <>
      <dl className="pairs banking-facts">
        <div>
          <dt>{t('banking.facts.paymentMethod')}</dt>
          <dd>{t(`banking.method.${arrangement.paymentMethod}`)}</dd>
        </div>
        {debit && (
          <>
            <div>
              <dt>{t('banking.facts.holder')}</dt>
              <dd>{arrangement.holder}</dd>
            </div>
            <div>
              <dt>{t('banking.facts.iban')}</dt>
              <dd className="banking-iban">{arrangement.ibanMasked}</dd>
            </div>
            {arrangement.bic && (
              <div>
                <dt>{t('banking.facts.bic')}</dt>
                <dd>{arrangement.bic}</dd>
              </div>
            )}
            <div>
              <dt>{t('banking.facts.mandateReference')}</dt>
              <dd>{arrangement.mandateReference}</dd>
            </div>
          </>
        )}
        <div>
          <dt>{since ? t('banking.facts.validSince') : t('banking.facts.validFrom')}</dt>
          <dd>{formatDay(arrangement.validFrom, locale)}</dd>
        </div>
        {debit && arrangement.mandateReference && (
          <div>
            <dt>{t('banking.facts.mandate')}</dt>
            <dd>
              <a href={mandatePdfUrl(arrangement.id)} download>
                {t('banking.facts.mandatePdf', { reference: arrangement.mandateReference })}
              </a>
            </dd>
          </div>
        )}
      </dl>
      {!debit && since && <p>{t('banking.current.transfer', { customerNumber })}</p>}
    </>
  );
}
