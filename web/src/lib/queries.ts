// TanStack Query hooks for the public tenant data.
import { useQuery } from '@tanstack/react-query';
import { ZDemoAccounts, ZLegalPage, ZPublicTenant, type TLegalPageKind, type TLocale } from '../../../api/tenant.ts';
import { getJson } from './api.ts';

export function useTenantQuery() {
  return useQuery({
    queryKey: ['tenant'],
    queryFn: ({ signal }) => getJson('/api/v1/tenant', ZPublicTenant, signal),
    staleTime: 5 * 60_000,
  });
}

export function useLegalPageQuery(kind: TLegalPageKind, locale: TLocale) {
  return useQuery({
    queryKey: ['legal', kind, locale],
    queryFn: ({ signal }) =>
      getJson(`/api/v1/tenant/legal/${kind}?${new URLSearchParams({ locale }).toString()}`, ZLegalPage, signal),
    staleTime: 5 * 60_000,
  });
}

/** Only asked for when the host has no tenant; answers 404 outside demo mode. */
export function useDemoAccountsQuery(enabled: boolean) {
  return useQuery({
    queryKey: ['demo-accounts'],
    queryFn: ({ signal }) => getJson('/dev/demo-accounts.json', ZDemoAccounts, signal),
    enabled,
    staleTime: 5 * 60_000,
  });
}
