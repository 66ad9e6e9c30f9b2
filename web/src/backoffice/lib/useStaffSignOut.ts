import { useNavigate } from 'react-router';
import { ApiError } from '../../lib/api.ts';
import { staffLogout } from './api.ts';
import { boPaths, type SignInState } from './paths.ts';
import { useStaffSessionStore } from './session.ts';

/** Signs the staff member out (a session that is gone already counts as signed out) and opens the sign-in page. */
export function useStaffSignOut(): () => Promise<void> {
  const store = useStaffSessionStore();
  const navigate = useNavigate();
  return async () => {
    try {
      await staffLogout();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    const state: SignInState = { signedOut: true };
    await navigate(boPaths.signIn, { state });
    store.signedOut('logout');
  };
}
