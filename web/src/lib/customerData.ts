// Customer data ("Persönliche Daten"): the data on file, the contact data and billing address changes.
import { ZContactChangeResult, ZCustomerData, type TAddressChange, type TContactChange, type TContactChangeResult } from '../../../api/customer-data.ts';
import { ZCreatedRequest, type TCreatedRequest } from '../../../api/requests.ts';
import { getJson, request } from './api.ts';
import { ME_KEY } from './session.ts';

/** Below ME_KEY: reloaded when another customer account is chosen, dropped at sign-out. */
export const CUSTOMER_DATA_KEY = [...ME_KEY, 'customerData'] as const;

export function getCustomerData(signal?: AbortSignal) {
  return getJson('/api/v1/customer/data', ZCustomerData, signal);
}

export async function changeContact(body: TContactChange): Promise<TContactChangeResult> {
  return (await request('/api/v1/customer/data/contact', ZContactChangeResult, { method: 'POST', body })).data;
}

export async function requestAddressChange(body: TAddressChange): Promise<TCreatedRequest> {
  return (await request('/api/v1/customer/data/billing-address', ZCreatedRequest, { method: 'POST', body })).data;
}
