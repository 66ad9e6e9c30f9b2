// Second factors in the browser: the second step of signing in, passkey sign-in (WebAuthn through
// @simplewebauthn/browser) and managing TOTP, passkeys and recovery codes on "Mein Zugang".
import { startAuthentication, startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import {
  ZFactorChangeResult,
  ZFactors,
  ZSecondFactorRequired,
  ZTotpSetup,
  ZWebAuthnOptions,
  type TFactorChangeResult,
  type TFactors,
  type TSecondFactorRequest,
  type TSecondFactorRequired,
  type TTotpSetup,
} from '../../../api/factors.ts';
import { ZSession, type TSession } from '../../../api/identity.ts';
import { request, requestWithoutBody, type ApiResponse } from './api.ts';
import { signedIn } from './identity.ts';

/** The browser's answer when the user closed the passkey prompt or it timed out. */
export function isPasskeyCancelled(error: unknown): boolean {
  return error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError' || (error as { code?: string }).code === 'ERROR_CEREMONY_ABORTED');
}

// Signing in

export async function fetchSecondFactor(signal?: AbortSignal): Promise<TSecondFactorRequired> {
  return (await request('/api/v1/auth/second-factor', ZSecondFactorRequired, { signal })).data;
}

export async function submitSecondFactor(body: TSecondFactorRequest): Promise<ApiResponse<TSession>> {
  return request('/api/v1/auth/second-factor', ZSession, { method: 'POST', body });
}

/**
 * Signs in with a passkey: the server's options, the browser's prompt, the server's check. After
 * the password (a half-finished sign-in) only that login's passkeys are offered.
 */
export async function signInWithPasskey(): Promise<ApiResponse<TSession>> {
  const { challengeId, options } = (await request('/api/v1/auth/passkey/options', ZWebAuthnOptions, { method: 'POST' })).data;
  const credential = await startAuthentication({ optionsJSON: options });
  return request('/api/v1/auth/passkey', ZSession, { method: 'POST', body: { challengeId, credential } });
}

// Signed in

/** Confirms the password for the next five minutes of sensitive changes. */
export async function reauthenticate(password: string): Promise<void> {
  await signedIn(() => requestWithoutBody('/api/v1/auth/reauth', { method: 'POST', body: { password } }));
}

export async function listFactors(signal?: AbortSignal): Promise<TFactors> {
  return signedIn(async () => (await request('/api/v1/me/factors', ZFactors, { signal })).data);
}

export async function startTotpSetup(): Promise<TTotpSetup> {
  return signedIn(async () => (await request('/api/v1/me/factors/totp', ZTotpSetup, { method: 'POST' })).data);
}

export async function confirmTotp(code: string): Promise<TFactorChangeResult> {
  return signedIn(async () => (await request('/api/v1/me/factors/totp/confirm', ZFactorChangeResult, { method: 'POST', body: { code } })).data);
}

export async function disableTotp(): Promise<TFactors> {
  return signedIn(async () => (await request('/api/v1/me/factors/totp', ZFactors, { method: 'DELETE' })).data);
}

export async function renewRecoveryCodes(): Promise<TFactorChangeResult> {
  return signedIn(async () => (await request('/api/v1/me/factors/recovery-codes', ZFactorChangeResult, { method: 'POST' })).data);
}

/** Creates a passkey in the browser (or on a phone) and saves it under `label`. */
export async function addPasskey(label: string): Promise<TFactorChangeResult> {
  return signedIn(async () => {
    const { challengeId, options } = (await request('/api/v1/me/factors/passkeys/options', ZWebAuthnOptions, { method: 'POST' })).data;
    const credential = await startRegistration({ optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON });
    return (await request('/api/v1/me/factors/passkeys', ZFactorChangeResult, { method: 'POST', body: { challengeId, label, credential } })).data;
  });
}

export async function removePasskey(id: string): Promise<TFactors> {
  return signedIn(async () => (await request(`/api/v1/me/factors/passkeys/${encodeURIComponent(id)}`, ZFactors, { method: 'DELETE' })).data);
}
