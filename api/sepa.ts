// SEPA identifiers shared by the server (validation) and the web app (form hints).

/**
 * The SEPA creditor identifier (Gläubiger-Identifikationsnummer, e.g. DE98ZZZ09999999999): country
 * code, two check digits, a three-character business code that the check ignores and the national
 * identifier. The check digits are ISO 7064 mod 97-10 over the national identifier followed by the
 * country code and "00", letters counted as A=10 … Z=35 (EPC262-08).
 */
export function isValidCreditorId(value: string): boolean {
  const id = value.replace(/\s+/g, '').toUpperCase();
  const match = /^([A-Z]{2})(\d{2})[A-Z0-9]{3}([A-Z0-9]{1,28})$/.exec(id);
  if (!match) return false;
  const [, country, check, national] = match as unknown as [string, string, string, string];
  const digits = `${national}${country}00`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return 98 - remainder === Number(check);
}
