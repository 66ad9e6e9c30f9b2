// Plausibility of meter readings as a pure function: the seasonal profile (leap years, DST days),
// parsing of typed values, hard errors, bands, rollover, meter exchange, the previous-year check.
import { localDate } from '../../clock.ts';
import { describe, expect, it } from 'vitest';
import type { TTenantConfig } from '../../../api/tenant.ts';
import { checkReading, earliestReadingDate, previousYearConsumption, splitAnnual, type CheckInput, type HistoryReading, type RegisterInput } from './plausibility.ts';
import { dayShare, expectedBetween, hoursOfDay, parseDay, sameDayYearBefore, seasonFactor, shareBetween, type ProfileKind } from './profile.ts';
import { decimalToMilli, formatQuantity, milliToDecimal, parseReadingValue } from './value.ts';

const BERLIN = 'Europe/Berlin';
const VIENNA = 'Europe/Vienna';
const bands: TTenantConfig['plausibility'] = { warnBelow: 0.6, warnAbove: 1.7, blockBelow: 0.3, blockAbove: 3 };

function day(iso: string): number {
  const parsed = parseDay(iso);
  if (parsed === null) throw new Error(`bad date ${iso}`);
  return parsed;
}

function reading(readOn: string, kwh: number, source: HistoryReading['source'] = 'utility', status: HistoryReading['status'] = 'accepted'): HistoryReading {
  return { readOn, milli: Math.round(kwh * 1000), source, status };
}

function register(overrides: Partial<RegisterInput> = {}): RegisterInput {
  return { id: 'r1', digits: 6, decimals: 0, profile: 'electricity', annualMilli: 3_650_000, history: [reading('2026-01-01', 10_000)], ...overrides };
}

function input(overrides: Partial<Omit<CheckInput, 'meter'>> & { registers?: RegisterInput[]; meter?: Partial<CheckInput['meter']> } = {}): CheckInput {
  const { registers, meter, ...rest } = overrides;
  return {
    meter: { installedOn: '2020-01-01', removedOn: null, supplyStart: null, registers: registers ?? [register()], ...meter },
    readOn: '2026-05-04',
    values: ['11000'],
    today: '2026-05-04',
    timeZone: BERLIN,
    bands,
    locale: 'de',
    ...rest,
  };
}

/** Expected kWh of register() between two dates. */
function expectedKwh(from: string, to: string, annualKwh = 3650, kind: ProfileKind = 'electricity'): number {
  return expectedBetween(annualKwh * 1000, kind, day(from), day(to), BERLIN) / 1000;
}

/** The reading that gives `factor` times the expected consumption since 2026-01-01 (from 10 000 kWh). */
function valueFor(factor: number): string {
  return String(Math.round(10_000 + factor * expectedKwh('2026-01-01', '2026-05-04')));
}

