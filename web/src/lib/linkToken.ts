// Mailed links carry their token in the URL fragment (/aktivieren#token=…), which browsers never
// send to the server, so it stays out of access logs. The page reads it once and removes it from the
// address bar (history.replaceState through the router), so it is not left in the history either.
import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

/** The token of a fragment like "#token=abc", or null when it is missing or cannot be a token. */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash).get('token');
  return token !== null && /^[A-Za-z0-9_-]{20,200}$/.test(token) ? token : null;
}

export function useLinkToken(): string | null {
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const location = useLocation();
  const { pathname, search, hash } = location;
  const state: unknown = location.state;
  const navigate = useNavigate();
  useEffect(() => {
    if (hash !== '') void navigate({ pathname, search }, { replace: true, state });
  }, [hash, pathname, search, state, navigate]);
  return token;
}
