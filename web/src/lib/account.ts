// Account statement of the selected customer account, and the money and day formats the account,
// documents and contracts pages share.
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

function intlLocale(locale: TLocale): string {
  return locale === 'en' ? 'en-GB' : 'de-DE';
}

/** 123456 -> "1.234,56 €" (de) or "€1,234.56" (en). */
export function formatCents(cents: number, locale: TLocale): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** 'YYYY-MM-DD' -> "12.01.2026" (de) or "12 Jan 2026" (en); the date as it is, in no time zone. */
export function formatDay(iso: string, locale: TLocale): string {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** A decimal number in the UI language: formatDecimal(33.4, 'de', 2) -> "33,40". */
export function formatDecimal(value: number, locale: TLocale, decimals: number, maxDecimals = decimals): string {
  return new Intl.NumberFormat(intlLocale(locale), { minimumFractionDigits: decimals, maximumFractionDigits: maxDecimals }).format(value);
}
