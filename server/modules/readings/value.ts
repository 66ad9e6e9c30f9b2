// Reading values as typed by customers, in integer milli-units of the register unit (Wh for kWh,
// litres for m3): "12345", "12 345", "1.234,5" (German), "1,234.5" (English), "0012345".
//
// A number with one kind of separator is read as a decimal mark, except where it forms thousands
// groups ("1.234", "12.345.678"): those are thousands in German and, for a comma, in English; a
// dot group in English is a decimal point ("1.234" = 1.234). With both kinds, the last one is the
// decimal mark and the other must form thousands groups. The review step shows the value as
// understood, so a customer sees at once how an ambiguous entry was read.
import type { TLocale } from '../../../api/tenant.ts';

export type ParsedValue =
  | {
      ok: true;
      milli: number;
      /** Decimals typed (trailing zeros included): the resolution of the entry. */
      typedDecimals: number;
      /** Decimals that matter (trailing zeros removed). */
      significantDecimals: number;
      /** Digits before the decimal mark, without leading zeros. */
      integerDigits: number;
    }
  | { ok: false; code: 'required' | 'not_a_number' | 'negative' | 'too_many_decimals' };

/** More digits than any register has (12) plus room for leading zeros; keeps values exact as doubles. */
const MAX_INTEGER_DIGITS = 13;

function isThousandsGrouped(text: string, separator: string): boolean {
  const groups = text.split(separator);
  const [head, ...rest] = groups;
  return rest.length > 0 && head !== undefined && /^\d{1,3}$/.test(head) && rest.every((group) => /^\d{3}$/.test(group));
}

export function parseReadingValue(raw: string, locale: TLocale): ParsedValue {
  const text = raw.trim().replace(/[\s\u00a0\u202f'’]/g, '');
  if (text === '') return { ok: false, code: 'required' };
  if (/^[-−–]/.test(text)) return /^[-−–][\d.,]+$/.test(text) ? { ok: false, code: 'negative' } : { ok: false, code: 'not_a_number' };
  if (!/^[\d.,]+$/.test(text) || !/\d/.test(text)) return { ok: false, code: 'not_a_number' };

  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let integerPart: string;
  let fraction: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const grouping = decimal === '.' ? ',' : '.';
    const index = text.lastIndexOf(decimal);
    const head = text.slice(0, index);
    fraction = text.slice(index + 1);
    if (!isThousandsGrouped(head, grouping) || !/^\d+$/.test(fraction)) return { ok: false, code: 'not_a_number' };
    integerPart = head.replaceAll(grouping, '');
  } else if (lastDot >= 0 || lastComma >= 0) {
    const separator = lastDot >= 0 ? '.' : ',';
    const groupsInThisLocale = separator === '.' ? locale === 'de' : locale === 'en';
    const count = text.split(separator).length - 1;
    if (isThousandsGrouped(text, separator) && (groupsInThisLocale || count > 1)) {
      integerPart = text.replaceAll(separator, '');
      fraction = '';
    } else if (count === 1) {
      const index = text.indexOf(separator);
      integerPart = text.slice(0, index);
      fraction = text.slice(index + 1);
      // "12," or ",5": a mark without digits on one side is no number.
      if (integerPart === '' || fraction === '') return { ok: false, code: 'not_a_number' };
    } else {
      return { ok: false, code: 'not_a_number' };
    }
  } else {
    integerPart = text;
    fraction = '';
  }

  const significant = fraction.replace(/0+$/, '');
  if (significant.length > 3) return { ok: false, code: 'too_many_decimals' };
  const integerDigits = integerPart.replace(/^0+/, '');
  if (integerDigits.length > MAX_INTEGER_DIGITS) return { ok: false, code: 'not_a_number' };
  const milli = Number(integerDigits || '0') * 1000 + Number(significant.padEnd(3, '0'));
  return { ok: true, milli, typedDecimals: fraction.length, significantDecimals: significant.length, integerDigits: integerDigits.length };
}

/** A milli-unit value as the API's decimal string: 12345600 -> "12345.6", 5000 -> "5". */
export function milliToDecimal(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const rest = Math.abs(milli % 1000);
  if (rest === 0) return String(whole);
  return `${String(whole)}.${String(rest).padStart(3, '0').replace(/0+$/, '')}`;
}

/** A stored numeric(16,3) value ("12345.600" or a number) in milli-units. */
export function decimalToMilli(value: string | number): number {
  const text = typeof value === 'number' ? value.toFixed(3) : value;
  const match = /^(\d+)(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!match) throw new Error(`not a stored reading value: ${text}`);
  return Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
}

/** A value for people, in the locale: "12.345,6 kWh" / "12,345.6 kWh"; `decimals` fixed digits after the mark. */
export function formatQuantity(milli: number, unit: 'kWh' | 'm3', locale: TLocale, decimals?: number): string {
  const number = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
    minimumFractionDigits: decimals ?? 0,
    maximumFractionDigits: decimals ?? 3,
  }).format(milli / 1000);
  return `${number} ${unit === 'm3' ? 'm³' : 'kWh'}`;
}
