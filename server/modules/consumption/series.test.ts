// Pure parts of the consumption module: calendar and DST days, consumption between readings
// (rollover, corrections), spreading readings around daily values with the seasonal profile,
// the previous-year comparison, history rows, CSV formatting and the cost projection (DOMAIN.md §4).
import { describe, expect, it } from 'vitest';
import { addYears, isoOf, localMidnightUtcMs, localToday, quarterHoursOfDay, sameDayPreviousYear, toDay, utcOffsetMs } from './calendar.ts';
import { billingYear } from './consumption.service.ts';
import { csvCell, csvLine, decimalComma, germanDate, intervalLine } from './export.ts';
import { dayShare, shareBetween } from '../readings/profile.ts';
import { instalmentSummary, projectConsumption, projectedCostCents, type Plan } from './projection.ts';
import { compareWithPreviousYear, daySeries, historyRows, readingPeriods, sumPeriod, type DailyValue } from './series.ts';

const d = toDay;
const TZ = 'Europe/Berlin';
const electricity = (day: number) => dayShare('electricity', day, TZ);
const periodShare = (kind: 'electricity' | 'gas', from: number, to: number) => shareBetween(kind, from - 1, to, TZ);

describe('calendar', () => {
  it('counts 92, 96 and 100 quarter hours on the days the clocks change (Berlin and Vienna)', () => {
    for (const timeZone of ['Europe/Berlin', 'Europe/Vienna']) {
      expect(quarterHoursOfDay(d('2026-03-29'), timeZone)).toBe(92);
      expect(quarterHoursOfDay(d('2026-03-30'), timeZone)).toBe(96);
      expect(quarterHoursOfDay(d('2026-10-25'), timeZone)).toBe(100);
      expect(quarterHoursOfDay(d('2024-03-31'), timeZone)).toBe(92);
    }
    // German local midnight is 23:00 UTC in winter and 22:00 UTC in summer.
    expect(new Date(localMidnightUtcMs(d('2026-01-15'), 'Europe/Berlin')).toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(new Date(localMidnightUtcMs(d('2026-07-15'), 'Europe/Berlin')).toISOString()).toBe('2026-07-14T22:00:00.000Z');
  });

  it("knows today's date in the utility's time zone", () => {
    expect(localToday('Europe/Berlin', new Date('2026-06-30T22:30:00Z'))).toBe(d('2026-07-01'));
    expect(localToday('Europe/Berlin', new Date('2026-12-31T22:59:00Z'))).toBe(d('2026-12-31'));
  });

  it('converts dates and epoch days both ways, leap years and invalid dates included', () => {
    for (let day = toDay('1999-12-25'); day <= toDay('2101-01-05'); day += 1) {
      expect(toDay(isoOf(day))).toBe(day);
      expect(isoOf(day)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
    }
    expect(toDay('2024-02-29') - toDay('2024-02-28')).toBe(1);
    for (const bad of ['2025-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '26-01-01']) expect(() => toDay(bad)).toThrow();
  });

  it('maps days to the previous year and adds years across 29 February', () => {
    expect(sameDayPreviousYear(d('2025-03-01'))).toBe(d('2024-03-01'));
    expect(sameDayPreviousYear(d('2024-02-29'))).toBeNull();
    expect(addYears(d('2024-02-29'), 1)).toBe(d('2025-02-28'));
  });
});

describe('consumption between meter readings', () => {
  it('subtracts consecutive readings, believes a rollover near the last digit and drops corrections', () => {
    const periods = readingPeriods(
      [
        { day: d('2024-12-31'), value: 99_900 },
        { day: d('2025-06-30'), value: 150 },
        { day: d('2025-12-31'), value: 1_400.5 },
        { day: d('2025-12-31'), value: 1_400 },
        { day: d('2026-03-31'), value: 900 },
        { day: d('2026-06-30'), value: 1_300 },
      ],
      5,
    );
    expect(periods.map((p) => [p.from, p.to, p.milli, p.rollover])).toEqual([
      [d('2025-01-01'), d('2025-06-30'), 250_000, true],
      [d('2025-07-01'), d('2025-12-31'), 1_250_000, false],
      // 1 400 -> 900 is no rollover (99 500 would be most of the range): left out.
      [d('2026-04-01'), d('2026-06-30'), 400_000, false],
    ]);
  });

  it('spreads what daily values do not cover over the remaining days by the profile', () => {
    const periods = readingPeriods(
      [
        { day: d('2025-12-31'), value: 1000 },
        { day: d('2026-03-31'), value: 1300 },
      ],
      6,
    );
    // Daily values from 1 March: 31 x 2 kWh = 62 kWh; the other 238 kWh fall on January and February.
    const daily = new Map<number, DailyValue>();
    for (let day = d('2026-03-01'); day <= d('2026-03-31'); day++) daily.set(day, { milli: 2000, quality: day === d('2026-03-10') ? 67 : 220 });
    const from = d('2026-01-01');
    const points = daySeries(electricity, from, d('2026-03-31'), daily, periods);
    const january = sumPeriod(points, from, '2026-01', from, d('2026-01-31'), d('2026-12-31'));
    const february = sumPeriod(points, from, '2026-02', d('2026-02-01'), d('2026-02-28'), d('2026-12-31'));
    const march = sumPeriod(points, from, '2026-03', d('2026-03-01'), d('2026-03-31'), d('2026-12-31'));
    expect((january.milli ?? 0) + (february.milli ?? 0)).toBe(238_000);
    expect(january.milli).toBeGreaterThan(february.milli ?? 0);
    expect(january.sources).toEqual(['readings']);
    expect(march).toMatchObject({ milli: 62_000, daysWithData: 31, days: 31, sources: ['daily'], substitute: true });

    const rows = historyRows(points, from, periods);
    expect(rows[0]).toMatchObject({ from, to: d('2026-02-28'), milli: 238_000, source: 'readings', readings: null });
    expect(rows.slice(1)).toHaveLength(31);
    expect(rows[1]).toMatchObject({ from: d('2026-03-01'), to: d('2026-03-01'), milli: 2000, source: 'daily' });
  });

  it('names the readings of a whole period in the history rows', () => {
    const periods = readingPeriods(
      [
        { day: d('2025-12-31'), value: 1000 },
        { day: d('2026-01-31'), value: 1100 },
      ],
      6,
    );
    const from = d('2026-01-01');
    const rows = historyRows(daySeries((day) => dayShare('gas', day, TZ), from, d('2026-02-28'), new Map(), periods), from, periods);
    expect(rows).toEqual([{ from, to: d('2026-01-31'), milli: 100_000, source: 'readings', substitute: false, readings: { start: 1000, end: 1100 } }]);
  });

  it('compares only days with data in both years', () => {
    const daily = new Map<number, DailyValue>();
    for (let day = d('2025-01-01'); day <= d('2025-01-31'); day++) daily.set(day, { milli: 1000, quality: 220 });
    for (let day = d('2026-01-01'); day <= d('2026-01-10'); day++) daily.set(day, { milli: 1500, quality: 220 });
    const from = d('2025-01-01');
    const points = daySeries(electricity, from, d('2026-12-31'), daily, []);
    expect(compareWithPreviousYear(points, from, d('2026-01-01'), d('2026-12-31'))).toEqual({ currentMilli: 15_000, previousMilli: 10_000, days: 10 });
    expect(compareWithPreviousYear(points, from, d('2026-02-01'), d('2026-12-31'))).toBeNull();
  });
});

describe('CSV for German Excel', () => {
  it('writes decimal commas, German dates and safe cells', () => {
    expect(decimalComma(1_234_567)).toBe('1234,567');
    expect(decimalComma(5)).toBe('0,005');
    expect(decimalComma(-1500)).toBe('-1,500');
    expect(germanDate(d('2026-03-09'))).toBe('09.03.2026');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('Sag "Hallo"')).toBe('"Sag ""Hallo"""');
    expect(csvCell('=SUMME(A1)')).toBe("'=SUMME(A1)");
    expect(csvLine(['1', '2,5'])).toBe('1;2,5\r\n');
  });

  it('labels the doubled hour of the autumn clock change with MESZ and MEZ', () => {
    const day = d('2026-10-25');
    const midnight = localMidnightUtcMs(day, 'Europe/Berlin');
    const line = (i: number) => {
      const startUtcMs = midnight + i * 900_000;
      return intervalLine({ day, startUtcMs, offsetMs: utcOffsetMs('Europe/Berlin', startUtcMs), endOffsetMs: utcOffsetMs('Europe/Berlin', startUtcMs + 900_000), milli: 250, quality: 220 }, 'de');
    };
    expect(line(8)).toBe('25.10.2026;02:00;02:15;MESZ;0,250;wahrer Wert\r\n');
    expect(line(12)).toBe('25.10.2026;02:00;02:15;MEZ;0,250;wahrer Wert\r\n');
    expect(line(99)).toBe('25.10.2026;23:45;00:00;MEZ;0,250;wahrer Wert\r\n');
  });
});

describe('cost projection', () => {
  it('costs 950 EUR for 2,500 kWh at 32 ct/kWh and 150 EUR a year (DOMAIN.md §4)', () => {
    expect(projectedCostCents(2_500_000, 32, 15_000, 365, 365)).toBe(95_000);
    // Supplied for half the year: half the base price.
    expect(projectedCostCents(1_000_000, 32, 15_000, 183, 366)).toBe(32_000 + 7_500);
  });

  it('extrapolates measured consumption with the profile, and uses the forecast while little is measured', () => {
    const from = d('2026-01-01');
    const to = d('2026-12-31');
    const measured = new Set<number>();
    for (let day = from; day <= d('2026-03-31'); day++) measured.add(day);
    const share = periodShare('electricity', from, d('2026-03-31'));
    const result = projectConsumption({ share: electricity, from, to, actualMilli: 900_000, measuredDays: measured, annualForecastMilli: 2_500_000 });
    expect(result.basis).toBe('measured');
    expect(result.projectedMilli).toBe(Math.round(900_000 / share));
    // A winter quarter weighs more than a quarter of the year: four times it would be too much.
    expect(result.projectedMilli).toBeLessThan(3_600_000);
    expect(result.projectedMilli).toBeGreaterThan(3_000_000);

    const fewDays = new Set([from, from + 1, from + 2]);
    const early = projectConsumption({ share: electricity, from, to, actualMilli: 30_000, measuredDays: fewDays, annualForecastMilli: 2_500_000 });
    expect(early.basis).toBe('forecast');
    expect(early.projectedMilli).toBe(Math.round(30_000 + 2_500_000 * (1 - periodShare('electricity', from, from + 2))));
  });

  it('counts booked instalments as paid or open and the months still to come from the plan', () => {
    const plans: Plan[] = [
      { amountCents: 8000, validFrom: d('2026-01-01'), validTo: d('2026-03-31'), dueDay: 15 },
      { amountCents: 9000, validFrom: d('2026-04-01'), validTo: null, dueDay: 15 },
    ];
    const booked = new Map<number, boolean>([
      [d('2026-02-15'), true],
      [d('2026-03-15'), true],
      [d('2026-04-15'), false],
    ]);
    const billing = { from: d('2026-01-01'), to: d('2026-12-31') };
    const summary = instalmentSummary({ plans, booked, billing, supplied: billing, today: d('2026-04-20'), instalmentsPerYear: 11 });
    // Booked February to April (January had the annual bill), plan May to December.
    expect(summary).toEqual({ totalCents: 2 * 8000 + 9 * 9000, count: 11, paidCents: 16_000, openCents: 9000, upcomingCents: 8 * 9000, upcomingCount: 8, currentAmountCents: 9000 });

    const unbooked = instalmentSummary({ plans, booked: new Map(), billing, supplied: billing, today: d('2026-04-20'), instalmentsPerYear: 11 });
    expect(unbooked.count).toBe(11);
    const monthly = instalmentSummary({ plans, booked: new Map(), billing, supplied: billing, today: d('2026-04-20'), instalmentsPerYear: 12 });
    expect(monthly).toMatchObject({ count: 12, totalCents: 3 * 8000 + 9 * 9000, paidCents: 3 * 8000 + 9000 });
  });

  it('starts the billing year after the last annual bill and moves it on while it lies in the past', () => {
    expect(billingYear(null, d('2026-05-01'))).toEqual({ from: d('2026-01-01'), to: d('2026-12-31') });
    expect(billingYear(d('2025-09-30'), d('2026-05-01'))).toEqual({ from: d('2025-10-01'), to: d('2026-09-30') });
    expect(billingYear(d('2024-12-31'), d('2026-05-01'))).toEqual({ from: d('2026-01-01'), to: d('2026-12-31') });
  });
});
