import { useTranslation } from 'react-i18next';
import type { TRequestStatus } from '../../../api/requests.ts';

/** The status of a request in words (the colour only repeats it). */
export function RequestStatusBadge({ status }: { status: TRequestStatus }) {
  const { t } = useTranslation();
  return <span className={`badge status-badge status-badge--${status}`}>{t(`requests.status.${status}`)}</span>;
}
