// The operator console's sign-in state as one TanStack Query entry (own cookie on the server).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { TOperatorSession } from '../../../../api/operator.ts';
import { isRetryable, isSessionLost, type ApiResponse } from '../../lib/api.ts';
import { idleDeadline } from '../../lib/idle.ts';
import { fetchOperatorSession, isExpired } from './api.ts';

export type OperatorSignedOutReason = 'none' | 'logout' | 'expired';

export type OperatorSessionState =
  | { status: 'signed_in'; session: TOperatorSession; idleDeadline: number }
  | { status: 'signed_out'; reason: OperatorSignedOutReason };

export const OPERATOR_KEY = ['operator'] as const;
export const OPERATOR_SESSION_KEY = [...OPERATOR_KEY, 'session'] as const;

function signedIn(response: ApiResponse<TOperatorSession>): OperatorSessionState {
  return { status: 'signed_in', session: response.data, idleDeadline: idleDeadline(response.data, response.serverDate, response.receivedAt) };
}

async function loadSession(signal: AbortSignal): Promise<OperatorSessionState> {
  try {
    return signedIn(await fetchOperatorSession(signal));
  } catch (error) {
    if (!isSessionLost(error)) throw error;
    return { status: 'signed_out', reason: isExpired(error) ? 'expired' : 'none' };
  }
}

export function useOperatorSessionQuery() {
  return useQuery({
    queryKey: OPERATOR_SESSION_KEY,
    queryFn: ({ signal }) => loadSession(signal),
    staleTime: Infinity,
    refetchOnWindowFocus: 'always',
    retry: (failureCount, error) => isRetryable(error) && failureCount < 2,
  });
}

export function useOperatorSessionStore() {
  const queryClient = useQueryClient();
  return useMemo(
    () => ({
      store: (response: ApiResponse<TOperatorSession>) => {
        queryClient.setQueryData(OPERATOR_SESSION_KEY, signedIn(response));
      },
      signedOut: (reason: OperatorSignedOutReason) => {
        queryClient.removeQueries({ queryKey: OPERATOR_KEY, predicate: (query) => query.queryKey[1] !== 'session' });
        queryClient.setQueryData(OPERATOR_SESSION_KEY, { status: 'signed_out', reason } satisfies OperatorSessionState);
      },
      reread: () => queryClient.invalidateQueries({ queryKey: OPERATOR_SESSION_KEY }),
    }),
    [queryClient],
  );
}
