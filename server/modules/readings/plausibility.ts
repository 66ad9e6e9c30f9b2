// Plausibility of a meter reading (DOMAIN.md §3, ADR 0013): a pure function of the meter, its
// registers' readings, the expected consumption and the utility's bands. No database, no clock.
//
// Hard errors (cannot be sent): a date that is no date, in the future, before the meter's
// installation or the start of supply, on or before the last reading, after the meter's removal;
// a value that is empty, no number, negative, with more digits or decimals than the register has,
// lower than the last reading when a rollover is not plausible either; a consumption outside the
// block band. Warnings (sent only when the customer confirms them with a comment): outside the warn
// band, zero consumption, more than twice the comparable consumption of the year before.
//
// Comparisons use only readings of the same meter (registers belong to one meter), so a reading is
// never compared across a meter exchange; estimated readings and rejected ones are no basis.
import type { TReadingSource, TReadingStatus } from '../../../api/readings.ts';
import type { TLocale, TTenantConfig } from '../../../api/tenant.ts';
import { expectedBetween, parseDay, sameDayYearBefore, shareBetween, type ProfileKind } from './profile.ts';
import { parseReadingValue } from './value.ts';

export type Bands = TTenantConfig['plausibility'];

export type HistoryReading = { readOn: string; milli: number; source: TReadingSource; status: TReadingStatus };

export type RegisterInput = {
  id: string;
  digits: number;
  decimals: number;
  profile: ProfileKind;
  /** Expected annual consumption of this register in milli-units, null when unknown. */
  annualMilli: number | null;
  /** The register's readings (this meter only), any order. */
  history: readonly HistoryReading[];
};

export type CheckInput = {
  meter: {
    installedOn: string;
    removedOn: string | null;
    /** Start of the customer's supply at this meter, when it is later than the installation. */
    supplyStart: string | null;
    registers: readonly RegisterInput[];
  };
  readOn: string;
  /** One raw value per register, in the order of meter.registers. */
  values: readonly string[];
  /** Today in the utility's time zone. */
  today: string;
  timeZone: string;
  bands: Bands;
  /** Decides ambiguous thousands groups ("1.234"), see value.ts. */
  locale: TLocale;
};

export type Baseline = { readOn: string; milli: number };

export type DateError =
  | { code: 'date_invalid' }
  | { code: 'date_future'; today: string }
  | { code: 'date_too_early'; earliest: string }
  | { code: 'date_not_after_last'; last: string }
  | { code: 'date_after_removal'; removedOn: string };

export type ValueError =
  | { code: 'value_required' | 'value_not_a_number' | 'value_negative' }
  | { code: 'value_too_many_digits'; digits: number }
  | { code: 'value_too_many_decimals'; decimals: number }
  | { code: 'value_lower_than_last'; last: Baseline }
  | { code: 'value_far_below_expected' | 'value_far_above_expected'; last: Baseline; consumptionMilli: number; expectedMilli: number };

export type FindingCode = 'rollover' | 'zero_consumption' | 'below_expected' | 'above_expected' | 'above_previous_year' | 'first_reading';

export type Finding = {
  code: FindingCode;
  severity: 'info' | 'warning';
  consumptionMilli: number | null;
  expectedMilli: number | null;
  previousYearMilli: number | null;
};

export type RegisterVerdict = {
  registerId: string;
  verdict: 'ok' | 'warning' | 'blocked' | 'error';
  error: ValueError | null;
  milli: number | null;
  consumptionMilli: number | null;
  expectedMilli: number | null;
  baseline: Baseline | null;
  findings: Finding[];
};

export type CheckResult = {
  /** invalid: a date error, or a register with an error or a blocked value. */
  outcome: 'ok' | 'warning' | 'invalid';
  dateError: DateError | null;
  registers: RegisterVerdict[];
};

/** Periods shorter than this are judged against at least this many days' expected consumption (upper limits). */
export const SHORT_PERIOD_DAYS = 14;

/** Readings a comparison may start from: real readings that were not rejected. */
function isBasis(reading: HistoryReading): boolean {
  return reading.status !== 'rejected' && reading.source !== 'estimated';
}

function sortedBasis(history: readonly HistoryReading[]): Array<{ day: number; milli: number }> {
  return history
    .filter(isBasis)
    .map((reading) => ({ day: parseDay(reading.readOn) ?? Number.NaN, milli: reading.milli }))
    .filter((reading) => !Number.isNaN(reading.day))
    .sort((a, b) => a.day - b.day);
}

function maxIso(a: string, b: string | null): string {
  return b !== null && b > a ? b : a;
}

/** The newest date of any reading that was not rejected (estimates included), or null. */
export function lastReadingDate(registers: readonly RegisterInput[]): string | null {
  let last: string | null = null;
  for (const register of registers) {
    for (const reading of register.history) {
      if (reading.status !== 'rejected' && (last === null || reading.readOn > last)) last = reading.readOn;
    }
  }
  return last;
}

