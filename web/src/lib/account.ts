// Account statement of the selected customer account, and the money and day formats the account,
// documents and contracts pages share.
import { intlLocale } from './format.ts';
import { useQuery } from '@tanstack/react-query';
import { ZAccountStatement } from '../../../api/account.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { getJson } from './api.ts';
import { ME_KEY, useSession } from './session.ts';

export function useAccountStatementQuery(year: number | null) {
  const customerId = useSession()?.selectedCustomerId ?? null;
  return useQuery({
    queryKey: [...ME_KEY, 'account', customerId, year],
    queryFn: ({ signal }) => getJson(`/api/v1/customer/account${year === null ? '' : `?year=${String(year)}`}`, ZAccountStatement, signal),
    placeholderData: (previous) => previous,
  });
}

/** A decimal number in the UI language: formatDecimal(33.4, 'de', 2) -> "33,40". */
export function formatDecimal(value: number, locale: TLocale, decimals: number, maxDecimals = decimals): string {
  return new Intl.NumberFormat(intlLocale(locale), { minimumFractionDigits: decimals, maximumFractionDigits: maxDecimals }).format(value);
}
