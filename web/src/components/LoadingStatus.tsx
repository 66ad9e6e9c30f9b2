import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A polite live region. The text is filled in just after the region is mounted: screen readers
 * announce changes of a live region, not regions that appear with their text already in them.
 */
export function LoadingStatus() {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setShown(true);
    }, 50);
    return () => {
      window.clearTimeout(timer);
    };
  }, []);
  return (
    <div className="loading-status" role="status" aria-live="polite">
      {shown && (
        <>
          <span className="spinner" aria-hidden="true" />
          {t('status.loading')}
        </>
      )}
    </div>
  );
}
