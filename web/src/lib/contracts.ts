// Contracts and products of the selected customer account.
import { useQuery } from '@tanstack/react-query';
import { ZContractsOverview } from '../../../api/contracts.ts';
import { getJson } from './api.ts';
import { ME_KEY, useSession } from './session.ts';

export function useContractsQuery() {
  const customerId = useSession()?.selectedCustomerId ?? null;
  return useQuery({
    queryKey: [...ME_KEY, 'contracts', customerId],
    queryFn: ({ signal }) => getJson('/api/v1/customer/contracts', ZContractsOverview, signal),
  });
}
