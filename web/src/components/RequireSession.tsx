import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { TSession } from '../../../api/identity.ts';
import { EXPIRED_PARAM, paths, type AuthRouteState } from '../lib/routes.ts';
import { useSessionQuery } from '../lib/session.ts';
import { DraftScope } from './DraftScope.tsx';
import { LoadError } from './LoadError.tsx';
import { LoadingStatus } from './LoadingStatus.tsx';

/**
 * Renders `children` with the session; without one, sends the user to the sign-in page and back
 * afterwards. The forms inside keep drafts when the session ends (DraftScope, one per login).
 */
export function RequireSession({ children }: { children: (session: TSession) => ReactNode }) {
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
