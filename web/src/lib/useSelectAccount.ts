import { useQueryClient } from '@tanstack/react-query';
import { selectAccount } from './identity.ts';
import { ME_KEY, storeSession } from './session.ts';

/** Switches the customer account (remembered by the server); data of the previous account is reloaded. */
export function useSelectAccount(): (customerId: string) => Promise<void> {
  const queryClient = useQueryClient();
  return async (customerId) => {
    storeSession(queryClient, await selectAccount(customerId));
    await queryClient.invalidateQueries({ queryKey: ME_KEY });
  };
}
