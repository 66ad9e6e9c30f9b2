import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/PageHeading.tsx';

/** A host without a tenant outside demo mode. */
export function NoPortalPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t('noPortal.title')} />
      <p>{t('noPortal.text')}</p>
    </>
  );
}
