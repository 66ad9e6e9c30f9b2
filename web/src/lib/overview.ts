// The start page (Übersicht) of the selected customer account.
import { useQuery } from '@tanstack/react-query';
import { ZOverview } from '../../../api/overview.ts';
import { getJson } from './api.ts';
import { ME_KEY, useSession } from './session.ts';

export function useOverviewQuery() {
  const customerId = useSession()?.selectedCustomerId ?? null;
  return useQuery({
    queryKey: [...ME_KEY, 'overview', customerId],
    queryFn: ({ signal }) => getJson('/api/v1/customer/overview', ZOverview, signal),
  });
}