describe('seasonal profile', () => {
  it('sums to exactly one year in leap and ordinary years, for every kind', () => {
    for (const kind of ['electricity', 'gas', 'heat', 'water', 'feed_in'] as const) {
      for (const year of [2026, 2027, 2028]) {
        expect(shareBetween(kind, day(`${String(year - 1)}-12-31`), day(`${String(year)}-12-31`), BERLIN)).toBeCloseTo(1, 12);
      }
    }
    expect(expectedBetween(2_500_000, 'electricity', day('2027-12-31'), day('2028-12-31'), BERLIN)).toBeCloseTo(2_500_000, 3);
    // A year across the turn of the year is one year's worth too, near enough.
    expect(shareBetween('electricity', day('2026-06-30'), day('2027-06-30'), BERLIN)).toBeCloseTo(1, 2);
  });

  it('gives 29 February a share like its neighbours, and 366 shares to a leap year', () => {
    const feb28 = dayShare('electricity', day('2028-02-28'), BERLIN);
    const feb29 = dayShare('electricity', day('2028-02-29'), BERLIN);
    const mar1 = dayShare('electricity', day('2028-03-01'), BERLIN);
    expect(feb29).toBeGreaterThan(Math.min(feb28, mar1) * 0.99);
    expect(feb29).toBeLessThan(Math.max(feb28, mar1) * 1.01);
    // A day of a leap year is a little less of its year than a day of an ordinary year.
    expect(dayShare('water', day('2028-07-01'), BERLIN)).toBeLessThan(dayShare('water', day('2027-07-01'), BERLIN));
    expect(parseDay('2028-02-29')).not.toBeNull();
    expect(parseDay('2027-02-29')).toBeNull();
    expect(sameDayYearBefore(day('2028-02-29'))).toBe(day('2027-02-28'));
    expect(sameDayYearBefore(day('2027-03-01'))).toBe(day('2026-03-01'));
  });

  it('counts the DST days with 23 and 25 hours in the utility time zone', () => {
    for (const zone of [BERLIN, VIENNA]) {
      expect(hoursOfDay(day('2026-03-28'), zone)).toBe(24);
      expect(hoursOfDay(day('2026-03-29'), zone)).toBe(23);
      expect(hoursOfDay(day('2026-10-25'), zone)).toBe(25);
      expect(hoursOfDay(day('2027-03-28'), zone)).toBe(23);
    }
    const before = dayShare('electricity', day('2026-03-28'), BERLIN);
    const spring = dayShare('electricity', day('2026-03-29'), BERLIN);
    const autumn = dayShare('electricity', day('2026-10-25'), BERLIN);
    const afterAutumn = dayShare('electricity', day('2026-10-26'), BERLIN);
    expect(spring / before).toBeCloseTo(23 / 24, 2);
    expect(autumn / afterAutumn).toBeCloseTo(25 / 24, 2);
  });

  it('knows the local day of an instant around midnight and the clock changes', () => {
    expect(localDate(new Date('2026-03-28T23:30:00Z'), BERLIN)).toBe('2026-03-29');
    expect(localDate(new Date('2026-03-28T22:30:00Z'), BERLIN)).toBe('2026-03-28');
    expect(localDate(new Date('2026-06-30T22:30:00Z'), VIENNA)).toBe('2026-07-01');
    expect(localDate(new Date('2026-10-24T22:30:00Z'), BERLIN)).toBe('2026-10-25');
    expect(localDate(new Date('2026-10-25T22:30:00Z'), BERLIN)).toBe('2026-10-25');
  });

  it('peaks in winter for electricity, gas and heat and in summer for water and feed-in', () => {
    const january = day('2026-01-15');
    const july = day('2026-07-15');
    expect(seasonFactor('electricity', january) / seasonFactor('electricity', july)).toBeGreaterThan(1.3);
    expect(seasonFactor('electricity', january) / seasonFactor('electricity', july)).toBeLessThan(1.5);
    expect(seasonFactor('gas', january) / seasonFactor('gas', july)).toBeGreaterThan(6);
    expect(seasonFactor('heat', january)).toBeGreaterThan(seasonFactor('heat', july) * 5);
    expect(seasonFactor('water', july)).toBeGreaterThan(seasonFactor('water', january));
    expect(seasonFactor('feed_in', july) / seasonFactor('feed_in', january)).toBeGreaterThan(4);
  });
});

