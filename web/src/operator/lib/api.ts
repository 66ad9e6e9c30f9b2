// The operator console's endpoints (/api/v1/operator/..., installation host). Calls made while signed
// in report to the console's session layer: success means activity, a 401 means the session is gone.
import { z } from 'zod';
import {
  ZFailedMessage,
  ZOperatorInvitationInfo,
  ZOperatorListItem,
  ZOperatorLoginStep,
  ZOperatorSession,
  ZOperatorTotpSetup,
  ZTenantOverview,
  ZTenantStaff,
  type TOperatorListItem,
  type TOperatorSession,
} from '../../../../api/operator.ts';
import type { TStaffRole } from '../../../../api/staff.ts';
import type { TLocale } from '../../../../api/tenant.ts';
import { ApiError, isSessionLost, request, requestWithoutBody, type ApiResponse, type RequestOptions } from '../../lib/api.ts';

const BASE = '/api/v1/operator';

export type OperatorSessionEvent = { type: 'activity' } | { type: 'lost'; expired: boolean };
type Listener = (event: OperatorSessionEvent) => void;
const listeners = new Set<Listener>();

export function onOperatorSessionEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function isExpired(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code === 'session_expired';
}

async function signedIn<T>(call: () => Promise<T>): Promise<T> {
  try {
    const result = await call();
    for (const listener of listeners) listener({ type: 'activity' });
    return result;
  } catch (error) {
    if (isSessionLost(error)) for (const listener of listeners) listener({ type: 'lost', expired: isExpired(error) });
    throw error;
  }
}

function get<T>(path: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
  return signedIn(async () => (await request(`${BASE}${path}`, schema, { signal })).data);
}

function send<T>(path: string, schema: z.ZodType<T>, options: RequestOptions): Promise<T> {
  return signedIn(async () => (await request(`${BASE}${path}`, schema, options)).data);
}

function sendWithoutBody(path: string): Promise<void> {
  return signedIn(() => requestWithoutBody(`${BASE}${path}`, { method: 'POST' }));
}

const id = (value: string) => encodeURIComponent(value);
const digits = (code: string) => code.replace(/\s/g, '');

// --- sign-in -----------------------------------------------------------------------------------

export function fetchOperatorSession(signal?: AbortSignal): Promise<ApiResponse<TOperatorSession>> {
  return request(`${BASE}/auth/session`, ZOperatorSession, { signal });
}

export async function operatorLogin(email: string, password: string) {
  return (await request(`${BASE}/auth/login`, ZOperatorLoginStep, { method: 'POST', body: { email, password } })).data;
}

export function operatorTotp(code: string): Promise<ApiResponse<TOperatorSession>> {
  return request(`${BASE}/auth/totp`, ZOperatorSession, { method: 'POST', body: { code: digits(code) } });
}

export async function startOperatorTotpSetup(signal?: AbortSignal) {
  return (await request(`${BASE}/auth/totp-setup`, ZOperatorTotpSetup, { signal })).data;
}

export function confirmOperatorTotpSetup(code: string): Promise<ApiResponse<TOperatorSession>> {
  return request(`${BASE}/auth/totp-setup`, ZOperatorSession, { method: 'POST', body: { code: digits(code) } });
}

export function operatorLogout(): Promise<void> {
  return requestWithoutBody(`${BASE}/auth/logout`, { method: 'POST' });
}

export async function operatorInvitationInfo(token: string) {
  return (await request(`${BASE}/auth/invitation-info`, ZOperatorInvitationInfo, { method: 'POST', body: { token } })).data;
}

export async function acceptOperatorInvitation(token: string, password: string) {
  return (await request(`${BASE}/auth/accept-invitation`, ZOperatorLoginStep, { method: 'POST', body: { token, password, passwordRepeat: password } })).data;
}

// --- tenants, messages, team --------------------------------------------------------------------

export function tenantsOverview(signal?: AbortSignal) {
  return get('/tenants', z.array(ZTenantOverview), signal);
}

export function tenantStaff(slug: string, signal?: AbortSignal) {
  return get(`/tenants/${id(slug)}/staff`, ZTenantStaff, signal);
}

export function inviteTenantStaff(slug: string, body: { email: string; name: string; role: TStaffRole; locale: TLocale }) {
  return send(`/tenants/${id(slug)}/staff`, z.object({ id: z.uuid() }), { method: 'POST', body });
}

export function resetTenantStaffFactor(slug: string, staffId: string): Promise<void> {
  return sendWithoutBody(`/tenants/${id(slug)}/staff/${id(staffId)}/reset-second-factor`);
}

export function failedMessages(signal?: AbortSignal) {
  return get('/outbox/failed', z.array(ZFailedMessage), signal);
}

export function retryMessage(slug: string, messageId: number): Promise<void> {
  return sendWithoutBody(`/outbox/${id(slug)}/${String(messageId)}/retry`);
}

const ZInvitationLink = z.object({ id: z.uuid(), invitationPath: z.string() });

export function listOperators(signal?: AbortSignal) {
  return get('/operators', z.array(ZOperatorListItem), signal);
}

export function inviteOperator(body: { email: string; name: string; locale: TLocale }) {
  return send('/operators', ZInvitationLink, { method: 'POST', body });
}

export function renewOperatorInvitation(operatorId: string) {
  return send(`/operators/${id(operatorId)}/renew-invitation`, ZInvitationLink, { method: 'POST' });
}

export function setOperatorStatus(operatorId: string, status: 'active' | 'locked'): Promise<TOperatorListItem> {
  return send(`/operators/${id(operatorId)}`, ZOperatorListItem, { method: 'PATCH', body: { status } });
}
