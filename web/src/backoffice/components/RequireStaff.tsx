import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { mayStaff, type TStaffPermission, type TStaffSession } from '../../../../api/staff.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { LoadingStatus } from '../../components/LoadingStatus.tsx';
import { boPaths, EXPIRED_PARAM, type SignInState } from '../lib/paths.ts';
import { useStaffSessionQuery } from '../lib/session.ts';

/**
 * Renders `children` for a signed-in staff member whose role has `permission`; sends everyone else
 * to the sign-in page (saying so when the session ended by itself) and back here afterwards.
 */
export function RequireStaff({ permission = 'read', children }: { permission?: TStaffPermission; children: (session: TStaffSession) => ReactNode }) {
  const { t } = useTranslation();
  const query = useStaffSessionQuery();
  const location = useLocation();
  if (query.isPending) return <LoadingStatus />;
  if (query.isError) {
    return (
      <LoadError
        error={query.error}
        onRetry={() => {
          void query.refetch();
        }}
      />
    );
  }
  const state = query.data;
  if (state.status === 'signed_out') {
    const signInState: SignInState = state.reason === 'logout' ? { signedOut: true } : { from: `${location.pathname}${location.search}` };
    const to = state.reason === 'expired' ? `${boPaths.signIn}?${EXPIRED_PARAM}=1` : boPaths.signIn;
    return <Navigate to={to} replace state={signInState} />;
  }
  if (!mayStaff(state.session.staff.role, permission)) {
    return (
      <div className="notice notice--error" role="alert">
        <p>{t('backoffice.forbidden')}</p>
      </div>
    );
  }
  return children(state.session);
}
