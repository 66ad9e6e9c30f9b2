import { useEffect } from 'react';
import { onSessionEvent } from '../lib/identity.ts';
import { useSessionQuery, useSessionStore } from '../lib/session.ts';
import { IdleTimeoutDialog } from './IdleTimeoutDialog.tsx';

/**
 * Keeps the sign-in state current: signed-in calls move the idle deadline (the session is read
 * again) or report that the session has ended; while signed in, the idle warning is armed.
 */
export function SessionWatcher() {
  const { data } = useSessionQuery();
  const store = useSessionStore();
  useEffect(
    () =>
      onSessionEvent((event) => {
        if (event.type === 'activity') void store.reread();
        else store.signedOut(event.code === 'session_expired' ? 'expired' : 'none');
      }),
    [store],
  );
  return data?.status === 'signed_in' ? <IdleTimeoutDialog deadline={data.idleDeadline} /> : null;
}
