import { describe, expect, it } from 'vitest';
import type { TConsumptionRegister } from '../../../api/consumption.ts';
import { changePercent, dataRange, defaultPeriod, digitsFor, monthBounds, periodFits, shiftMonth, viewsOf } from './consumption.ts';

function register(overrides: Partial<TConsumptionRegister> = {}): TConsumptionRegister {
  return { id: '00000000-0000-4000-8000-000000000001', obis: '1-0:1.8.0', label: null, unit: 'kWh', feedIn: false, daily: null, intervals: null, readings: null, ...overrides };
}

describe('consumption page state', () => {
  it('offers days only with daily values and quarter hours only with 15-minute values', () => {
    expect(viewsOf(register({ readings: { from: '2024-12-31', to: '2025-12-31' } }))).toEqual(['jahre', 'monate']);
    expect(viewsOf(register({ daily: { from: '2025-01-01', to: '2026-11-20' } }))).toEqual(['jahre', 'monate', 'tage']);
    expect(viewsOf(register({ daily: { from: '2025-01-01', to: '2026-11-20' }, intervals: { from: '2025-01-01', to: '2026-11-20' } }))).toEqual(['jahre', 'monate', 'tage', 'viertelstunden']);
  });

  it('starts each view at the latest values and checks periods', () => {
    const smart = register({ daily: { from: '2024-11-21', to: '2026-11-20' }, intervals: { from: '2024-11-21', to: '2026-10-31' }, readings: { from: '2022-12-31', to: '2025-12-31' } });
    expect(dataRange(smart)).toEqual({ from: '2022-12-31', to: '2026-11-20' });
    expect(defaultPeriod('monate', smart, '2026-11-21')).toBe('2026');
    expect(defaultPeriod('tage', smart, '2026-11-21')).toBe('2026-11');
    expect(defaultPeriod('viertelstunden', smart, '2026-11-21')).toBe('2026-10-31');
    expect(defaultPeriod('monate', register(), '2026-11-21')).toBe('2026');
    expect(periodFits('monate', '2026')).toBe(true);
    expect(periodFits('tage', '2026-13')).toBe(false);
    expect(periodFits('viertelstunden', '2026-02-30')).toBe(false);
    expect(periodFits('viertelstunden', '2024-02-29')).toBe(true);
  });

  it('counts months and formats changes', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(monthBounds('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(changePercent(1040, 1000)).toBe(4);
    expect(changePercent(5, 0)).toBeNull();
    expect(digitsFor(123_456)).toBe(0);
    expect(digitsFor(5_880)).toBe(2);
  });
});
