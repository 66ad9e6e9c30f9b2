import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api.ts';
import { focusPageHeading } from '../lib/useFocusOnRouteChange.ts';

/**
 * Why loading failed, in words a customer understands, and a way to try again. Retrying replaces
 * this box with the loading status, so focus first moves to the page heading instead of getting lost.
 */
export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  let message = t('status.networkError');
  if (error instanceof ApiError) message = error.status >= 500 ? t('status.serverError') : t('status.notAvailable');
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <div className="notice notice--error" role="alert">
      <p>{message}</p>
      {requestId && (
        <p className="notice__detail">
          {t('status.requestId')} <code>{requestId}</code>
        </p>
      )}
      <Button
        className="button"
        onPress={() => {
          focusPageHeading();
          onRetry();
        }}
      >
        {t('status.retry')}
      </Button>
    </div>
  );
}
