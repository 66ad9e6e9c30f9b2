// Identifiers for the demo data: MaLo-ID check digit (BDEW, not Luhn) and DIN 43863-5 style meter numbers.

/**
 * BDEW check digit of a market location id (MaLo-ID) from its first ten digits:
 * a = d1+d3+d5+d7+d9, b = 2*(d2+d4+d6+d8+d10), check = (10 - (a+b) mod 10) mod 10.
 */
export function maloCheckDigit(firstTen: string): number {
  if (!/^[1-9]\d{9}$/.test(firstTen)) throw new Error(`MaLo-ID base must be 10 digits, first digit 1-9: ${firstTen}`);
  let odd = 0;
  let even = 0;
  for (let i = 0; i < 10; i++) {
    const digit = firstTen.charCodeAt(i) - 48;
    if (i % 2 === 0) odd += digit;
    else even += digit;
  }
  return (10 - ((odd + 2 * even) % 10)) % 10;
}

export function isValidMaloId(id: string): boolean {
  return /^[1-9]\d{10}$/.test(id) && maloCheckDigit(id.slice(0, 10)) === id.charCodeAt(10) - 48;
}

/** Appends the check digit to ten digits. */
export function maloId(firstTen: string): string {
  return `${firstTen}${maloCheckDigit(firstTen)}`;
}

/** Metering point id (Zählpunkt / MeLo-ID): country + 6-digit grid operator + 5-digit postcode + 20 alphanumerics. */
export const METERING_POINT_PATTERN = /^[A-Z]{2}\d{11}[A-Z0-9]{20}$/;

export function meteringPointId(country: 'DE' | 'AT', gridOperator: string, postalCode: string, suffix: string): string {
  const id = `${country}${gridOperator.padStart(6, '0')}${postalCode.padStart(5, '0')}${suffix.padStart(20, '0')}`;
  if (!METERING_POINT_PATTERN.test(id)) throw new Error(`invalid metering point id: ${id}`);
  return id;
}

/**
 * Meter number in the DIN 43863-5 form: medium digit (1 electricity, 7 gas, 8 water),
 * three-letter manufacturer code, two-digit block and an eight-digit serial, e.g. 1EMH0012345678.
 */
export function dinMeterNumber(medium: 1 | 7 | 8, manufacturer: string, block: number, serial: number): string {
  if (!/^[A-Z]{3}$/.test(manufacturer)) throw new Error(`manufacturer code must be three letters: ${manufacturer}`);
  return `${medium}${manufacturer}${String(block).padStart(2, '0')}${String(serial).padStart(8, '0')}`;
}
