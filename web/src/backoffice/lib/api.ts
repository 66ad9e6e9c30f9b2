// The back office's endpoints (/api/v1/backoffice/...). Calls made while signed in report to the
// back-office session layer (lib/session.ts): success means activity (the server moved the idle
// deadline), a 401 session_expired/unauthenticated means the staff session is gone.
import { z } from 'zod';
import {
  ZCustomerHit,
  ZCustomerView,
  ZDashboard,
  ZQueuePage,
  ZStaffRequestDetail,
  type TQueueFilter,
  type TQueueKind,
  type TStaffRequestDetail,
} from '../../../../api/backoffice.ts';
import type { TRequestStatus } from '../../../../api/requests.ts';
import {
  ZColleague,
  ZStaffInvitationInfo,
  ZStaffListItem,
  ZStaffLoginStep,
  ZStaffSession,
  ZStaffTotpSetup,
  type TStaffListItem,
  type TStaffLoginStep,
  type TStaffRole,
  type TStaffSession,
  type TStaffTotpSetup,
} from '../../../../api/staff.ts';
import type { TLocale } from '../../../../api/tenant.ts';
import { ApiError, isSessionLost, request, requestWithoutBody, type ApiResponse, type RequestOptions } from '../../lib/api.ts';

const BASE = '/api/v1/backoffice';

export type StaffSessionEvent = { type: 'activity' } | { type: 'lost'; expired: boolean };
type Listener = (event: StaffSessionEvent) => void;
const listeners = new Set<Listener>();

/** The back-office session layer listens here; returns the unsubscribe function. */
export function onStaffSessionEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function emit(event: StaffSessionEvent): void {
  for (const listener of listeners) listener(event);
}

/** True when the error says the staff session ended without activity (idle or absolute limit). */
export function isExpired(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code === 'session_expired';
}

async function signedIn<T>(call: () => Promise<T>): Promise<T> {
  try {
    const result = await call();
    emit({ type: 'activity' });
    return result;
  } catch (error) {
    if (isSessionLost(error)) emit({ type: 'lost', expired: isExpired(error) });
    throw error;
  }
}

/** GET below /api/v1/backoffice as the signed-in member (keeps the session alive, reports its loss). */
export function get<T>(path: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
  return signedIn(async () => (await request(`${BASE}${path}`, schema, { signal })).data);
}

/** A changing request below /api/v1/backoffice with a JSON answer. */
export function send<T>(path: string, schema: z.ZodType<T>, options: RequestOptions): Promise<T> {
  return signedIn(async () => (await request(`${BASE}${path}`, schema, options)).data);
}

/** A changing request below /api/v1/backoffice answered with 204. */
export function sendWithoutBody(path: string, options: RequestOptions = { method: 'POST' }): Promise<void> {
  return signedIn(() => requestWithoutBody(`${BASE}${path}`, options));
}

const id = (value: string) => encodeURIComponent(value);

// --- sign-in -----------------------------------------------------------------------------------

/** The signed-in staff member; 401 when nobody is (the caller decides what that means). */
export function fetchStaffSession(signal?: AbortSignal): Promise<ApiResponse<TStaffSession>> {
  return request(`${BASE}/auth/session`, ZStaffSession, { signal });
}

export async function staffLogin(email: string, password: string): Promise<TStaffLoginStep> {
  return (await request(`${BASE}/auth/login`, ZStaffLoginStep, { method: 'POST', body: { email, password } })).data;
}

export function staffTotp(code: string): Promise<ApiResponse<TStaffSession>> {
  return request(`${BASE}/auth/totp`, ZStaffSession, { method: 'POST', body: { code: code.replace(/\s/g, '') } });
}

export async function startTotpSetup(signal?: AbortSignal): Promise<TStaffTotpSetup> {
  return (await request(`${BASE}/auth/totp-setup`, ZStaffTotpSetup, { signal })).data;
}

export function confirmTotpSetup(code: string): Promise<ApiResponse<TStaffSession>> {
  return request(`${BASE}/auth/totp-setup`, ZStaffSession, { method: 'POST', body: { code: code.replace(/\s/g, '') } });
}

