import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** "Wir haben Ihnen eine E-Mail … geschickt" with the spam-folder hint and optional actions. */
export function CheckEmailNotice({ message, children }: { message: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice--success">
      <p>{message}</p>
      <p>{t('register.spamHint')}</p>
      {children}
    </div>
  );
}
