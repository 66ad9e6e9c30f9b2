import { useNavigate } from 'react-router';
import { ApiError } from './api.ts';
import { logout } from './identity.ts';
import { paths, type AuthRouteState } from './routes.ts';
import { useSessionStore } from './session.ts';

/** Signs out (a session that is gone already counts as signed out) and opens the sign-in page. */
export function useSignOut(): () => Promise<void> {
  const store = useSessionStore();
  const navigate = useNavigate();
  return async () => {
    try {
      await logout();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    store.signedOut('logout');
    const state: AuthRouteState = { signedOut: true };
    void navigate(paths.login, { state });
  };
}
