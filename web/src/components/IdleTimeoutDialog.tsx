import { useLocation, useNavigate } from 'react-router';
import { fetchSession, keepalive, logout } from '../lib/identity.ts';
import { EXPIRED_PARAM, paths, type AuthRouteState } from '../lib/routes.ts';
import { useSessionStore } from '../lib/session.ts';
import { useSignOut } from '../lib/useSignOut.ts';
import { useTenant } from '../lib/site.ts';
import { IdleWarningDialog } from './IdleWarningDialog.tsx';

/**
 * The customer's idle warning (IdleWarningDialog with the customer session): "Angemeldet bleiben" is
 * a keepalive; just after the deadline the session is read again, and when it is gone the user is
 * signed out and sent to /anmelden?abgelaufen=1.
 */
export function IdleTimeoutDialog({ deadline }: { deadline: number }) {
  const tenant = useTenant();
  const store = useSessionStore();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const from = `${location.pathname}${location.search}`;
  const source = {
    keepAlive: async () => {
      store.store(await keepalive());
    },
    expire: async () => {
      try {
        store.store(await fetchSession());
        return; // still signed in: another tab was active
      } catch {
        // 401 (ended) or unreachable: sign out here either way
      }
      await logout().catch(() => undefined);
      const state: AuthRouteState = { from };
      void navigate(`${paths.login}?${EXPIRED_PARAM}=1`, { state });
      store.signedOut('expired');
    },
    signOut,
  };
  return <IdleWarningDialog deadline={deadline} idleMinutes={tenant.idleTimeoutMinutes} source={source} />;
}
