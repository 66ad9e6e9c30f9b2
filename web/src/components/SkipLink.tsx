import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** First focusable element: jumps past header and navigation to <main>. */
export function SkipLink({ targetId }: { targetId: string }) {
  const { t } = useTranslation();
  const skip = (event: MouseEvent<HTMLAnchorElement>): void => {
    event.preventDefault();
    document.getElementById(targetId)?.focus();
  };
  return (
    <a className="skip-link" href={`#${targetId}`} onClick={skip}>
      {t('app.skipLink')}
    </a>
  );
}