/** The earliest date a customer may enter: the day after the last reading, else installation / start of supply. */
export function earliestReadingDate(meter: CheckInput['meter']): string {
  const last = lastReadingDate(meter.registers);
  const start = maxIso(meter.installedOn, meter.supplyStart);
  if (last === null) return start;
  const day = parseDay(last);
  const next = day === null ? start : new Date((day + 1) * 86_400_000).toISOString().slice(0, 10);
  return maxIso(next, start);
}

function checkDate(input: CheckInput): DateError | null {
  const day = parseDay(input.readOn);
  if (day === null) return { code: 'date_invalid' };
  if (input.readOn > input.today) return { code: 'date_future', today: input.today };
  if (input.meter.removedOn !== null && input.readOn > input.meter.removedOn) return { code: 'date_after_removal', removedOn: input.meter.removedOn };
  const last = lastReadingDate(input.meter.registers);
  if (last !== null && input.readOn <= last) return { code: 'date_not_after_last', last };
  const start = maxIso(input.meter.installedOn, input.meter.supplyStart);
  if (input.readOn < start) return { code: 'date_too_early', earliest: start };
  return null;
}

/**
 * The register's value on `day` from its real readings, interpolated along the seasonal profile
 * between the readings around it; null outside their span or across a rollover.
 */
export function valueOn(basis: ReadonlyArray<{ day: number; milli: number }>, day: number, profile: ProfileKind, timeZone: string): number | null {
  for (let i = 0; i < basis.length; i++) {
    const current = basis[i];
    if (!current) continue;
    if (current.day === day) return current.milli;
    const next = basis[i + 1];
    if (!next || !(current.day < day && day < next.day)) continue;
    if (next.milli < current.milli) return null;
    const total = shareBetween(profile, current.day, next.day, timeZone);
    if (total <= 0) return null;
    return current.milli + ((next.milli - current.milli) * shareBetween(profile, current.day, day, timeZone)) / total;
  }
  return null;
}

/** Consumption in the same period one year earlier, from the same register's readings; null when unknown. */
export function previousYearConsumption(register: RegisterInput, afterDay: number, untilDay: number, timeZone: string): number | null {
  const from = sameDayYearBefore(afterDay);
  const to = sameDayYearBefore(untilDay);
  // A period longer than a year overlaps its own previous year: nothing comparable.
  if (to > afterDay) return null;
  const basis = sortedBasis(register.history);
  const start = valueOn(basis, from, register.profile, timeZone);
  const end = valueOn(basis, to, register.profile, timeZone);
  if (start === null || end === null || end < start) return null;
  return end - start;
}

function finding(code: FindingCode, severity: Finding['severity'], values: Partial<Pick<Finding, 'consumptionMilli' | 'expectedMilli' | 'previousYearMilli'>> = {}): Finding {
  return { code, severity, consumptionMilli: values.consumptionMilli ?? null, expectedMilli: values.expectedMilli ?? null, previousYearMilli: values.previousYearMilli ?? null };
}

type Classified = { verdict: 'ok' | 'warning' | 'blocked'; blockedCode?: 'value_far_below_expected' | 'value_far_above_expected'; findings: Finding[] };

/**
 * A consumption against the expected one: `expected` for the period, `expectedUpper` for the upper
 * limits (at least SHORT_PERIOD_DAYS' worth), `tolerance` one unit of the entry's last digit.
 */
function classify(consumption: number, expected: number | null, expectedUpper: number | null, tolerance: number, bands: Bands, previousYear: number | null): Classified {
  const findings: Finding[] = [];
  let verdict: Classified['verdict'] = 'ok';
  if (expected !== null && expectedUpper !== null) {
    const values = { consumptionMilli: consumption, expectedMilli: expected };
    if (consumption === 0) {
      if (expected >= 2 * tolerance) {
        verdict = 'warning';
        findings.push(finding('zero_consumption', 'warning', values));
      }
    } else if (consumption < bands.blockBelow * expected - tolerance) {
      return { verdict: 'blocked', blockedCode: 'value_far_below_expected', findings };
    } else if (consumption > bands.blockAbove * expectedUpper + tolerance) {
      return { verdict: 'blocked', blockedCode: 'value_far_above_expected', findings };
    } else if (consumption < bands.warnBelow * expected - tolerance) {
      verdict = 'warning';
      findings.push(finding('below_expected', 'warning', values));
    } else if (consumption > bands.warnAbove * expectedUpper + tolerance) {
      verdict = 'warning';
      findings.push(finding('above_expected', 'warning', { consumptionMilli: consumption, expectedMilli: expectedUpper }));
    }
  }
  // StromGVV §17: more than twice the comparable consumption of the year before.
  if (previousYear !== null && previousYear >= 2 * tolerance && consumption > 2 * previousYear + tolerance) {
    verdict = 'warning';
    findings.push(finding('above_previous_year', 'warning', { consumptionMilli: consumption, previousYearMilli: previousYear }));
  }
  return { verdict, findings };
}

