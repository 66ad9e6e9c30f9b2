// Instalments (Abschlag): the overview of the selected customer account and the change request.
import { ZInstalmentOverview, type TInstalmentChangeRequest } from '../../../api/instalments.ts';
import { ZCreatedRequest, type TCreatedRequest } from '../../../api/requests.ts';
import { getJson, request } from './api.ts';
import { ME_KEY } from './session.ts';

/** Below ME_KEY: reloaded when another customer account is chosen, dropped at sign-out. */
export const INSTALMENTS_KEY = [...ME_KEY, 'instalments'] as const;

export function getInstalments(signal?: AbortSignal) {
  return getJson('/api/v1/customer/instalments', ZInstalmentOverview, signal);
}

export async function requestInstalmentChange(body: TInstalmentChangeRequest): Promise<TCreatedRequest> {
  return (await request('/api/v1/customer/instalments/change-requests', ZCreatedRequest, { method: 'POST', body })).data;
}

/** The local day of a timestamp in the utility's time zone: "04.05.2026" (de) or "4 May 2026" (en). */
export function formatDay(iso: string, locale: 'de' | 'en', timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = locale === 'en' ? { dateStyle: 'medium', timeZone } : { day: '2-digit', month: '2-digit', year: 'numeric', timeZone };
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', options).format(new Date(iso));
}
