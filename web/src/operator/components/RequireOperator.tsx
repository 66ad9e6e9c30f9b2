import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { TOperatorSession } from '../../../../api/operator.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { LoadingStatus } from '../../components/LoadingStatus.tsx';
import { EXPIRED_PARAM, opPaths, type OperatorSignInState } from '../lib/paths.ts';
import { useOperatorSessionQuery } from '../lib/session.ts';

/** Renders `children` for a signed-in operator; sends everyone else to the sign-in page and back here afterwards. */
export function RequireOperator({ children }: { children: (session: TOperatorSession) => ReactNode }) {
  const query = useOperatorSessionQuery();
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
    const signInState: OperatorSignInState = state.reason === 'logout' ? { signedOut: true } : { from: `${location.pathname}${location.search}` };
    const to = state.reason === 'expired' ? `${opPaths.signIn}?${EXPIRED_PARAM}=1` : opPaths.signIn;
    return <Navigate to={to} replace state={signInState} />;
  }
  return children(state.session);
}
