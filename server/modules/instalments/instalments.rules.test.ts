// The arithmetic of instalments: DOMAIN.md §4 vectors, limits, due dates with 11 and 12 instalments
// a year, and the money input customers type.
import { localDate } from '../../clock.ts';
import { describe, expect, it } from 'vitest';
import { formatEuro, parseEuroAmount } from '../../../api/instalments.ts';
import { addMonths, changeLimits, dueDates, isCalendarDate, planOn, recommendInstalment } from './instalments.rules.ts';

describe('recommendInstalment (DOMAIN.md §4)', () => {
  const base = { forecastMilli: 2_500_000, unit: 'kWh' as const, energyPriceCt: '32.0000', basePriceCentsPerYear: 15_000, limits: null };

  it('2,500 kWh at 32.00 ct and 150 EUR a year: 950 EUR a year, 80 EUR with 12 and 87 EUR with 11 instalments', () => {
    const twelve = recommendInstalment({ ...base, instalmentsPerYear: 12 });
    expect(twelve).toMatchObject({ amountCents: 8000, energyCostCents: 80_000, annualCostCents: 95_000, exactCents: 7917, forecast: 2500, energyPriceCt: 32 });
    expect(recommendInstalment({ ...base, instalmentsPerYear: 11 })).toMatchObject({ amountCents: 8700, exactCents: 8636 });
  });

  it('rounds up only what is above a whole euro, exactly (no floating-point noise)', () => {
    // 1,200 kWh x 30 ct + 120 EUR = 480 EUR = exactly 40 EUR a month.
    expect(recommendInstalment({ ...base, forecastMilli: 1_200_000, energyPriceCt: '30.0000', basePriceCentsPerYear: 12_000, instalmentsPerYear: 12 }).amountCents).toBe(4000);
    // One Wh more: 40.0000025 EUR -> 41 EUR.
    expect(recommendInstalment({ ...base, forecastMilli: 1_200_001, energyPriceCt: '30.0000', basePriceCentsPerYear: 12_000, instalmentsPerYear: 12 }).amountCents).toBe(4100);
    // Prices with four decimals: 3,456 kWh x 29.1234 ct = 1,006.50 EUR + 99.96 EUR = 1,106.46 EUR / 12 = 92.21 -> 93 EUR.
    const odd = recommendInstalment({ ...base, forecastMilli: 3_456_000, energyPriceCt: '29.1234', basePriceCentsPerYear: 9996, instalmentsPerYear: 12 });
    expect(odd).toMatchObject({ energyCostCents: 100_650, annualCostCents: 110_646, exactCents: 9221, amountCents: 9300 });
  });

  it('water in m³ (forecast in litres) and whether the recommendation lies within the limits', () => {
    const water = recommendInstalment({ forecastMilli: 80_000, unit: 'm3', energyPriceCt: '245.0000', basePriceCentsPerYear: 6000, instalmentsPerYear: 12, limits: { minCents: 3000, maxCents: 4000 } });
    // 80 m³ x 2.45 EUR = 196 EUR + 60 EUR = 256 EUR / 12 = 21.33 -> 22 EUR, below 30 EUR.
    expect(water).toMatchObject({ forecast: 80, unit: 'm3', amountCents: 2200, withinLimits: false });
  });
});

describe('changeLimits', () => {
  it('+100 % / -15 % of 80 EUR: 68 EUR to 160 EUR; odd amounts round inwards to the cent', () => {
    expect(changeLimits(8000, { maxIncreasePercent: 100, maxDecreasePercent: 15 })).toEqual({ minCents: 6800, maxCents: 16_000 });
    expect(changeLimits(8333, { maxIncreasePercent: 10, maxDecreasePercent: 15 })).toEqual({ minCents: 7084, maxCents: 9166 });
  });
});

describe('due dates', () => {
  const plan = { amountCents: 8000, validFrom: '2026-01-01', validTo: null, dueDay: 15 };

  it('one per month on the due day, from the first day on, without the month of the annual bill', () => {
    expect(dueDates([plan], '2026-11-16', '2027-03-31', null).map((d) => d.date)).toEqual(['2026-12-15', '2027-01-15', '2027-02-15', '2027-03-15']);
    expect(dueDates([plan], '2026-11-15', '2027-03-31', 1).map((d) => d.date)).toEqual(['2026-11-15', '2026-12-15', '2027-02-15', '2027-03-15']);
  });

  it('follows the plans: a new amount from its first day, none after the last plan ends', () => {
    const plans = [
      { ...plan, validTo: '2027-01-31' },
      { amountCents: 9000, validFrom: '2027-02-01', validTo: '2027-03-31', dueDay: 5 },
    ];
    expect(dueDates(plans, '2026-12-01', '2027-12-31', null)).toEqual([
      { date: '2026-12-15', amountCents: 8000 },
      { date: '2027-01-15', amountCents: 8000 },
      { date: '2027-02-05', amountCents: 9000 },
      { date: '2027-03-05', amountCents: 9000 },
    ]);
    expect(planOn(plans, '2027-02-10')?.amountCents).toBe(9000);
    expect(planOn(plans, '2026-06-01')?.amountCents).toBe(8000);
    expect(planOn([{ ...plan, validFrom: '2027-05-01' }], '2027-01-01')?.validFrom).toBe('2027-05-01');
    expect(planOn(plans, '2027-04-01')).toBeNull();
  });

  it('calendar helpers: month ends, leap years, the local date in the time zone', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 12)).toBe('2027-12-15');
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('15.03.2027')).toBe(false);
    // 23:30 UTC on 31 Dec is already New Year's Day in Berlin and Vienna.
    expect(localDate(new Date('2026-12-31T23:30:00Z'), 'Europe/Berlin')).toBe('2027-01-01');
  });
});

describe('parseEuroAmount', () => {
  it('reads amounts as customers type them', () => {
    const cases: Array<[string, number]> = [
      ['85', 8500],
      ['85,50', 8550],
      ['85,5', 8550],
      ['1.085,00 €', 108_500],
      ['1.085', 108_500],
      ['1 085,00', 108_500],
      ['€ 85', 8500],
      ['85 EUR', 8500],
      ['Euro 85', 8500],
      ['85,-', 8500],
      ['85.50', 8550],
      [' 0,99 ', 99],
      ['12\u00a0345,67\u00a0€', 1_234_567],
    ];
    for (const [input, cents] of cases) expect(parseEuroAmount(input), input).toBe(cents);
  });

  it('refuses what is not an amount', () => {
    for (const input of ['', 'abc', '-85', '85,555', '8,5,0', '1.08.5', '85.5055', ',50', '1e3', '12.34.567,00', '85 50', '85 Euro 50', '€', '1 08,00']) {
      expect(parseEuroAmount(input), input).toBeNull();
    }
  });

  it('formats euros in German and English', () => {
    expect(formatEuro(108_550, 'de').replace(/\s/g, ' ')).toBe('1.085,50 €');
    expect(formatEuro(8000, 'en')).toBe('€80.00');
  });
});
