import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, type ReactNode } from 'react';
import type { TSession } from '../../../api/identity.ts';
import { DraftContext, type DraftContextValue } from '../lib/draftContext.ts';
import { draftOwner, draftStorage, dropDrafts } from '../lib/drafts.ts';
import { SESSION_KEY, type SessionState } from '../lib/session.ts';

/**
 * Wraps the content of a signed-in page: its forms keep a draft for this login when the session
 * ends (see useForm and ADR 0010). Signing in as someone else drops the drafts of other logins.
 * RequireSession keys it by login, so nothing typed by one login stays on screen for another.
 */
export function DraftScope({ session, children }: { session: TSession; children: ReactNode }) {
  const queryClient = useQueryClient();
  const email = session.login.email;
  const value = useMemo<DraftContextValue>(
    () => ({
      owner: draftOwner(window.location.host, email),
      storage: draftStorage(),
      sessionLost: () => {
        const state = queryClient.getQueryData<SessionState>(SESSION_KEY);
        return state?.status === 'signed_out' && state.reason !== 'logout';
      },
    }),
    [queryClient, email],
  );
  useEffect(() => {
    dropDrafts(value.storage, value.owner.host, value.owner.login);
  }, [value]);
  return <DraftContext value={value}>{children}</DraftContext>;
}