describe('typed values', () => {
  it('reads German and English notation, spaces and leading zeros', () => {
    expect(parseReadingValue('12345', 'de')).toMatchObject({ ok: true, milli: 12_345_000, integerDigits: 5 });
    expect(parseReadingValue(' 012345 ', 'de')).toMatchObject({ ok: true, milli: 12_345_000, integerDigits: 5 });
    expect(parseReadingValue('12 345', 'en')).toMatchObject({ ok: true, milli: 12_345_000 });
    expect(parseReadingValue('1.234,5', 'de')).toMatchObject({ ok: true, milli: 1_234_500, significantDecimals: 1 });
    expect(parseReadingValue('1.234,5', 'en')).toMatchObject({ ok: true, milli: 1_234_500 });
    expect(parseReadingValue('1,234.5', 'en')).toMatchObject({ ok: true, milli: 1_234_500 });
    expect(parseReadingValue('1234,5', 'en')).toMatchObject({ ok: true, milli: 1_234_500 });
    expect(parseReadingValue('1234.5', 'de')).toMatchObject({ ok: true, milli: 1_234_500 });
    expect(parseReadingValue('12.345.678', 'en')).toMatchObject({ ok: true, milli: 12_345_678_000 });
    expect(parseReadingValue('1,234,567', 'de')).toMatchObject({ ok: true, milli: 1_234_567_000 });
    expect(parseReadingValue('0,5', 'de')).toMatchObject({ ok: true, milli: 500, integerDigits: 0 });
    expect(parseReadingValue('12,500', 'de')).toMatchObject({ ok: true, milli: 12_500, typedDecimals: 3, significantDecimals: 1 });
  });

  it('reads a lone thousands group by the language: "1.234" is 1234 in German, 1.234 in English', () => {
    expect(parseReadingValue('1.234', 'de')).toMatchObject({ ok: true, milli: 1_234_000 });
    expect(parseReadingValue('1.234', 'en')).toMatchObject({ ok: true, milli: 1_234 });
    expect(parseReadingValue('1,234', 'de')).toMatchObject({ ok: true, milli: 1_234 });
    expect(parseReadingValue('1,234', 'en')).toMatchObject({ ok: true, milli: 1_234_000 });
  });

  it('refuses what is no reading', () => {
    expect(parseReadingValue('', 'de')).toEqual({ ok: false, code: 'required' });
    expect(parseReadingValue('   ', 'de')).toEqual({ ok: false, code: 'required' });
    expect(parseReadingValue('-5', 'de')).toEqual({ ok: false, code: 'negative' });
    expect(parseReadingValue('−1,5', 'de')).toEqual({ ok: false, code: 'negative' });
    expect(parseReadingValue('abc', 'de')).toEqual({ ok: false, code: 'not_a_number' });
    expect(parseReadingValue('12a', 'de')).toEqual({ ok: false, code: 'not_a_number' });
    expect(parseReadingValue('1e5', 'de')).toEqual({ ok: false, code: 'not_a_number' });
    expect(parseReadingValue('12,', 'de')).toEqual({ ok: false, code: 'not_a_number' });
    expect(parseReadingValue(',5', 'de')).toEqual({ ok: false, code: 'not_a_number' });
    expect(parseReadingValue('1.2.3', 'de')).toEqual({ ok: false, code: 'not_a_number' });
    expect(parseReadingValue('1,23.456,7', 'de')).toEqual({ ok: false, code: 'not_a_number' });
    expect(parseReadingValue('.', 'de')).toEqual({ ok: false, code: 'not_a_number' });
    expect(parseReadingValue('1,2345', 'de')).toEqual({ ok: false, code: 'too_many_decimals' });
    expect(parseReadingValue('9'.repeat(14), 'de')).toEqual({ ok: false, code: 'not_a_number' });
  });

  it('converts between milli-units, the API decimal and the display', () => {
    expect(milliToDecimal(12_345_600)).toBe('12345.6');
    expect(milliToDecimal(5000)).toBe('5');
    expect(milliToDecimal(1)).toBe('0.001');
    expect(decimalToMilli('12345.600')).toBe(12_345_600);
    expect(decimalToMilli('7')).toBe(7000);
    expect(formatQuantity(12_345_600, 'kWh', 'de')).toBe('12.345,6 kWh');
    expect(formatQuantity(12_345_600, 'm3', 'en')).toBe('12,345.6 m³');
    expect(formatQuantity(12_000_000, 'kWh', 'de', 1)).toBe('12.000,0 kWh');
  });
});

describe('hard errors', () => {
  it('refuses dates in the future, on or before the last reading, before installation and after removal', () => {
    expect(checkReading(input({ readOn: '2026-05-05' })).dateError).toEqual({ code: 'date_future', today: '2026-05-04' });
    expect(checkReading(input({ readOn: '2026-01-01' })).dateError).toEqual({ code: 'date_not_after_last', last: '2026-01-01' });
    expect(checkReading(input({ readOn: '2025-12-01' })).dateError).toEqual({ code: 'date_not_after_last', last: '2026-01-01' });
    expect(checkReading(input({ readOn: '2026-02-30' })).dateError).toEqual({ code: 'date_invalid' });
    expect(checkReading(input({ readOn: '04.05.2026' })).dateError).toEqual({ code: 'date_invalid' });
    const fresh = input({ registers: [register({ history: [] })], meter: { installedOn: '2026-03-01' }, readOn: '2026-02-27' });
    expect(checkReading(fresh).dateError).toEqual({ code: 'date_too_early', earliest: '2026-03-01' });
    const moved = input({ registers: [register({ history: [] })], meter: { supplyStart: '2026-04-01' }, readOn: '2026-03-15' });
    expect(checkReading(moved).dateError).toEqual({ code: 'date_too_early', earliest: '2026-04-01' });
    expect(checkReading(input({ meter: { removedOn: '2026-04-01' } })).dateError).toEqual({ code: 'date_after_removal', removedOn: '2026-04-01' });
    const result = checkReading(input({ readOn: '2026-05-05' }));
    expect(result.outcome).toBe('invalid');
  });

  it('refuses values with more digits or decimals than the register, negative values and no numbers', () => {
    // Without a forecast only the form of the value counts.
    const code = (value: string, overrides: Partial<RegisterInput> = {}) => checkReading(input({ values: [value], registers: [register({ annualMilli: null, ...overrides })] })).registers[0]?.error;
    expect(code('1234567')).toEqual({ code: 'value_too_many_digits', digits: 6 });
    expect(code('0123456')).toBeNull();
    expect(code('12345,5')).toEqual({ code: 'value_too_many_decimals', decimals: 0 });
    expect(code('12345,50', { decimals: 1 })).toBeNull();
    expect(code('12345,55', { decimals: 1 })).toEqual({ code: 'value_too_many_decimals', decimals: 1 });
    expect(code('1,2345', { decimals: 3 })).toEqual({ code: 'value_too_many_decimals', decimals: 3 });
    expect(code('-12000')).toEqual({ code: 'value_negative' });
    expect(code('zwölf')).toEqual({ code: 'value_not_a_number' });
    expect(code('')).toEqual({ code: 'value_required' });
  });

  it('knows the earliest date a customer may enter', () => {
    expect(earliestReadingDate(input().meter)).toBe('2026-01-02');
    expect(earliestReadingDate(input({ registers: [register({ history: [] })], meter: { installedOn: '2026-03-01', supplyStart: '2026-03-15' } }).meter)).toBe('2026-03-15');
    expect(earliestReadingDate(input({ registers: [register({ history: [reading('2026-04-30', 10_000, 'estimated')] })] }).meter)).toBe('2026-05-01');
  });
});

