import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SiteHeader } from './SiteHeader.tsx';
import { MAIN_ID } from '../lib/useFocusOnRouteChange.ts';
import { SkipLink } from './SkipLink.tsx';

/** The shell on a host without a tenant (e.g. bare localhost): product name and language switch only. */
export function InstallationLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <SkipLink targetId={MAIN_ID} />
      <SiteHeader brand={<span className="brand brand__name">{t('app.name')}</span>} />
      <main id={MAIN_ID} tabIndex={-1} className="site-main">
        {children}
      </main>
    </>
  );
}
