import { describe, expect, it } from 'vitest';
import { dinMeterNumber, isValidMaloId, maloCheckDigit, maloId, meteringPointId, METERING_POINT_PATTERN } from './ids.ts';

describe('MaLo-ID check digit (BDEW)', () => {
  it.each(['51238696781', '41373559241', '56789012345', '52935155442', '49637777476', '74018657187'])(
    'accepts the valid id %s',
    (id) => {
      expect(maloCheckDigit(id.slice(0, 10))).toBe(Number(id[10]));
      expect(isValidMaloId(id)).toBe(true);
      expect(maloId(id.slice(0, 10))).toBe(id);
    },
  );

  it.each(['12345678910', '49637777475', '51238696788'])('rejects the invalid id %s', (id) => {
    expect(isValidMaloId(id)).toBe(false);
  });

  it('is not Luhn: 51238696788 passes Luhn but fails BDEW', () => {
    const luhn = (digits: string): boolean => {
      let sum = 0;
      for (let i = 0; i < digits.length; i++) {
        let d = Number(digits[digits.length - 1 - i]);
        if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
      }
      return sum % 10 === 0;
    };
    expect(luhn('51238696788')).toBe(true);
    expect(isValidMaloId('51238696788')).toBe(false);
  });

  it('rejects malformed input', () => {
    expect(isValidMaloId('01238696781')).toBe(false);
    expect(isValidMaloId('5123869678')).toBe(false);
    expect(() => maloCheckDigit('012345678')).toThrow();
  });
});

describe('metering point and meter numbers', () => {
  it('builds 33-character metering point ids', () => {
    const id = meteringPointId('AT', '9999', '6999', '123456');
    expect(id).toHaveLength(33);
    expect(id).toMatch(METERING_POINT_PATTERN);
    expect(id.startsWith('AT00999906999')).toBe(true);
  });

  it('builds DIN 43863-5 meter numbers', () => {
    expect(dinMeterNumber(1, 'EMH', 0, 12345678)).toBe('1EMH0012345678');
  });
});
