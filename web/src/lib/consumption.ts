// Consumption (Verbrauch): queries, download addresses, the page state in the address bar and the
// formatting of quantities, periods and quarter hours.
import { intlLocale } from './format.ts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  ZConsumptionOverview,
  ZIntervalView,
  ZMonthView,
  ZProjections,
  ZYearsView,
  ZYearView,
  type TConsumptionMeter,
  type TConsumptionOverview,
  type TConsumptionRegister,
  type TDateRange,
  type TRegisterUnit,
} from '../../../api/consumption.ts';
import type { TLocale } from '../../../api/tenant.ts';
import { getJson } from './api.ts';
import { ME_KEY, useSession } from './session.ts';

const BASE = '/api/v1/customer/consumption';

function useAccountKey(): readonly unknown[] {
  return [...ME_KEY, 'consumption', useSession()?.selectedCustomerId ?? null];
}

export function useConsumptionOverview() {
  return useQuery({ queryKey: [...useAccountKey(), 'overview'], queryFn: ({ signal }) => getJson(BASE, ZConsumptionOverview, signal) });
}

export function useProjections() {
  return useQuery({ queryKey: [...useAccountKey(), 'projections'], queryFn: ({ signal }) => getJson(`${BASE}/projections`, ZProjections, signal) });
}

function registerUrl(registerId: string, path: string, query: Record<string, string> = {}): string {
  const search = new URLSearchParams(query).toString();
  return `${BASE}/registers/${encodeURIComponent(registerId)}/${path}${search ? `?${search}` : ''}`;
}

/** Previous data stays on screen while the next period loads (no jumping layout). */
const keep = { placeholderData: keepPreviousData };

export function useYearsView(registerId: string) {
  return useQuery({ queryKey: [...useAccountKey(), registerId, 'years'], queryFn: ({ signal }) => getJson(registerUrl(registerId, 'years'), ZYearsView, signal), ...keep });
}

export function useYearView(registerId: string, year: number) {
  return useQuery({
    queryKey: [...useAccountKey(), registerId, 'year', year],
    queryFn: ({ signal }) => getJson(registerUrl(registerId, 'year', { year: String(year) }), ZYearView, signal),
    ...keep,
  });
}

export function useMonthView(registerId: string, month: string) {
  return useQuery({
    queryKey: [...useAccountKey(), registerId, 'month', month],
    queryFn: ({ signal }) => getJson(registerUrl(registerId, 'month', { month }), ZMonthView, signal),
    ...keep,
  });
}

/** The 15-minute values of the whole month of a day: moving between days of a month needs no request. */
export function useIntervalMonth(registerId: string, day: string) {
  const month = day.slice(0, 7);
  const { from, to } = monthBounds(month);
  return useQuery({
    queryKey: [...useAccountKey(), registerId, 'intervals', month],
    queryFn: ({ signal }) => getJson(registerUrl(registerId, 'intervals', { from, to }), ZIntervalView, signal),
    ...keep,
  });
}

export function historyDownloadUrl(registerId: string, format: 'csv' | 'json', locale: TLocale): string {
  return registerUrl(registerId, `history.${format}`, { locale });
}

export function intervalDownloadUrl(registerId: string, format: 'csv' | 'json', from: string, to: string, locale: TLocale): string {
  return registerUrl(registerId, `intervals.${format}`, { from, to, locale });
}

// ---------------------------------------------------------------------------------------------
// Dates (YYYY-MM-DD strings; arithmetic in UTC, which has no clock changes)

const DAY_MS = 86_400_000;

