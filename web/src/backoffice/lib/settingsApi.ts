// The tenant settings for admins (/api/v1/backoffice/settings): read, change one section at a time
// (with the version read, so a concurrent change by another admin is refused with 409), and the
// live test of a customer-number pattern.
import {
  ZNumberFormatTestResult,
  ZSettings,
  type TNumberFormatTestResult,
  type TSettings,
  type TSettingsPatch,
} from '../../../../api/settings.ts';
import { get, send } from './api.ts';

export function getSettings(signal?: AbortSignal): Promise<TSettings> {
  return get('/settings', ZSettings, signal);
}

/** Changes the sections in `patch`; `version` is the one read (409 when the settings changed meanwhile). */
export function updateSettings(patch: Omit<TSettingsPatch, 'version'>, version: string): Promise<TSettings> {
  return send('/settings', ZSettings, { method: 'PATCH', body: { ...patch, version } });
}

export function testNumberFormat(pattern: string, value: string, signal?: AbortSignal): Promise<TNumberFormatTestResult> {
  return send('/settings/number-format-test', ZNumberFormatTestResult, { method: 'POST', body: { pattern, value }, ...(signal ? { signal } : {}) });
}