describe('bands', () => {
  it('accepts a consumption around the expected one', () => {
    const result = checkReading(input({ values: [valueFor(1)] }));
    expect(result.outcome).toBe('ok');
    const [r] = result.registers;
    expect(r?.verdict).toBe('ok');
    expect(r?.findings).toEqual([]);
    expect(r?.baseline).toEqual({ readOn: '2026-01-01', milli: 10_000_000 });
    expect(r?.expectedMilli).toBeCloseTo(expectedKwh('2026-01-01', '2026-05-04') * 1000, -1);
    // January to early May of a winter-peaking profile is more than a third of the year.
    expect(expectedKwh('2026-01-01', '2026-05-04')).toBeGreaterThan(3650 * (123 / 365));
  });

  it('warns outside the warn band and blocks outside the block band', () => {
    const at = (factor: number) => checkReading(input({ values: [valueFor(factor)] })).registers[0]!;
    expect(at(0.65).verdict).toBe('ok');
    expect(at(1.6).verdict).toBe('ok');
    expect(at(0.5)).toMatchObject({ verdict: 'warning', findings: [{ code: 'below_expected', severity: 'warning' }] });
    expect(at(2)).toMatchObject({ verdict: 'warning', findings: [{ code: 'above_expected', severity: 'warning' }] });
    expect(at(0.2)).toMatchObject({ verdict: 'blocked', error: { code: 'value_far_below_expected', last: { readOn: '2026-01-01', milli: 10_000_000 } } });
    expect(at(3.5)).toMatchObject({ verdict: 'blocked', error: { code: 'value_far_above_expected' } });
    expect(checkReading(input({ values: [valueFor(3.5)] })).outcome).toBe('invalid');
    expect(checkReading(input({ values: [valueFor(2)] })).outcome).toBe('warning');
  });

  it('uses the utility bands', () => {
    const strict = { warnBelow: 0.9, warnAbove: 1.1, blockBelow: 0.5, blockAbove: 1.5 };
    expect(checkReading(input({ values: [valueFor(1.3)], bands: strict })).registers[0]?.verdict).toBe('warning');
    expect(checkReading(input({ values: [valueFor(1.6)], bands: strict })).registers[0]?.verdict).toBe('blocked');
  });

  it('warns about zero consumption, but not when less than two units were expected', () => {
    expect(checkReading(input({ values: ['10000'] })).registers[0]).toMatchObject({ verdict: 'warning', findings: [{ code: 'zero_consumption' }] });
    const water = register({ profile: 'water', digits: 5, annualMilli: 100_000, history: [reading('2026-05-01', 300)] });
    expect(checkReading(input({ registers: [water], values: ['300'] })).registers[0]).toMatchObject({ verdict: 'ok', findings: [] });
  });

  it('does not judge short periods by their few days alone (upper limits)', () => {
    const recent = register({ history: [reading('2026-05-02', 10_000)] });
    const twoDays = expectedKwh('2026-05-02', '2026-05-04');
    expect(checkReading(input({ registers: [recent], values: [String(Math.round(10_000 + 4 * twoDays))] })).registers[0]?.verdict).toBe('ok');
    const fortnight = expectedKwh('2026-04-20', '2026-05-04');
    expect(checkReading(input({ registers: [recent], values: [String(Math.round(10_000 + 2 * fortnight))] })).registers[0]?.verdict).toBe('warning');
  });

  it('skips the bands when no forecast is known', () => {
    expect(checkReading(input({ registers: [register({ annualMilli: null })], values: ['90000'] })).registers[0]).toMatchObject({ verdict: 'ok', findings: [] });
  });
});

