// The back-office sign-in state as one TanStack Query entry, separate from the customer's session
// (its own cookie on the server): read from GET /backoffice/auth/session, replaced by the answers of
// the code step and the authenticator set-up, re-read after other back-office calls (activity).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { TStaffSession } from '../../../../api/staff.ts';
import { isRetryable, isSessionLost, type ApiResponse } from '../../lib/api.ts';
import { idleDeadline } from '../../lib/idle.ts';
import { fetchStaffSession, isExpired } from './api.ts';

export type StaffSignedOutReason = 'none' | 'logout' | 'expired';

export type StaffSessionState =
  | { status: 'signed_in'; session: TStaffSession; idleDeadline: number }
  | { status: 'signed_out'; reason: StaffSignedOutReason };

export const STAFF_KEY = ['backoffice'] as const;
export const STAFF_SESSION_KEY = [...STAFF_KEY, 'session'] as const;

function signedIn(response: ApiResponse<TStaffSession>): StaffSessionState {
  return { status: 'signed_in', session: response.data, idleDeadline: idleDeadline(response.data, response.serverDate, response.receivedAt) };
}

async function loadSession(signal: AbortSignal): Promise<StaffSessionState> {
  try {
    return signedIn(await fetchStaffSession(signal));
  } catch (error) {
    if (!isSessionLost(error)) throw error;
    return { status: 'signed_out', reason: isExpired(error) ? 'expired' : 'none' };
  }
}

export function useStaffSessionQuery() {
  return useQuery({
    queryKey: STAFF_SESSION_KEY,
    queryFn: ({ signal }) => loadSession(signal),
    staleTime: Infinity,
    refetchOnWindowFocus: 'always',
    retry: (failureCount, error) => isRetryable(error) && failureCount < 2,
  });
}

/** Store, sign-out and re-read helpers bound to the app's query client. */
export function useStaffSessionStore() {
  const queryClient = useQueryClient();
  return useMemo(
    () => ({
      store: (response: ApiResponse<TStaffSession>) => {
        queryClient.setQueryData(STAFF_SESSION_KEY, signedIn(response));
      },
      signedOut: (reason: StaffSignedOutReason) => {
        const state: StaffSessionState = { status: 'signed_out', reason };
        // Everything the member has seen goes with the session.
        queryClient.removeQueries({ queryKey: STAFF_KEY, predicate: (query) => query.queryKey[1] !== 'session' });
        queryClient.setQueryData(STAFF_SESSION_KEY, state);
      },
      reread: () => queryClient.invalidateQueries({ queryKey: STAFF_SESSION_KEY }),
    }),
    [queryClient],
  );
}
