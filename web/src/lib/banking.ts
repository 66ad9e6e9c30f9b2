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

