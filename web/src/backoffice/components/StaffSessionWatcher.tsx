import { useEffect } from 'react';
import { IdleWarningDialog } from '../../components/IdleWarningDialog.tsx';
import { fetchStaffSession, onStaffSessionEvent } from '../lib/api.ts';
import { useStaffSessionQuery, useStaffSessionStore } from '../lib/session.ts';
import { useStaffSignOut } from '../lib/useStaffSignOut.ts';

/**
 * Two minutes before the idle deadline the shared idle warning (as in the customer portal). Reading
 * the session is the activity that keeps it; just after the deadline the session is read again: still
 * valid means another tab kept it alive; otherwise the member is signed out and the sign-in page says
 * why (RequireStaff sends them there).
 */
function IdleDialog({ deadline, idleMinutes }: { deadline: number; idleMinutes: number }) {
  const store = useStaffSessionStore();
  const signOut = useStaffSignOut();
  const source = {
    keepAlive: async () => {
      store.store(await fetchStaffSession());
    },
    expire: () =>
      fetchStaffSession().then(store.store, () => {
        store.signedOut('expired');
      }),
    signOut,
  };
  return <IdleWarningDialog deadline={deadline} idleMinutes={idleMinutes} source={source} />;
}

/**
 * Keeps the back-office sign-in state current: every successful call re-reads the session (the
 * server moved the idle deadline), a 401 from any call signs the member out here too.
 */
export function StaffSessionWatcher() {
  const { data } = useStaffSessionQuery();
  const store = useStaffSessionStore();
  useEffect(
    () =>
      onStaffSessionEvent((event) => {
        if (event.type === 'activity') void store.reread();
        else store.signedOut(event.expired ? 'expired' : 'none');
      }),
    [store],
  );
  if (data?.status !== 'signed_in') return null;
  return <IdleDialog deadline={data.idleDeadline} idleMinutes={Math.round(data.session.idleTimeoutSeconds / 60)} />;
}
