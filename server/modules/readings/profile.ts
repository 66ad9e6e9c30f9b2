// Calendar days and the seasonal consumption profile behind the plausibility check.
//
// Days are "epoch days" (days since 1970-01-01) of the utility's local calendar, so periods are
// integer arithmetic. A reading dated D is the meter state at the end of local day D; the
// consumption between readings on A and B is that of the days A+1 … B.
//
// The expected consumption of a day is the annual forecast times the day's share of its year:
//   weight(d) = season(d) × hours(d) / 24,   share(d) = weight(d) / Σ weight over d's calendar year
// season(d) = 1 + a × cos(2π × (dayOfYear(d) + 10) / daysInYear): the peak falls on 21/22 December,
// the trough in late June. Amplitudes (documented approximations, ADR 0013):
//   electricity  0.18  BDEW H0 household profile: the dynamised H0 has winter days about 1.2× and
//                      summer days about 0.8× the annual mean (DOMAIN.md §3 allows such an approximation)
//   gas          0.82  space heating plus hot water: midwinter days up to 10× midsummer days (SLP gas, households)
//   heat         0.75  district heating: like gas, slightly more base load (hot water)
//   water       -0.12  flat with a little more in summer (garden)
//   feed_in     -0.66  rooftop PV: a June day brings about five times a December day
// hours(d) is 23 on the day clocks go forward and 25 on the day they go back (tenant time zone), so
// DST days carry 23/24 and 25/24 of a normal day. Normalising per calendar year makes every year,
// leap or not, sum to exactly the annual forecast; 29 February is an ordinary day of its season.
import type { TDivision } from '../../../api/tenant.ts';

export const DAY_MS = 86_400_000;

export type ProfileKind = TDivision | 'feed_in';

const amplitude: Record<ProfileKind, number> = { electricity: 0.18, gas: 0.82, heat: 0.75, water: -0.12, feed_in: -0.66 };

/** The epoch day of a YYYY-MM-DD date, or null when it is no real calendar date. */
export function parseDay(iso: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const day = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
  return isoDay(day) === iso ? day : null;
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

export function firstDayOfYear(year: number): number {
  return Date.UTC(year, 0, 1) / DAY_MS;
}

export function daysInYear(year: number): number {
  return firstDayOfYear(year + 1) - firstDayOfYear(year);
}

/** The same calendar date a year earlier (29 February becomes 28 February). */
export function sameDayYearBefore(day: number): number {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear() - 1;
  const month = date.getUTCMonth();
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(date.getUTCDate(), lastOfMonth)) / DAY_MS;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of local time from UTC (ms) at an instant, from the platform's time-zone data. */
function utcOffsetMs(timeZone: string, utcMs: number): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant (ms) at which a local day begins. */
function localMidnightUtcMs(day: number, timeZone: string): number {
  const wall = day * DAY_MS;
  const first = wall - utcOffsetMs(timeZone, wall);
  return wall - utcOffsetMs(timeZone, first);
}

/** Hours of a local day: 24, or 23/25 on the days the clocks change. */
export function hoursOfDay(day: number, timeZone: string): number {
  return (localMidnightUtcMs(day + 1, timeZone) - localMidnightUtcMs(day, timeZone)) / 3_600_000;
}

/** Relative consumption of a day by season (mean about 1 over a year). */
export function seasonFactor(kind: ProfileKind, day: number): number {
  const year = yearOf(day);
  const dayOfYear = day - firstDayOfYear(year);
  return 1 + amplitude[kind] * Math.cos((2 * Math.PI * (dayOfYear + 10)) / daysInYear(year));
}

const cumulativeCache = new Map<string, Float64Array>();

/** Cumulative shares of a year: entry i = share of the year's first i days (entry 0 = 0, last = 1). */
function cumulativeShares(kind: ProfileKind, year: number, timeZone: string): Float64Array {
  const key = `${kind}|${timeZone}|${String(year)}`;
  const cached = cumulativeCache.get(key);
  if (cached) return cached;
  const first = firstDayOfYear(year);
  const days = daysInYear(year);
  const cumulative = new Float64Array(days + 1);
  for (let i = 0; i < days; i++) {
    cumulative[i + 1] = (cumulative[i] ?? 0) + (seasonFactor(kind, first + i) * hoursOfDay(first + i, timeZone)) / 24;
  }
  const total = cumulative[days] ?? 1;
  for (let i = 0; i <= days; i++) cumulative[i] = (cumulative[i] ?? 0) / total;
  cumulativeCache.set(key, cumulative);
  return cumulative;
}

/** Share of the annual consumption that falls on the days after `after` up to and including `until`, in years. */
export function shareBetween(kind: ProfileKind, after: number, until: number, timeZone: string): number {
  if (until <= after) return 0;
  // Σ over d in (after, until] = C(until + 1) - C(after + 1), with C(x) = share of all days before x.
  return cumulativeBefore(kind, until + 1, timeZone) - cumulativeBefore(kind, after + 1, timeZone);
}

/** Share of all days before `day`, counted in years from the start of 1970's profile (whole years count 1). */
function cumulativeBefore(kind: ProfileKind, day: number, timeZone: string): number {
  const year = yearOf(day);
  return year + (cumulativeShares(kind, year, timeZone)[day - firstDayOfYear(year)] ?? 0);
}

/** The share of one day in its year. */
export function dayShare(kind: ProfileKind, day: number, timeZone: string): number {
  return shareBetween(kind, day - 1, day, timeZone);
}

/** Expected consumption (milli-units) of the days after `after` up to `until` for an annual amount. */
export function expectedBetween(annualMilli: number, kind: ProfileKind, after: number, until: number, timeZone: string): number {
  return annualMilli * shareBetween(kind, after, until, timeZone);
}
