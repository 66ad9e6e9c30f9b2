import { useTranslation } from 'react-i18next';
import { ContactDetails } from '../components/ContactDetails.tsx';
import { RegistrationDeletedNotice } from '../components/DeleteRegistration.tsx';
import { InfoBox } from '../components/InfoBox.tsx';
import { LocalizedParagraphs } from '../components/LocalizedParagraphs.tsx';
import { ModuleList } from '../components/ModuleList.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { formatList } from '../lib/format.ts';
import { useLocale } from '../lib/i18n.ts';
import { useTenant } from '../lib/site.ts';

export function StartPage() {
  const { t } = useTranslation();
  const [locale] = useLocale();
  const tenant = useTenant();
  const divisions = formatList(
    tenant.divisions.map((division) => t(`divisions.${division}`)),
    locale,
  );
  return (
    <>
      <PageHeading title={t('start.title')}>{t('start.heading', { name: tenant.displayName })}</PageHeading>
      <RegistrationDeletedNotice />
      <p className="lead">{t('start.intro', { divisions })}</p>
      {tenant.modules.length > 0 && (
        <section aria-labelledby="offers-heading" className="section">
          <h2 id="offers-heading">{t('start.offersHeading')}</h2>
          <ModuleList modules={tenant.modules} />
        </section>
      )}
      <div className="box-grid section">
        <InfoBox title={t('start.helpHeading')}>
          <LocalizedParagraphs value={tenant.customerNumber.help} />
          <p>
            {t('start.example')} <code className="sample">{tenant.customerNumber.example}</code>
          </p>
        </InfoBox>
        <InfoBox title={t('start.meterHelpHeading')}>
          <LocalizedParagraphs value={tenant.meterNumberHelp} />
        </InfoBox>
        <InfoBox title={t('start.contactHeading')}>
          <p>{t('start.contactIntro')}</p>
          <ContactDetails />
        </InfoBox>
      </div>
    </>
  );
}
