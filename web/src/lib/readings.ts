// Meter readings (Zählerstände): the account's meters, the check (review step), the submission and a
// meter's history; formatting of readings, units and dates for the page.
import { intlLocale } from './format.ts';
import { z } from 'zod';
import {
  ZMeter,
  ZReadingCheck,
  ZReadingHistory,
  ZReadingSubmission,
  type TReadingCheck,
  type TReadingCheckRequest,
  type TReadingSubmission,
  type TReadingSubmitRequest,
  type TRegisterUnit,
} from '../../../api/readings.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { getJson, request } from './api.ts';

export const METERS_KEY = ['meters'] as const;

export function historyKey(meterId: string) {
  return [...METERS_KEY, meterId, 'history'] as const;
}

function meterUrl(meterId: string): string {
  return `/api/v1/customer/meters/${encodeURIComponent(meterId)}`;
}

export function listMeters(signal?: AbortSignal) {
  return getJson('/api/v1/customer/meters', z.array(ZMeter), signal);
}

export function meterHistory(meterId: string, signal?: AbortSignal) {
  return getJson(`${meterUrl(meterId)}/readings`, ZReadingHistory, signal);
}

export async function checkReading(meterId: string, body: TReadingCheckRequest): Promise<TReadingCheck> {
  return (await request(`${meterUrl(meterId)}/readings/check`, ZReadingCheck, { method: 'POST', body })).data;
}

export async function submitReading(meterId: string, body: TReadingSubmitRequest): Promise<TReadingSubmission> {
  return (await request(`${meterUrl(meterId)}/readings`, ZReadingSubmission, { method: 'POST', body })).data;
}

/** "12.345,6 kWh" / "12,345.6 m³" from the API's decimal string. */
export function formatReading(value: string, unit: TRegisterUnit, locale: TLocale): string {
  const number = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 3 }).format(Number(value));
  return `${number} ${unitLabel(unit)}`;
}

export function unitLabel(unit: TRegisterUnit): string {
  return unit === 'm3' ? 'm³' : 'kWh';
}

/** A random key per review: sending the same reading twice books it once. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
