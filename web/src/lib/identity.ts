// The identity endpoints (registration, activation, sign-in, sessions, passwords). Calls made while
// signed in report to the session layer: success means activity (the idle deadline moved), a 401
// means the session is gone.
import { z } from 'zod';
import {
  ZChangeEmailRequest,
  ZChangePasswordRequest,
  ZLinkAccountRequest,
  ZLoginRequest,
  ZPasswordCheckResponse,
  ZRegisterResponse,
  ZSession,
  ZSessionListItem,
  ZTokenInfo,
  type TGpNumberRequest,
  type TPasswordCheckResponse,
  type TRegisterRequest,
  type TRegisterResponse,
  type TSession,
  type TSessionListItem,
  type TTokenInfo,
} from '../../../api/identity.ts';
import { ZSecondFactorRequired, type TSecondFactorRequired } from '../../../api/factors.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { ApiError, isSessionLost, request, requestWithoutBody, type ApiResponse, type RequestOptions } from './api.ts';

const ZActivated = z.object({ status: z.literal('activated'), email: z.string() });
const ZGpNumberRequested = z.object({ status: z.literal('received') });
const ZPasswordReset = z.object({ status: z.literal('password_reset'), email: z.string() });
const ZEmailChanged = z.object({ status: z.literal('email_changed'), email: z.string() });

/** 401 codes that mean "not signed in (any more)". */
export type SessionLostCode = 'session_expired' | 'unauthenticated';

export function sessionLostCode(error: unknown): SessionLostCode | null {
  if (!isSessionLost(error)) return null;
  return error instanceof ApiError && error.code === 'session_expired' ? 'session_expired' : 'unauthenticated';
}

export type SessionEvent = { type: 'activity' } | { type: 'lost'; code: SessionLostCode };
type Listener = (event: SessionEvent) => void;
const listeners = new Set<Listener>();

/** The session layer listens here; returns the unsubscribe function. */
export function onSessionEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function emit(event: SessionEvent): void {
  for (const listener of listeners) listener(event);
}

/**
 * A call that needs a session: reports the loss of the session, and activity unless the answer is
 * the session itself (then the caller stores it).
 */
export async function signedIn<T>(call: () => Promise<T>, answersWithSession = false): Promise<T> {
  try {
    const result = await call();
    if (!answersWithSession) emit({ type: 'activity' });
    return result;
  } catch (error) {
    const code = sessionLostCode(error);
    if (code) emit({ type: 'lost', code });
    throw error;
  }
}

const post = (body: unknown): RequestOptions => ({ method: 'POST', body });

// Public

export async function register(body: TRegisterRequest): Promise<TRegisterResponse> {
  return (await request('/api/v1/auth/register', ZRegisterResponse, post(body))).data;
}

/** Asks the grid operator to post the GP-Nr (tenants offering meter_gp); a copy is mailed. */
export async function requestGpNumber(body: TGpNumberRequest): Promise<void> {
  await request('/api/v1/auth/gp-number-request', ZGpNumberRequested, post(body));
}

export async function tokenInfo(token: string, signal?: AbortSignal): Promise<TTokenInfo> {
  return (await request('/api/v1/auth/token-info', ZTokenInfo, { ...post({ token }), signal })).data;
}

export async function activate(body: { token: string; password?: string }): Promise<{ email: string }> {
  return (await request('/api/v1/auth/activate', ZActivated, post(body))).data;
}

export async function resendActivation(email: string, locale: TLocale): Promise<TRegisterResponse> {
  return (await request('/api/v1/auth/resend-activation', ZRegisterResponse, post({ email, locale }))).data;
}

export async function forgotPassword(email: string, locale: TLocale): Promise<TRegisterResponse> {
  return (await request('/api/v1/auth/forgot-password', ZRegisterResponse, post({ email, locale }))).data;
}

export async function resetPassword(body: { token: string; password: string }): Promise<{ email: string }> {
  return (await request('/api/v1/auth/reset-password', ZPasswordReset, post(body))).data;
}

/** Confirms a new e-mail address with the mailed link (no session needed); the old address is notified. */
export async function confirmEmail(token: string): Promise<{ email: string }> {
  return (await request('/api/v1/auth/confirm-email', ZEmailChanged, post({ token }))).data;
}

export async function checkPassword(password: string, signal?: AbortSignal): Promise<TPasswordCheckResponse> {
  return (await request('/api/v1/auth/password-check', ZPasswordCheckResponse, { ...post({ password }), signal })).data;
}

/** Signed in, or the password was right and a second factor must follow (/anmeldung-bestaetigen). */
export type LoginAnswer = { kind: 'signed_in'; response: ApiResponse<TSession> } | { kind: 'second_factor'; required: TSecondFactorRequired };

export async function login(body: z.input<typeof ZLoginRequest>): Promise<LoginAnswer> {
  const response = await request('/api/v1/auth/login', z.union([ZSecondFactorRequired, ZSession]), post(body));
  const { data } = response;
  return 'status' in data ? { kind: 'second_factor', required: data } : { kind: 'signed_in', response: { ...response, data } };
}

/** The current session; a 401 is an answer here (signed out), not an error. */
export async function fetchSession(signal?: AbortSignal): Promise<ApiResponse<TSession>> {
  return request('/api/v1/auth/session', ZSession, { signal });
}

export async function logout(): Promise<void> {
  await requestWithoutBody('/api/v1/auth/logout', { method: 'POST' });
}

// Signed in

export async function keepalive(): Promise<ApiResponse<TSession>> {
  return signedIn(() => request('/api/v1/auth/keepalive', ZSession, { method: 'POST' }), true);
}

export async function selectAccount(customerId: string): Promise<ApiResponse<TSession>> {
  return signedIn(() => request('/api/v1/auth/select-account', ZSession, post({ customerId })), true);
}

export async function changePassword(body: z.input<typeof ZChangePasswordRequest>): Promise<void> {
  await signedIn(() => requestWithoutBody('/api/v1/me/password', post(body)));
}

/**
 * Asks for a new e-mail address: a confirmation link goes to it. The answer is the same when the
 * address belongs to another access (that address is told instead), so nothing is given away.
 */
export async function changeEmail(body: z.input<typeof ZChangeEmailRequest>): Promise<TRegisterResponse> {
  return signedIn(async () => (await request('/api/v1/me/email', ZRegisterResponse, post(body))).data);
}

/**
 * Deletes the registration (login, sessions, second factors); the server ends the session. No
 * activity is reported: the session is gone, the caller stores the signed-out state.
 */
export async function deleteRegistration(password: string): Promise<void> {
  await signedIn(() => requestWithoutBody('/api/v1/me', { method: 'DELETE', body: { password } }), true);
}

export async function listSessions(signal?: AbortSignal): Promise<TSessionListItem[]> {
  return signedIn(async () => (await request('/api/v1/me/sessions', z.array(ZSessionListItem), { signal })).data);
}

export async function endSession(id: string): Promise<void> {
  await signedIn(() => requestWithoutBody(`/api/v1/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }));
}

export async function linkAccount(body: z.input<typeof ZLinkAccountRequest>): Promise<ApiResponse<TSession>> {
  return signedIn(() => request('/api/v1/me/accounts', ZSession, post(body)), true);
}

export async function unlinkAccount(customerId: string): Promise<ApiResponse<TSession>> {
  return signedIn(() => request(`/api/v1/me/accounts/${encodeURIComponent(customerId)}`, ZSession, { method: 'DELETE' }), true);
}