describe('rollover', () => {
  const nearTheEnd = register({ digits: 5, annualMilli: 14_000_000, history: [reading('2026-01-01', 99_500)] });

  it('accepts a lower value as a rollover when the consumption across 99999 → 0 is plausible', () => {
    const result = checkReading(input({ registers: [nearTheEnd], readOn: '2026-02-01', values: ['00700'] }));
    expect(result.outcome).toBe('ok');
    expect(result.registers[0]).toMatchObject({ verdict: 'ok', consumptionMilli: 1_200_000, findings: [{ code: 'rollover', severity: 'info' }] });
  });

  it('refuses a lower value that is no plausible rollover, naming the last reading', () => {
    const result = checkReading(input({ registers: [register({ history: [reading('2026-01-01', 54_321)] })], values: ['54300'] }));
    expect(result.outcome).toBe('invalid');
    expect(result.registers[0]).toMatchObject({ verdict: 'error', error: { code: 'value_lower_than_last', last: { readOn: '2026-01-01', milli: 54_321_000 } } });
    // Without a forecast a rollover cannot be judged: refused as well.
    expect(checkReading(input({ registers: [register({ digits: 5, annualMilli: null, history: [reading('2026-01-01', 99_500)] })], values: ['700'] })).registers[0]?.error?.code).toBe(
      'value_lower_than_last',
    );
  });

  it('compares at the precision of the entry: leaving out the decimals is not a lower value', () => {
    const gas = register({ profile: 'gas', digits: 5, decimals: 3, annualMilli: 1_400_000, history: [reading('2026-05-01', 1234.567)] });
    const [r] = checkReading(input({ registers: [gas], values: ['1234'] })).registers;
    expect(r?.error).toBeNull();
    expect(r?.consumptionMilli).toBe(0);
    expect(r?.findings.some((f) => f.code === 'rollover')).toBe(false);
    expect(checkReading(input({ registers: [gas], values: ['1234,5'] })).registers[0]?.error).toBeNull();
    expect(checkReading(input({ registers: [gas], values: ['1234,4'] })).registers[0]?.error?.code).toBe('value_lower_than_last');
  });
});

describe('meter exchange', () => {
  it('compares a new meter only with its own installation reading', () => {
    // The old meter's registers (and their readings of 54,321 kWh) are not part of the new meter's input.
    const newMeter = register({ history: [reading('2026-03-01', 2, 'utility')] });
    const result = checkReading(input({ registers: [newMeter], meter: { installedOn: '2026-03-01' }, values: [String(Math.round(2 + expectedKwh('2026-03-01', '2026-05-04')))] }));
    expect(result.outcome).toBe('ok');
    expect(result.registers[0]?.baseline).toEqual({ readOn: '2026-03-01', milli: 2000 });
  });

  it('takes the first reading of a meter without readings, from its installation on', () => {
    const result = checkReading(input({ registers: [register({ history: [] })], meter: { installedOn: '2026-03-01' }, values: ['150'] }));
    expect(result.outcome).toBe('ok');
    expect(result.registers[0]).toMatchObject({ verdict: 'ok', consumptionMilli: null, findings: [{ code: 'first_reading', severity: 'info' }] });
  });
});

