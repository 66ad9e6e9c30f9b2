// Token info for a mailed link (what it is for, whose login, whether a password is still needed).
import { useQuery } from '@tanstack/react-query';
import type { TTokenInfo } from '../../../api/identity.ts';
import { ApiError } from './api.ts';
import { tokenInfo } from './identity.ts';

/** The link is unknown, used or expired (410), or malformed (400/404): the same to the user. */
export function isInvalidLink(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 410 || error.status === 400 || error.status === 404);
}

/** What a mailed link is for; a page may accept several (/aktivieren: activation and invitation). */
export function useTokenInfoQuery(token: string | null, purpose: TTokenInfo['purpose'] | readonly TTokenInfo['purpose'][]) {
  const purposes: readonly TTokenInfo['purpose'][] = typeof purpose === 'string' ? [purpose] : purpose;
  return useQuery({
    queryKey: ['token-info', ...purposes, token],
    queryFn: async ({ signal }) => {
      const info = await tokenInfo(token ?? '', signal);
      // A link for something else (e.g. a reset link opened on /aktivieren) is not valid here.
      if (!purposes.includes(info.purpose)) throw new ApiError(410, 'token_invalid', null);
      return info;
    },
    enabled: token !== null,
    retry: (failureCount, error) => !(error instanceof ApiError && error.status < 500) && failureCount < 2,
    staleTime: Infinity,
    gcTime: 0,
  });
}
