// The sign-in state as one TanStack Query entry (['session']): read from GET /api/v1/auth/session,
// replaced by the answers of login, keepalive and select-account, re-read after other signed-in
// calls and whenever the tab becomes visible again.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { TSession } from '../../../api/identity.ts';
import { isRetryable, type ApiResponse } from './api.ts';
import { draftStorage, dropDrafts } from './drafts.ts';
import { fetchSession, sessionLostCode } from './identity.ts';
import { idleDeadline } from './idle.ts';
import { paths } from './routes.ts';

/**
 * Why nobody is signed in: never was (`none`), signed out by hand (`logout`), or the session ended
 * without activity (`expired`, told by the server or by the idle timer).
 */
export type SignedOutReason = 'none' | 'logout' | 'expired';

export interface SignedInState {
  status: 'signed_in';
  session: TSession;
  /** On the browser's clock, see idle.ts. */
  idleDeadline: number;
}

export type SessionState = SignedInState | { status: 'signed_out'; reason: SignedOutReason };

export const SESSION_KEY = ['session'] as const;
/** Data that belongs to the signed-in login; dropped at sign-out. */
export const ME_KEY = ['me'] as const;

function signedInState(response: ApiResponse<TSession>): SignedInState {
  return {
    status: 'signed_in',
    session: response.data,
    idleDeadline: idleDeadline(response.data, response.serverDate, response.receivedAt),
  };
}

async function loadSession(signal: AbortSignal): Promise<SessionState> {
  try {
    return signedInState(await fetchSession(signal));
  } catch (error) {
    const code = sessionLostCode(error);
    if (code === null) throw error;
    return { status: 'signed_out', reason: code === 'session_expired' ? 'expired' : 'none' };
  }
}

export function useSessionQuery() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: ({ signal }) => loadSession(signal),
    staleTime: Infinity,
    refetchOnWindowFocus: 'always',
    retry: (failureCount, error) => isRetryable(error) && failureCount < 2,
  });
}

/** The signed-in session, or null (signed out or not known yet). */
export function useSession(): TSession | null {
  const { data } = useSessionQuery();
  return data?.status === 'signed_in' ? data.session : null;
}

export function storeSession(queryClient: QueryClient, response: ApiResponse<TSession>): SignedInState {
  const state = signedInState(response);
  queryClient.setQueryData(SESSION_KEY, state);
  return state;
}

export function storeSignedOut(queryClient: QueryClient, reason: SignedOutReason): void {
  const state: SessionState = { status: 'signed_out', reason };
  queryClient.setQueryData(SESSION_KEY, state);
  queryClient.removeQueries({ queryKey: ME_KEY });
  // Signed out by hand (or the registration deleted): forms' drafts of this tab go too (ADR 0010).
  if (reason === 'logout') dropDrafts(draftStorage(), window.location.host);
}

/** Store, sign-out and re-read helpers bound to the app's query client. */
export function useSessionStore() {
  const queryClient = useQueryClient();
  return useMemo(
    () => ({
      store: (response: ApiResponse<TSession>) => storeSession(queryClient, response),
      signedOut: (reason: SignedOutReason) => {
        storeSignedOut(queryClient, reason);
      },
      reread: () => queryClient.invalidateQueries({ queryKey: SESSION_KEY }),
    }),
    [queryClient],
  );
}

/** Several linked customer accounts and none chosen yet: the user picks one first. */
export function needsAccountChoice(session: TSession): boolean {
  return session.accounts.length > 1 && !session.accounts.some((a) => a.customerId === session.selectedCustomerId);
}

/**
 * Where to go after signing in: choose an account first when needed, else back, else to the start
 * page (Übersicht) of the account, or to "Mein Zugang" for a login without any linked account.
 */
export function afterSignInPath(session: TSession, from: string | undefined): string {
  if (needsAccountChoice(session)) return paths.chooseAccount;
  return from ?? (session.accounts.length > 0 ? paths.overview : paths.myAccess);
}