export function dayNumber(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function monthBounds(month: string): { from: string; to: string } {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return { from: `${month}-01`, to: isoDay(Date.UTC(year, m, 1) / DAY_MS - 1) };
}

export function shiftMonth(month: string, by: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by;
  return `${String(Math.floor(index / 12))}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function isValidIsoDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && isoDay(dayNumber(value)) === value;
}

// ---------------------------------------------------------------------------------------------
// Page state in the address bar: ?zaehler=<register>&ansicht=monate&zeitraum=2026&einheit=kwh

export const views = ['jahre', 'monate', 'tage', 'viertelstunden'] as const;
export type View = (typeof views)[number];

export type PageState = { registerId: string; view: View; period: string; unit: 'kwh' | 'm3' };

/** The first and last day with values of a register (daily values, readings or 15-minute values). */
export function dataRange(register: TConsumptionRegister): TDateRange | null {
  const ranges = [register.daily, register.intervals, register.readings].filter((r): r is TDateRange => r !== null);
  if (ranges.length === 0) return null;
  return { from: ranges.map((r) => r.from).sort()[0] ?? '', to: ranges.map((r) => r.to).sort().at(-1) ?? '' };
}

/** Views a register can show: months and years always, days with daily values, quarter hours with 15-minute values. */
export function viewsOf(register: TConsumptionRegister): View[] {
  return views.filter((view) => (view === 'tage' ? register.daily !== null : view === 'viertelstunden' ? register.intervals !== null : true));
}

export type RegisterChoice = { register: TConsumptionRegister; meter: TConsumptionMeter; premiseAddress: string };

export function registerChoices(overview: TConsumptionOverview): RegisterChoice[] {
  return overview.premises.flatMap((premise) => premise.meters.flatMap((meter) => meter.registers.map((register) => ({ register, meter, premiseAddress: premise.address }))));
}

/** The register to show first: one of a meter still installed that has data. */
export function defaultChoice(choices: readonly RegisterChoice[]): RegisterChoice | undefined {
  return (
    choices.find((c) => c.meter.removedOn === null && dataRange(c.register) !== null && !c.register.feedIn) ??
    choices.find((c) => dataRange(c.register) !== null) ??
    choices[0]
  );
}

/** The default period of a view: the one holding the register's latest value (or today). */
export function defaultPeriod(view: View, register: TConsumptionRegister, today: string): string {
  const last = view === 'viertelstunden' ? (register.intervals?.to ?? today) : view === 'tage' ? (register.daily?.to ?? today) : (dataRange(register)?.to ?? today);
  if (view === 'monate' || view === 'jahre') return last.slice(0, 4);
  if (view === 'tage') return last.slice(0, 7);
  return last;
}

/** Is `period` well-formed for `view`? */
export function periodFits(view: View, period: string): boolean {
  if (view === 'monate' || view === 'jahre') return /^\d{4}$/.test(period);
  if (view === 'tage') return /^\d{4}-(0[1-9]|1[0-2])$/.test(period);
  return isValidIsoDay(period);
}

// ---------------------------------------------------------------------------------------------
// Formatting

const unitText: Record<TRegisterUnit, string> = { kWh: 'kWh', m3: 'm³' };

export function unitLabel(unit: TRegisterUnit | 'kWh'): string {
  return unitText[unit];
}

/** A quantity in milli-units as "1.234,5 kWh"; `digits` fraction digits at most. */
export function formatQuantity(milli: number, unit: TRegisterUnit | 'kWh', locale: TLocale, digits: number): string {
  return `${formatNumber(milli / 1000, locale, digits)} ${unitLabel(unit)}`;
}

export function formatNumber(value: number, locale: TLocale, digits: number, minimumDigits = 0): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: digits, minimumFractionDigits: Math.min(minimumDigits, digits) }).format(value);
}

/** Sensible precision: whole units for big numbers, more digits for small ones. */
export function digitsFor(milli: number): number {
  const abs = Math.abs(milli / 1000);
  if (abs >= 100) return 0;
  if (abs >= 10) return 1;
  if (abs >= 1) return 2;
  return 3;
}

/** A percentage change "+4 %" / "−12 %"; null when there is nothing to compare with. */
export function changePercent(current: number, previous: number): number | null {
  if (previous <= 0) return null;
  return Math.round(((current - previous) / previous) * 100);
}

export function formatDate(iso: string, locale: TLocale, style: 'short' | 'medium' | 'weekday' = 'short'): string {
  const options: Intl.DateTimeFormatOptions =
    style === 'weekday'
      ? { weekday: 'short', day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' }
      : style === 'medium'
        ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
        : { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(intlLocale(locale), options).format(new Date(`${iso}T00:00:00Z`));
}

/** "März 2026" / "March 2026"; `short`: "Mär" / "Mar". */
export function formatMonth(month: string, locale: TLocale, style: 'long' | 'short' | 'name' = 'long'): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  if (style === 'short') return new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', timeZone: 'UTC' }).format(date).replace('.', '');
  if (style === 'name') return new Intl.DateTimeFormat(intlLocale(locale), { month: 'long', timeZone: 'UTC' }).format(date);
  return new Intl.DateTimeFormat(intlLocale(locale), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

const QUARTER_MS = 900_000;

/** Local wall-clock time of quarter hour i of a day that starts at `start` (an instant), "02:15". */
export function quarterTime(start: string, index: number, timeZone: string, locale: TLocale): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(Date.parse(start) + index * QUARTER_MS));
}

/** The zone abbreviation at quarter hour i ("MESZ", "MEZ" / "CEST", "CET"), to tell the doubled hour apart. */
export function quarterZone(start: string, index: number, timeZone: string, locale: TLocale): string {
  const parts = new Intl.DateTimeFormat(intlLocale(locale), { timeZoneName: 'short', timeZone }).formatToParts(new Date(Date.parse(start) + index * QUARTER_MS));
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}
