// Bank details and SEPA mandates ("Bankverbindung"): the overview of the selected customer account,
// changes and the mandate PDF.
import { ZBankChangeResult, ZBankingOverview, type TBankChangeRequest, type TBankChangeResult } from '../../../api/banking.ts';
import { getJson, request } from './api.ts';

/** Per customer account (the account switcher changes it) and language (the mandate text is translated). */
export function bankingKey(customerId: string | null, locale: string) {
  return ['banking', customerId, locale] as const;
}

export function getBanking(signal?: AbortSignal) {
  return getJson('/api/v1/customer/banking', ZBankingOverview, signal);
}

export async function submitBankChange(body: TBankChangeRequest): Promise<TBankChangeResult> {
  return (await request('/api/v1/customer/banking/changes', ZBankChangeResult, { method: 'POST', body })).data;
}

export function mandatePdfUrl(arrangementId: string): string {
  return `/api/v1/customer/banking/arrangements/${encodeURIComponent(arrangementId)}/mandate.pdf`;
}

/** A calendar day (YYYY-MM-DD): "01.06.2026" or "1 Jun 2026". */
export function formatBankingDay(isoDate: string, locale: 'de' | 'en'): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de', { day: locale === 'en' ? 'numeric' : '2-digit', month: locale === 'en' ? 'short' : '2-digit', year: 'numeric', timeZone: 'UTC' }).format(date);
}
