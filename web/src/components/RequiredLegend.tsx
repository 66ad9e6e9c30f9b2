import { useTranslation } from 'react-i18next';

/** "Pflichtfelder sind mit * gekennzeichnet." above forms with required fields. */
export function RequiredLegend() {
  const { t } = useTranslation();
  return <p className="form-legend">{t('form.requiredLegend')}</p>;
}