function checkRegister(input: CheckInput, register: RegisterInput, raw: string, dateOk: boolean): RegisterVerdict {
  const base = { registerId: register.id, milli: null, consumptionMilli: null, expectedMilli: null, baseline: null, findings: [] };
  const fail = (error: ValueError): RegisterVerdict => ({ ...base, verdict: 'error', error });
  const parsed = parseReadingValue(raw, input.locale);
  if (!parsed.ok) {
    if (parsed.code === 'too_many_decimals') return fail({ code: 'value_too_many_decimals', decimals: register.decimals });
    return fail({ code: parsed.code === 'required' ? 'value_required' : parsed.code === 'negative' ? 'value_negative' : 'value_not_a_number' });
  }
  if (parsed.integerDigits > register.digits) return fail({ code: 'value_too_many_digits', digits: register.digits });
  if (parsed.significantDecimals > register.decimals) return fail({ code: 'value_too_many_decimals', decimals: register.decimals });
  const value = parsed.milli;
  const ok: RegisterVerdict = { ...base, verdict: 'ok', error: null, milli: value };
  if (!dateOk) return ok;

  const day = parseDay(input.readOn) ?? 0;
  const basis = sortedBasis(register.history).filter((reading) => reading.day < day);
  const last = basis.at(-1);
  if (!last) return { ...ok, findings: [finding('first_reading', 'info')] };
  const baseline: Baseline = { readOn: new Date(last.day * 86_400_000).toISOString().slice(0, 10), milli: last.milli };

  // One unit of the entry's last digit: who leaves out the decimals reads up to one unit low.
  const tolerance = 10 ** (3 - Math.min(parsed.typedDecimals, 3));
  const lastAtEntryPrecision = Math.floor(last.milli / tolerance) * tolerance;
  const rollover = value < lastAtEntryPrecision;
  const consumption = rollover ? value + 10 ** register.digits * 1000 - last.milli : Math.max(0, value - last.milli);
  const expected = register.annualMilli === null ? null : expectedBetween(register.annualMilli, register.profile, last.day, day, input.timeZone);
  const expectedUpper =
    register.annualMilli === null || expected === null
      ? null
      : Math.max(expected, expectedBetween(register.annualMilli, register.profile, day - SHORT_PERIOD_DAYS, day, input.timeZone));
  const previousYear = previousYearConsumption(register, last.day, day, input.timeZone);
  const classified = classify(consumption, expected, expectedUpper, tolerance, input.bands, previousYear);
  const measured = { ...ok, baseline, consumptionMilli: consumption, expectedMilli: expected === null ? null : Math.round(expected) };

  if (rollover) {
    // Lower than the last value: a meter that ran over 99999 → 00000, but only when that consumption is plausible.
    if (expected === null || classified.verdict === 'blocked') return fail({ code: 'value_lower_than_last', last: baseline });
    return { ...measured, verdict: classified.verdict, findings: [finding('rollover', 'info', { consumptionMilli: consumption }), ...classified.findings] };
  }
  if (classified.verdict === 'blocked') {
    return {
      ...measured,
      verdict: 'blocked',
      error: {
        code: classified.blockedCode ?? 'value_far_above_expected',
        last: baseline,
        consumptionMilli: consumption,
        expectedMilli: Math.round(classified.blockedCode === 'value_far_below_expected' ? (expected ?? 0) : (expectedUpper ?? 0)),
      },
    };
  }
  return { ...measured, verdict: classified.verdict, findings: classified.findings };
}

/** Checks a reading of all registers of a meter on one date. */
export function checkReading(input: CheckInput): CheckResult {
  const dateError = checkDate(input);
  const registers = input.meter.registers.map((register, index) => checkRegister(input, register, input.values[index] ?? '', dateError === null));
  const invalid = dateError !== null || registers.some((r) => r.verdict === 'error' || r.verdict === 'blocked');
  const outcome = invalid ? 'invalid' : registers.some((r) => r.verdict === 'warning') ? 'warning' : 'ok';
  return { outcome, dateError, registers };
}

/**
 * Splits a contract's annual forecast over the registers that measure it (HT/NT): by their shares
 * of the consumption between the first and the last date on which all of them were really read,
 * or evenly when the history says nothing.
 */
export function splitAnnual(annualMilli: number, registers: ReadonlyArray<{ id: string; history: readonly HistoryReading[] }>): Map<string, number> {
  const result = new Map<string, number>();
  if (registers.length === 1) {
    result.set(registers[0]?.id ?? '', annualMilli);
    return result;
  }
  const byRegister = registers.map((register) => new Map(register.history.filter(isBasis).map((reading) => [reading.readOn, reading.milli])));
  const common = [...(byRegister[0]?.keys() ?? [])].filter((date) => byRegister.every((values) => values.has(date))).sort();
  const first = common[0];
  const last = common.at(-1);
  const consumptions = byRegister.map((values) => (first && last && first !== last ? (values.get(last) ?? 0) - (values.get(first) ?? 0) : 0));
  const total = consumptions.reduce((sum, c) => sum + c, 0);
  const usable = total > 0 && consumptions.every((c) => c >= 0);
  registers.forEach((register, index) => {
    result.set(register.id, usable ? (annualMilli * (consumptions[index] ?? 0)) / total : annualMilli / registers.length);
  });
  return result;
}
