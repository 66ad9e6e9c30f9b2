// Consumption per day of one register, from measured daily values where they exist and from meter
// readings elsewhere: the consumption between two readings (never across meters: readings belong to
// one register of one meter) minus what daily values already cover, spread over the remaining days
// with the seasonal profile. Then sums per day, month or year, and the previous-year comparison.
// Pure functions on epoch days; the service loads the rows.
import type { TComparison, TPeriodValue, TValueSource } from '../../../api/consumption.ts';
import { sameDayPreviousYear } from './calendar.ts';

/** Quality code of a true value (EDIFACT 220); everything else is a substitute, proposal or provisional. */
export const TRUE_VALUE = 220;

export type DailyValue = { milli: number; quality: number };

/** A meter reading: the meter state at the end of `day`, in the register unit. */
export type Reading = { day: number; value: number };

export type ReadingPeriod = {
  /** First day of consumption (the day after the earlier reading). */
  from: number;
  /** Day of the later reading. */
  to: number;
  startValue: number;
  endValue: number;
  milli: number;
  /** The meter ran over its last digit in between (new + 10^digits - old). */
  rollover: boolean;
};

/**
 * A rollover is believed only when the meter would have counted less than a tenth of its range
 * (999 950 -> 120 on six digits); a lower reading otherwise is a correction, not consumption.
 */
const MAX_ROLLOVER_SHARE = 0.1;

/**
 * The consumption between consecutive readings of one register. Several readings on one day: the
 * last counts. Periods whose later reading is lower without a believable rollover are left out.
 */
export function readingPeriods(readings: readonly Reading[], digits: number): ReadingPeriod[] {
  const byDay = new Map<number, number>();
  for (const reading of readings) byDay.set(reading.day, reading.value);
  const ordered = [...byDay.entries()].sort((a, b) => a[0] - b[0]);
  const periods: ReadingPeriod[] = [];
  const range = 10 ** digits;
  for (let i = 1; i < ordered.length; i++) {
    const [fromDay, startValue] = ordered[i - 1] as [number, number];
    const [toDay, endValue] = ordered[i] as [number, number];
    let delta = endValue - startValue;
    let rollover = false;
    if (delta < 0) {
      const wrapped = endValue + range - startValue;
      if (wrapped > range * MAX_ROLLOVER_SHARE) continue;
      delta = wrapped;
      rollover = true;
    }
    periods.push({ from: fromDay + 1, to: toDay, startValue, endValue, milli: Math.round(delta * 1000), rollover });
  }
  return periods;
}

export type DayPoint = {
  /** Milli-units (fractional where spread from readings); null without data. */
  milli: number | null;
  source: TValueSource | null;
  substitute: boolean;
  /** Index of the reading period a spread value belongs to. */
  period: number | null;
};

const EMPTY: DayPoint = { milli: null, source: null, substitute: false, period: null };

/**
 * The days from..to. `daily` must hold every daily value of the reading periods that overlap the
 * range (the repository's `seriesRows` loads them), so what they already cover can be subtracted. `weight` is a day's share
 * of its year by the seasonal profile (readings/profile.ts).
 */
export function daySeries(weight: (day: number) => number, from: number, to: number, daily: ReadonlyMap<number, DailyValue>, periods: readonly ReadingPeriod[]): DayPoint[] {
  const points: DayPoint[] = [];
  for (let day = from; day <= to; day++) {
    const value = daily.get(day);
    points.push(value ? { milli: value.milli, source: 'daily', substitute: value.quality !== TRUE_VALUE, period: null } : EMPTY);
  }
  periods.forEach((period, index) => {
    if (period.to < from || period.from > to) return;
    let covered = 0;
    let openWeight = 0;
    for (let day = period.from; day <= period.to; day++) {
      const value = daily.get(day);
      if (value) covered += value.milli;
      else openWeight += weight(day);
    }
    if (openWeight === 0) return;
    const rest = Math.max(0, period.milli - covered);
    for (let day = Math.max(from, period.from); day <= Math.min(to, period.to); day++) {
      if (daily.has(day)) continue;
      points[day - from] = { milli: (rest * weight(day)) / openWeight, source: 'readings', substitute: false, period: index };
    }
  });
  return points;
}

/**
 * Sums the points (starting at `seriesFrom`) over a period from..to. `today` bounds the days a
 * running period counts.
 */
export function sumPeriod(points: readonly DayPoint[], seriesFrom: number, key: string, from: number, to: number, today: number): TPeriodValue {
  let milli = 0;
  let withData = 0;
  let substitute = false;
  const sources = new Set<TValueSource>();
  for (let day = from; day <= to; day++) {
    const point = points[day - seriesFrom];
    if (!point || point.milli === null || point.source === null) continue;
    milli += point.milli;
    withData += 1;
    sources.add(point.source);
    substitute ||= point.substitute;
  }
  return {
    period: key,
    milli: withData > 0 ? Math.round(milli) : null,
    daysWithData: withData,
    days: Math.max(0, Math.min(to, today) - from + 1),
    sources: (['daily', 'readings'] as const).filter((s) => sources.has(s)),
    substitute,
  };
}

/**
 * The days of from..to that have data in both years, with their sums: this year against the same
 * calendar days a year earlier (29 February has no counterpart and is left out).
 */
export function compareWithPreviousYear(points: readonly DayPoint[], seriesFrom: number, from: number, to: number): TComparison | null {
  let current = 0;
  let previous = 0;
  let days = 0;
  for (let day = from; day <= to; day++) {
    const now = points[day - seriesFrom];
    const before = sameDayPreviousYear(day);
    if (before === null || before < seriesFrom || !now || now.milli === null) continue;
    const then = points[before - seriesFrom];
    if (!then || then.milli === null) continue;
    current += now.milli;
    previous += then.milli;
    days += 1;
  }
  return days === 0 ? null : { currentMilli: Math.round(current), previousMilli: Math.round(previous), days };
}

/** Runs of consecutive days that come from the same source (one daily value, or one reading period). */
export type SeriesRow = {
  from: number;
  to: number;
  milli: number;
  source: TValueSource;
  substitute: boolean;
  /** The readings at both ends when the row is a whole reading period. */
  readings: { start: number; end: number } | null;
};

/** The rows of a history download: one per daily value, one per (part of a) reading period. */
export function historyRows(points: readonly DayPoint[], seriesFrom: number, periods: readonly ReadingPeriod[]): SeriesRow[] {
  const rows: SeriesRow[] = [];
  let open: (SeriesRow & { period: number }) | null = null;
  const flush = (): void => {
    if (!open) return;
    const { period: index, ...row } = open;
    const period = periods[index];
    const whole = period !== undefined && period.from === row.from && period.to === row.to;
    rows.push({ ...row, milli: Math.round(row.milli), readings: whole ? { start: period.startValue, end: period.endValue } : null });
    open = null;
  };
  points.forEach((point, i) => {
    const day = seriesFrom + i;
    if (point.milli === null || point.source === null) {
      flush();
      return;
    }
    if (point.source === 'daily') {
      flush();
      rows.push({ from: day, to: day, milli: point.milli, source: 'daily', substitute: point.substitute, readings: null });
      return;
    }
    if (open && open.period === point.period && open.to === day - 1) {
      open.to = day;
      open.milli += point.milli;
      return;
    }
    flush();
    open = { from: day, to: day, milli: point.milli, source: 'readings', substitute: false, readings: null, period: point.period ?? -1 };
  });
  flush();
  return rows;
}
