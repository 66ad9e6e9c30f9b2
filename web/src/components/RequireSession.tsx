import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import type { TSession } from '../../../api/identity.ts';
import { EXPIRED_PARAM, paths, type AuthRouteState } from '../lib/routes.ts';
import { useSessionQuery } from '../lib/session.ts';
import { DraftScope } from './DraftScope.tsx';
import { LoadError } from './LoadError.tsx';
import { LoadingStatus } from './LoadingStatus.tsx';

/**
 * Renders `children` with the session; without one, sends the user to the sign-in page and back
 * afterwards. The forms inside keep drafts when the session ends (DraftScope, one per login).
 * `account`: the page shows one customer account's data; a login with several accounts and none
 * chosen is sent to "Konto wählen" and back, a login without any is told where to link one.
 */
export function RequireSession({ children, account = false }: { children: (session: TSession) => ReactNode; account?: boolean }) {
  const { t } = useTranslation();
  const query = useSessionQuery();
  const location = useLocation();
  if (query.isPending) return <LoadingStatus />;
  if (query.isLoadingError) {
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
  if (state.status === 'signed_in') {
    if (account && state.session.selectedCustomerId === null) {
      if (state.session.accounts.length > 0) {
        const back: AuthRouteState = { from: `${location.pathname}${location.search}` };
        return <Navigate to={paths.chooseAccount} replace state={back} />;
      }
      return (
        <div className="notice">
          <p>{t('session.noAccount')}</p>
          <p>
            <Link to={paths.myAccess}>{t('session.noAccountLink')}</Link>
          </p>
        </div>
      );
    }
    return (
      <DraftScope key={state.session.login.email} session={state.session}>
        {children(state.session)}
      </DraftScope>
    );
  }
  if (state.reason === 'logout') {
    const signedOut: AuthRouteState = { signedOut: true };
    return <Navigate to={paths.login} replace state={signedOut} />;
  }
  const back: AuthRouteState = { from: `${location.pathname}${location.search}` };
  const to = state.reason === 'expired' ? `${paths.login}?${EXPIRED_PARAM}=1` : paths.login;
  return <Navigate to={to} replace state={back} />;
}
