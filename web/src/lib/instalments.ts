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

