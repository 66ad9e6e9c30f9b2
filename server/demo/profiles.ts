// Calendar, time-zone and load-profile helpers for the demo data. Days are "epoch days" (days since
// 1970-01-01), so date arithmetic is integer arithmetic; local days follow the tenant's time zone.

export const DAY_MS = 86_400_000;
const QUARTER_MS = 900_000;

export function dayNumber(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new Error(`expected YYYY-MM-DD, got ${isoDate}`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const day = ms / DAY_MS;
  if (isoDay(day) !== isoDate) throw new Error(`invalid date: ${isoDate}`);
  return day;
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Civil date of an epoch day (H. Hinnant's days-to-civil algorithm; no Date objects in hot loops). */
export function dateParts(day: number): { year: number; month: number; dayOfMonth: number; weekday: number } {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dayOfMonth = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, dayOfMonth, weekday: (((day + 4) % 7) + 7) % 7 };
}

export function dayOf(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / DAY_MS;
}

export function daysInYear(year: number): number {
  return dayOf(year + 1, 1, 1) - dayOf(year, 1, 1);
}

/** Day of the year, 0-based. */
export function dayOfYear(day: number): number {
  return day - dayOf(dateParts(day).year, 1, 1);
}

// ---------------------------------------------------------------------------------------------
// Time zones: offsets come from the platform's time-zone data, never from assumptions.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of local time from UTC in milliseconds at the instant utcMs. */
export function utcOffsetMs(timeZone: string, utcMs: number): number {
  const parts = formatter(timeZone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

const midnightCache = new Map<string, number>();

/** The UTC instant (ms) of local midnight starting the given day. */
export function localMidnightUtcMs(day: number, timeZone: string): number {
  const key = `${timeZone}|${day}`;
  const cached = midnightCache.get(key);
  if (cached !== undefined) return cached;
  const wall = day * DAY_MS;
  let utc = wall - utcOffsetMs(timeZone, wall);
  utc = wall - utcOffsetMs(timeZone, utc);
  midnightCache.set(key, utc);
  return utc;
}

/** Number of quarter hours in a local day: 96, or 92/100 on the days clocks change. */
export function quarterHoursOfDay(day: number, timeZone: string): number {
  return (localMidnightUtcMs(day + 1, timeZone) - localMidnightUtcMs(day, timeZone)) / QUARTER_MS;
}

const minutesCache = new Map<string, Int16Array>();

/** Local wall-clock minute of the day at the start of each quarter hour of the local day. */
export function localQuarterMinutes(day: number, timeZone: string): Int16Array {
  const key = `${timeZone}|${day}`;
  const cached = minutesCache.get(key);
  if (cached) return cached;
  const start = localMidnightUtcMs(day, timeZone);
  const count = quarterHoursOfDay(day, timeZone);
  const minutes = new Int16Array(count);
  if (count === 96) {
    for (let i = 0; i < 96; i++) minutes[i] = i * 15;
  } else {
    for (let i = 0; i < count; i++) {
      const instant = start + i * QUARTER_MS;
      const local = instant + utcOffsetMs(timeZone, instant);
      minutes[i] = Math.round((local - day * DAY_MS) / 60_000);
    }
  }
  minutesCache.set(key, minutes);
  return minutes;
}

// ---------------------------------------------------------------------------------------------
// Deterministic noise: a small fast PRNG (mulberry32) seeded per register, independent of order.

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, max: number): number {
    return min + Math.floor((max - min + 1) * this.next());
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

/** FNV-1a hash of a string, as a PRNG seed. */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Consumption model. A documented approximation of the standard profiles (DOMAIN.md §3): the daily
// share follows a cosine over the year (winter peak for electricity and gas, summer peak for water),
// the household day has a night base, a morning and a stronger evening peak.

export type Division = 'electricity' | 'gas' | 'water';

const seasonalAmplitude: Record<Division, number> = { electricity: 0.18, gas: 0.82, water: -0.12 };

/** Relative daily consumption (mean 1 over a year); peaks around the turn of the year (water: mid-summer). */
export function seasonalFactor(division: Division, day: number): number {
  const phase = (2 * Math.PI * (dayOfYear(day) + 10)) / 365.25;
  return 1 + seasonalAmplitude[division] * Math.cos(phase);
}

/** 0 in mid-summer, 1 in mid-winter. */
export function winterness(day: number): number {
  return (1 + Math.cos((2 * Math.PI * (dayOfYear(day) + 10)) / 365.25)) / 2;
}

function bell(hour: number, centre: number, width: number): number {
  const d = (hour - centre) / width;
  return Math.exp(-0.5 * d * d);
}

/** Household load shape weight at a local minute of the day (not normalised). */
export function householdShape(minute: number, weekend: boolean, winter: number): number {
  const hour = (minute + 7.5) / 60;
  const morning = weekend ? 0.75 * bell(hour, 9.25, 1.4) : 0.95 * bell(hour, 6.9, 0.9);
  const midday = weekend ? 0.85 * bell(hour, 12.6, 1.3) : 0.45 * bell(hour, 12.4, 1.2);
  const evening = (1.15 + 0.45 * winter) * bell(hour, 19.2 - 0.6 * winter, 1.9);
  const night = hour < 5.5 ? -0.12 * bell(hour, 3.5, 1.5) : 0;
  return 0.42 + morning + midday + evening + night;
}

/**
 * Splits an integer total into integer parts proportional to the weights; the parts sum exactly to
 * the total (cumulative rounding).
 */
export function distribute(total: number, weights: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i] ?? 0;
  const result = new Array<number>(weights.length);
  let cumulative = 0;
  let previous = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i] ?? 0;
    const rounded = i === weights.length - 1 ? total : Math.round((total * cumulative) / sum);
    result[i] = rounded - previous;
    previous = rounded;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Feed-in of a rooftop PV system. Generation follows the sun's elevation (NOAA approximation of
// declination, equation of time and hour angle, good to well under a degree); the household uses
// part of it itself, so feed-in starts later and ends earlier than daylight and is zero at night.
// Instants are UTC, so the local days of clock changes (92 or 100 quarter hours) come out right.

export type Site = { latitude: number; longitude: number };

/** Sine of the sun's elevation above the horizon at an instant (negative: below the horizon). */
export function sunElevationSine(utcMs: number, site: Site): number {
  const day = Math.floor(utcMs / DAY_MS);
  const hours = (utcMs - day * DAY_MS) / 3_600_000;
  const gamma = ((2 * Math.PI) / 365) * (dayOfYear(day) + (hours - 12) / 24);
  const equationOfTime =
    229.18 * (0.000075 + 0.001868 * Math.cos(gamma) - 0.032077 * Math.sin(gamma) - 0.014615 * Math.cos(2 * gamma) - 0.040849 * Math.sin(2 * gamma));
  const declination =
    0.006918 -
    0.399912 * Math.cos(gamma) +
    0.070257 * Math.sin(gamma) -
    0.006758 * Math.cos(2 * gamma) +
    0.000907 * Math.sin(2 * gamma) -
    0.002697 * Math.cos(3 * gamma) +
    0.00148 * Math.sin(3 * gamma);
  const solarMinutes = hours * 60 + equationOfTime + 4 * site.longitude;
  const hourAngle = ((solarMinutes / 4 - 180) * Math.PI) / 180;
  const latitude = (site.latitude * Math.PI) / 180;
  return Math.sin(latitude) * Math.sin(declination) + Math.cos(latitude) * Math.cos(declination) * Math.cos(hourAngle);
}

/** Share of a clear-sky peak the household uses itself (no feed-in below it). */
const SELF_CONSUMPTION = 0.06;
const clearSkyCache = new Map<string, Float64Array>();

/**
 * Clear-sky feed-in weight of each quarter hour of a local day (index i = i-th quarter hour after
 * local midnight; 92, 96 or 100 entries). Zero while the sun is down or low.
 */
export function clearSkyFeedIn(day: number, timeZone: string, site: Site): Float64Array {
  const key = `${timeZone}|${site.latitude}|${site.longitude}|${day}`;
  const cached = clearSkyCache.get(key);
  if (cached) return cached;
  const start = localMidnightUtcMs(day, timeZone);
  const count = quarterHoursOfDay(day, timeZone);
  const weights = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const sine = sunElevationSine(start + i * QUARTER_MS + QUARTER_MS / 2, site);
    weights[i] = sine > 0 ? Math.max(0, sine ** 1.25 - SELF_CONSUMPTION) : 0;
  }
  clearSkyCache.set(key, weights);
  return weights;
}

/** Sum of the clear-sky weights of a local day (the day's feed-in potential, arbitrary unit). */
export function clearSkyFeedInOfDay(day: number, timeZone: string, site: Site): number {
  let sum = 0;
  for (const w of clearSkyFeedIn(day, timeZone, site)) sum += w;
  return sum;
}