export function staffLogout(): Promise<void> {
  return requestWithoutBody(`${BASE}/auth/logout`, { method: 'POST' });
}

export async function invitationInfo(token: string): Promise<z.infer<typeof ZStaffInvitationInfo>> {
  return (await request(`${BASE}/auth/invitation-info`, ZStaffInvitationInfo, { method: 'POST', body: { token } })).data;
}

export async function acceptInvitation(token: string, password: string): Promise<TStaffLoginStep> {
  return (await request(`${BASE}/auth/accept-invitation`, ZStaffLoginStep, { method: 'POST', body: { token, password, passwordRepeat: password } })).data;
}

// --- work queue and requests -------------------------------------------------------------------

export interface QueueParams {
  status: TQueueFilter;
  kind?: TQueueKind | undefined;
  assigned?: string | undefined;
  q?: string | undefined;
  minAgeDays?: number | undefined;
  maxAgeDays?: number | undefined;
  offset: number;
  limit: number;
}

export function queue(params: QueueParams, signal?: AbortSignal) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  return get(`/requests?${search.toString()}`, ZQueuePage, signal);
}

export function getStaffRequest(requestId: string, signal?: AbortSignal) {
  return get(`/requests/${id(requestId)}`, ZStaffRequestDetail, signal);
}

export function changeStatus(requestId: string, status: Exclude<TRequestStatus, 'received'>, reason: string | null): Promise<TStaffRequestDetail> {
  return send(`/requests/${id(requestId)}/status`, ZStaffRequestDetail, { method: 'POST', body: { status, reason } });
}

/** Active admins and clerks, to assign a request to. */
export function colleagues(signal?: AbortSignal) {
  return get('/colleagues', z.array(ZColleague), signal);
}

export function assign(requestId: string, staffId: string | null): Promise<TStaffRequestDetail> {
  return send(`/requests/${id(requestId)}/assign`, ZStaffRequestDetail, { method: 'POST', body: { staffId } });
}

export function addNote(requestId: string, text: string): Promise<TStaffRequestDetail> {
  return send(`/requests/${id(requestId)}/notes`, ZStaffRequestDetail, { method: 'POST', body: { text } });
}

export function staffAttachmentUrl(requestId: string, attachmentId: string): string {
  return `${BASE}/requests/${id(requestId)}/attachments/${id(attachmentId)}`;
}

// --- customers and dashboard -------------------------------------------------------------------

export function searchCustomers(q: string, signal?: AbortSignal) {
  return get(`/customers?${new URLSearchParams({ q }).toString()}`, z.array(ZCustomerHit), signal);
}

export function customerView(customerId: string, signal?: AbortSignal) {
  return get(`/customers/${id(customerId)}`, ZCustomerView, signal);
}

export type LoginAction = 'lock' | 'unlock' | 'end_sessions' | 'resend_activation';

export function loginAction(customerId: string, loginId: string, action: LoginAction): Promise<void> {
  return sendWithoutBody(`/customers/${id(customerId)}/logins/${id(loginId)}/${action}`);
}

export function dashboard(signal?: AbortSignal) {
  return get('/dashboard', ZDashboard, signal);
}

// --- staff (admins) ----------------------------------------------------------------------------

export function listStaff(signal?: AbortSignal) {
  return get('/staff', z.array(ZStaffListItem), signal);
}

export function inviteStaff(body: { email: string; name: string; role: TStaffRole; locale: TLocale }): Promise<{ id: string }> {
  return send('/staff', z.object({ id: z.uuid() }), { method: 'POST', body });
}

export function updateStaff(staffId: string, change: { role?: TStaffRole; status?: 'active' | 'locked' }): Promise<TStaffListItem> {
  return send(`/staff/${id(staffId)}`, ZStaffListItem, { method: 'PATCH', body: change });
}

export function resendInvitation(staffId: string): Promise<void> {
  return sendWithoutBody(`/staff/${id(staffId)}/resend-invitation`);
}

export function resetSecondFactor(staffId: string): Promise<void> {
  return sendWithoutBody(`/staff/${id(staffId)}/reset-second-factor`);
}