describe('history', () => {
  it('compares with the last real reading, not with estimates or rejected readings', () => {
    const history = [reading('2026-01-01', 10_000), reading('2026-03-01', 12_000, 'estimated'), reading('2026-04-01', 50_000, 'customer', 'rejected')];
    const result = checkReading(input({ registers: [register({ history })], values: [valueFor(1)] }));
    expect(result.registers[0]).toMatchObject({ verdict: 'ok', baseline: { readOn: '2026-01-01' } });
    // The estimate still counts for the date: nothing on or before it.
    expect(checkReading(input({ registers: [register({ history })], readOn: '2026-02-15' })).dateError).toEqual({ code: 'date_not_after_last', last: '2026-03-01' });
    // A rejected reading's date is free again.
    expect(checkReading(input({ registers: [register({ history })], readOn: '2026-04-01', values: [String(Math.round(10_000 + expectedKwh('2026-01-01', '2026-04-01')))] })).outcome).toBe('ok');
  });

  it('compares a reading pending review like an accepted one', () => {
    const history = [reading('2026-01-01', 10_000), reading('2026-03-01', 13_000, 'customer', 'pending_review')];
    expect(checkReading(input({ registers: [register({ history })], values: ['12900'] })).registers[0]?.error?.code).toBe('value_lower_than_last');
  });

  it('warns when the consumption is more than twice that of the same period a year before', () => {
    const history = [reading('2025-01-01', 5000), reading('2025-05-04', 5500), reading('2026-01-01', 6500)];
    const r = register({ annualMilli: 3_000_000, history });
    expect(previousYearConsumption(r, day('2026-01-01'), day('2026-05-04'), BERLIN)).toBeCloseTo(500_000, 0);
    const consumption = Math.round(expectedKwh('2026-01-01', '2026-05-04', 3000));
    expect(consumption).toBeGreaterThan(1000);
    const result = checkReading(input({ registers: [r], values: [String(6500 + consumption)] }));
    expect(result.registers[0]).toMatchObject({ verdict: 'warning', findings: [{ code: 'above_previous_year', previousYearMilli: 500_000 }] });
    // Without readings around the same dates a year before there is nothing to compare.
    expect(previousYearConsumption(register({ history: [reading('2025-03-01', 5000), reading('2026-01-01', 6500)] }), day('2026-01-01'), day('2026-05-04'), BERLIN)).toBeNull();
  });

  it('interpolates the previous year along the seasonal profile, across a leap day', () => {
    const history = [reading('2027-01-01', 1000), reading('2028-01-01', 4650), reading('2028-12-31', 8300)];
    const r = register({ history });
    // 2029-03-01 ← 2028-03-01 and 2029-02-28 ← 2028-02-28 (after the leap day 2028-02-29).
    const previous = previousYearConsumption(r, day('2029-01-01'), day('2029-03-01'), BERLIN);
    const expected = (3_650_000 * shareBetween('electricity', day('2028-01-01'), day('2028-03-01'), BERLIN)) / shareBetween('electricity', day('2028-01-01'), day('2028-12-31'), BERLIN);
    expect(previous).toBeCloseTo(expected, 0);
    // The previous year's period must lie within the readings.
    expect(previousYearConsumption(r, day('2029-12-31'), day('2030-02-01'), BERLIN)).toBeNull();
  });
});

describe('registers of one meter', () => {
  it('splits the forecast between HT and NT by their history, else evenly', () => {
    const ht = { id: 'ht', history: [reading('2025-01-01', 1000), reading('2026-01-01', 1620)] };
    const nt = { id: 'nt', history: [reading('2025-01-01', 500), reading('2026-01-01', 880)] };
    const split = splitAnnual(5_000_000, [ht, nt]);
    expect(split.get('ht')).toBeCloseTo(3_100_000, 0);
    expect(split.get('nt')).toBeCloseTo(1_900_000, 0);
    const even = splitAnnual(5_000_000, [{ id: 'a', history: [] }, { id: 'b', history: [reading('2026-01-01', 1)] }]);
    expect([even.get('a'), even.get('b')]).toEqual([2_500_000, 2_500_000]);
    expect(splitAnnual(5_000_000, [{ id: 'only', history: [] }]).get('only')).toBe(5_000_000);
  });

  it('checks every register and reports each one', () => {
    const ht = register({ id: 'ht', annualMilli: 2_000_000, history: [reading('2026-01-01', 1000)] });
    const nt = register({ id: 'nt', annualMilli: 1_000_000, history: [reading('2026-01-01', 500)] });
    const htValue = Math.round(1000 + expectedKwh('2026-01-01', '2026-05-04', 2000));
    const result = checkReading(input({ registers: [ht, nt], values: [String(htValue), '1234567'] }));
    expect(result.outcome).toBe('invalid');
    expect(result.registers.map((r) => [r.registerId, r.verdict])).toEqual([
      ['ht', 'ok'],
      ['nt', 'error'],
    ]);
  });
});
