import { useNavigate } from 'react-router';
import { ApiError } from '../../lib/api.ts';
import { operatorLogout } from './api.ts';
import { opPaths, type OperatorSignInState } from './paths.ts';
import { useOperatorSessionStore } from './session.ts';

/** Signs the operator out (a session that is gone already counts as signed out) and opens the sign-in page. */
export function useOperatorSignOut(): () => Promise<void> {
  const store = useOperatorSessionStore();
  const navigate = useNavigate();
  return async () => {
    try {
      await operatorLogout();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    const state: OperatorSignInState = { signedOut: true };
    await navigate(opPaths.signIn, { state });
    store.signedOut('logout');
  };
}
